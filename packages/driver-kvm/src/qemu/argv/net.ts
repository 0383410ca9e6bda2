/**
 * Network interfaces: `-netdev` backends and the guest NIC `-device`.
 * @module
 */
import type { InterfaceSpec } from '@polyvisor/core';
import { extraChild } from '../xmlx.js';
import { acpiIndex, esc, virtioOptions, type Ctx } from './common.js';

const NIC_DRIVERS: Record<string, string> = {
  virtio: 'virtio-net-pci',
  'virtio-transitional': 'virtio-net-pci-transitional',
  'virtio-non-transitional': 'virtio-net-pci-non-transitional',
  e1000: 'e1000',
  e1000e: 'e1000e',
  rtl8139: 'rtl8139',
  ne2k_pci: 'ne2k_pci',
  pcnet: 'pcnet',
  vmxnet3: 'vmxnet3',
  igb: 'igb',
  'usb-net': 'usb-net',
};

/** Renders every interface. */
export function renderNets(ctx: Ctx, bootIndex: Map<object, number>): void {
  const dev = ctx.p.spec.devices!;
  dev.interfaces.forEach((n, i) => {
    // hostdev interfaces are rendered with the host devices
    if (n.type !== 'hostdev') renderNet(ctx, n, i, bootIndex.get(n));
  });
}

