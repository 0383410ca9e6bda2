/**
 * Network interfaces: `-netdev` backends and the guest NIC `-device`.
 * @module
 */
import type { InterfaceSpec } from '@polyvisor/core';
import { extraChild } from '../xmlx.js';
import { virtioOptions, type Ctx } from './common.js';

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
  dev.interfaces.forEach((n, i) => renderNet(ctx, n, i, bootIndex.get(n)));
}

function renderNet(ctx: Ctx, n: InterfaceSpec, i: number, bootindex: number | undefined): void {
  const id = `hostnet${i}`;
  const model = n.model?.type ?? 'rtl8139';
  const virtio = model.startsWith('virtio');
  const queues = n.driver?.queues ?? 1;
  const nd: Record<string, unknown> = {};
  switch (n.type) {
    case 'user':
      nd.type = 'user';
      if (extraChild(n, 'ip') || extraChild(n, 'portForward')) ctx.unsupported(`interface ${i}: user networking options are not supported`);
      break;
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
  if (virtio) {
    if (n.driver?.txmode === 'iothread') o.tx = 'bh';
    else if (n.driver?.txmode === 'timer') o.tx = 'timer';
    if (queues > 1) {
      o.mq = true;
      o.vectors = 2 * queues + 2;
    }
    if (n.driver?.rxQueueSize) o.rx_queue_size = n.driver.rxQueueSize;
    if (n.driver?.txQueueSize) o.tx_queue_size = n.driver.txQueueSize;
  }
  o.netdev = id;
  o.id = `net${i}`;
  if (n.mac) o.mac = n.mac.address.toLowerCase();
  if (n.mtu && virtio) o.host_mtu = n.mtu.size;
  Object.assign(o, ctx.pciProps(n.address));
  if (bootindex !== undefined) o.bootindex = bootindex;
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