function renderNet(ctx: Ctx, n: InterfaceSpec, i: number, bootindex: number | undefined): void {
  const alias = n.alias?.name?.startsWith('ua-') ? n.alias.name : `net${i}`;
  const id = `host${alias}`;
  const model = n.model?.type ?? 'rtl8139';
  const virtio = model.startsWith('virtio');
  const queues = n.driver?.queues ?? 1;
  const nd: Record<string, unknown> = {};
  switch (n.type) {
    case 'user': {
      const backend = extraChild(n, 'backend');
      if (backend?.attrs.type === 'passt') {
        // passt runs as a helper process; QEMU connects to its socket
        nd.type = 'stream';
        nd.addr = { type: 'unix', path: `${ctx.opts.runDir ?? '/var/run/libvirt/qemu'}/passt/${ctx.domainId}-${ctx.p.spec.name}-net${i}.socket` };
        nd.server = false;
        nd['reconnect-ms'] = 5000;
        break;
      }
      nd.type = 'user';
      if (extraChild(n, 'ip') || extraChild(n, 'portForward')) ctx.unsupported(`interface ${i}: user networking options are not supported`);
      break;
    }
    case 'server':
    case 'client':
    case 'mcast':
    case 'udp': {
      nd.type = 'socket';
      const src = n.source ?? {};
      const hp = `${src.address ?? ''}:${src.port ?? ''}`;
      const key = n.type === 'server' ? 'listen' : n.type === 'client' ? 'connect' : n.type;
      nd[key] = hp;
      if (n.type === 'udp') {
        const local = extraChild(n.source, 'local');
        nd.localaddr = `${local?.attrs.address ?? ''}:${local?.attrs.port ?? ''}`;
      }
      break;
    }
    case 'vhostuser': {
      const src = n.source ?? {};
      if ((src.type ?? 'unix') !== 'unix') ctx.unsupported(`interface ${i}: vhost-user source type '${src.type}' is not supported`);
      const reconnect = extraChild(n.source, 'reconnect');
      let chr = `socket,id=charnet${i},path=${esc(src.path ?? '')}`;
      if (extraChild(n, 'backend')?.attrs.type === 'passt') chr = `socket,id=charnet${i},path=${ctx.opts.runDir ?? '/var/run/libvirt/qemu'}/passt/${ctx.domainId}-${ctx.p.spec.name}-net${i}.socket,reconnect-ms=5000`;
      else if (src.mode === 'server') chr += ',server=on';
      else if (reconnect) chr += `,reconnect-ms=${reconnect.attrs.enabled === 'yes' ? Number(reconnect.attrs.timeout ?? 0) * 1000 : 0}`;
      ctx.add('-chardev', chr);
      nd.type = 'vhost-user';
      nd.chardev = `charnet${i}`;
      if (queues > 1) nd.queues = queues;
      break;
    }
    case 'ethernet':
    case 'bridge':
    case 'network': {
      nd.type = 'tap';
      // libvirt's harness mocks TAP creation: bridge / network TAPs come back as fd 102+, ethernet ones as 3+.
      const tapBase = n.type === 'ethernet' ? 3 : 102;
      const tap = ctx.opts.fds?.tap?.[i] ?? Array.from({ length: queues }, (_, q) => tapBase + q);
      if (tap.length > 1) nd.fds = tap.join(':');
      else nd.fd = String(tap[0]);
      const useVhost = virtio && n.driver?.name !== 'qemu';
      if (useVhost) {
        const vh = ctx.opts.fds?.vhost?.[i] ?? Array.from({ length: queues }, (_, q) => 44 + q);
        nd.vhost = true;
        if (vh.length > 1) nd.vhostfds = vh.join(':');
        else nd.vhostfd = String(vh[0]);
      }
      break;
    }
    default:
      ctx.unsupported(`interface type '${n.type}' is not supported`);
  }
  nd.id = id;
  ctx.add('-netdev', JSON.stringify(nd));
  const drv = NIC_DRIVERS[model];
  if (!drv) ctx.unsupported(`NIC model '${model}' is not supported`);
  const o: Record<string, unknown> = { driver: drv };
  if (virtio) Object.assign(o, virtioOptions(n.driver?.extra?.attrs));
  if (virtio && extraChild(n, 'teaming')?.attrs.type === 'persistent') o.failover = true;
  if (virtio) {
    if (n.driver?.txmode === 'iothread') o.tx = 'bh';
    else if (n.driver?.txmode === 'timer') o.tx = 'timer';
    const host = n.driver?.extra?.children?.find((c) => c.node.name === 'host')?.node.attrs ?? {};
    const guest = n.driver?.extra?.children?.find((c) => c.node.name === 'guest')?.node.attrs ?? {};
    const sw = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === 'on');
    Object.assign(o, { csum: sw(host.csum), gso: sw(host.gso), host_tso4: sw(host.tso4), host_tso6: sw(host.tso6), host_ecn: sw(host.ecn), host_ufo: sw(host.ufo), mrg_rxbuf: sw(host.mrg_rxbuf), guest_csum: sw(guest.csum), guest_tso4: sw(guest.tso4), guest_tso6: sw(guest.tso6), guest_ecn: sw(guest.ecn), guest_ufo: sw(guest.ufo) });
    if (queues > 1) {
      o.mq = true;
      o.vectors = 2 * queues + 2;
    }
    if (n.driver?.rxQueueSize) o.rx_queue_size = n.driver.rxQueueSize;
    if (n.driver?.txQueueSize) o.tx_queue_size = n.driver.txQueueSize;
    const da = n.driver?.extra?.attrs ?? {};
    if (da.rss !== undefined) o.rss = da.rss === 'on';
    if (da.rss_hash_report !== undefined) o.hash = da.rss_hash_report === 'on';
  }
  o.netdev = id;
  o.id = alias;
  if (n.mac) o.mac = n.mac.address.toLowerCase();
  if (n.mtu && virtio) o.host_mtu = n.mtu.size;
  if (bootindex !== undefined) o.bootindex = bootindex;
  Object.assign(o, n.model?.type === 'usb-net' ? ctx.usbProps(n.address) : ctx.pciProps(n.address), acpiIndex(n));
  const rom = extraChild(n, 'rom');
  if (rom?.attrs.enabled === 'no') o.romfile = '';
  else if (rom?.attrs.bar === 'off') o.rombar = 0;
  else if (rom?.attrs.file !== undefined) o.romfile = rom.attrs.file;
  ctx.device(o);
}

/**
 * Renders one interface's `-netdev` (id `hostnet<i>`) and `-device` (id
 * `net<i>`) into `ctx`, exactly as {@link renderNets} would for the
 * interface at index `i`. Hotplug uses it to build `netdev_add` /
 * `device_add` arguments identical to a cold plug.
 */
export function renderOneNet(ctx: Ctx, n: InterfaceSpec, i: number, bootindex?: number): void {
  renderNet(ctx, n, i, bootindex);
}

