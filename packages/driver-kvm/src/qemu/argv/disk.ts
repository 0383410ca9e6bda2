/**
 * Disks: `-blockdev` storage + format layers and the guest `-device`.
 * @module
 */
import type { DiskSpec } from '@polyvisor/core';
import { diskNameIndex } from '../defaults.js';
import { extraAttr, extraChild, int } from '../xmlx.js';
import type { XmlElement } from '@polyvisor/core';
import { acpiIndex, aliasOf, json, virtioOptions, type Ctx } from './common.js';
import { secretObject, storageFromElement, storageProps, type StorageSrc } from './storage.js';

/** Node names of one rendered disk. */
interface DiskNodes {
  /** Node the guest device attaches to. */
  top?: string;
}

function cacheProps(cache: string | undefined): { direct: boolean; 'no-flush': boolean } | undefined {
  switch (cache) {
    case 'none':
      return { direct: true, 'no-flush': false };
    case 'writethrough':
    case 'writeback':
      return { direct: false, 'no-flush': false };
    case 'directsync':
      return { direct: true, 'no-flush': false };
    case 'unsafe':
      return { direct: false, 'no-flush': true };
    default:
      return undefined;
  }
}

function writeCache(cache: string | undefined): string | undefined {
  switch (cache) {
    case 'none':
    case 'writeback':
    case 'unsafe':
      return 'on';
    case 'writethrough':
    case 'directsync':
      return 'off';
    default:
      return undefined;
  }
}

function storageDriver(type: string, device: string, path: string | undefined): string | undefined {
  // libvirt probes the host for CD-ROM drives; its test harness reports only /dev/cdrom as one.
  if (type === 'block') return device === 'cdrom' && path === '/dev/cdrom' ? 'host_cdrom' : 'host_device';
  if (type === 'file') return 'file';
  if (type === 'dir') return device === 'floppy' ? 'floppy' : undefined;
  return undefined;
}

/** One image of a disk's backing chain (top first). */
interface ChainEl {
  src: StorageSrc;
  format: string;
  readonly: boolean;
  encryption?: XmlElement;
  /** Node index (`libvirt-N-...`). */
  index: number;
  /** Backing: undefined = not described (QEMU probes), null = none. */
  backing?: number | null;
  /** The element describing this image (for `<slices>`, `<dataStore>`, `<format>` children). */
  sliceStorage?: XmlElement;
}

/** Whether a disk has a source QEMU opens (empty removable drives do not). */
export function diskHasSource(d: DiskSpec): boolean {
  const s = d.source;
  if (!s) return false;
  if (d.type === 'network') return !!s.protocol;
  if (d.type === 'nvme') return true;
  return !!(s.file || s.dev || s.dir);
}

function diskStorage(d: DiskSpec): StorageSrc {
  const s = d.source!;
  const kids = (s.extra?.children ?? []).map((c) => c.node);
  return {
    type: d.type,
    path: s.file ?? s.dev ?? s.dir,
    protocol: s.protocol,
    name: s.name,
    hosts: s.hosts.map((h) => ({ name: h.name, port: h.port, transport: h.transport, socket: h.socket })),
    children: kids,
    attrs: s.extra?.attrs ?? {},
    auth: kids.find((k) => k.name === 'auth') ?? extraChild(d, 'auth'),
  };
}

function kidsOf(e: XmlElement | undefined): XmlElement[] {
  return (e?.children ?? []).filter((c): c is XmlElement => typeof c !== 'string');
}

/** The backing chain of a disk, top first, with node indexes from `next()`. */
function diskChain(ctx: Ctx, d: DiskSpec, next: () => number): ChainEl[] {
  const top = diskStorage(d);
  const chain: ChainEl[] = [
    {
      src: top,
      format: d.driver?.type ?? 'raw',
      readonly: !!d.readonly || d.device === 'cdrom',
      encryption: top.children.find((c) => c.name === 'encryption') ?? extraChild(d, 'encryption'),
      index: next(),
    },
  ];
  let bs = extraChild(d, 'backingStore');
  while (bs) {
    const last = chain[chain.length - 1]!;
    const type = bs.attrs.type;
    if (!type) {
      last.backing = null;
      break;
    }
    const srcEl = kidsOf(bs).find((k) => k.name === 'source');
    const src = storageFromElement(type, srcEl);
    const el: ChainEl = { src, format: kidsOf(bs).find((k) => k.name === 'format')?.attrs.type ?? 'raw', readonly: true, encryption: kidsOf(srcEl).find((k) => k.name === 'encryption'), index: next() };
    last.backing = el.index;
    chain.push(el);
    bs = kidsOf(bs).find((k) => k.name === 'backingStore');
  }
  void ctx;
  return chain;
}

/** Renders the `-blockdev` options of a disk's chain; returns the node its device attaches to. */
function renderChain(ctx: Ctx, d: DiskSpec, chain: ChainEl[]): DiskNodes {
  // <iotune> is applied over QMP (block_set_io_throttle) once QEMU runs; throttle groups are not modelled.
  if (extraChild(d, 'throttlefilters')) ctx.unsupported(`disk '${d.target.dev}': throttle filters are not supported`);
  const cache = cacheProps(d.driver?.cache);
  const aio = d.driver?.io;
  const discard = d.driver?.discard;
  const detect = d.driver?.detectZeroes;
  const detectVal = detect ? (detect === 'unmap' && discard !== 'unmap' ? 'on' : detect) : undefined;
  const topName = (el: ChainEl, needsFormat: boolean): string => `libvirt-${el.index}-${needsFormat ? 'format' : 'storage'}`;
  const needs = (el: ChainEl): boolean => el.format !== 'raw' || !!el.encryption || !!el.src.children.find((c) => c.name === 'slices') || !!el.src.children.find((c) => c.name === 'dataStore') || (el.src.type === 'dir');
  let topNode = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const el = chain[i]!;
    const isTop = i === 0;
    const storage = `libvirt-${el.index}-storage`;
    const format = `libvirt-${el.index}-format`;
    const needsFormat = needs(el);
    const st = storageProps(ctx, el.src, storage, storageDriver(el.src.type, d.device, el.src.path));
    if ((aio === 'native' || aio === 'io_uring' || aio === 'threads') && (el.src.type === 'file' || el.src.type === 'block')) st.aio = aio;
    st['node-name'] = storage;
    let encSecret: string | undefined;
    if (el.encryption) {
      if ((el.encryption.attrs.format ?? 'luks') !== 'luks') ctx.unsupported(`disk '${d.target.dev}': encryption format '${el.encryption.attrs.format}' is not supported`);
      if (el.encryption.attrs.engine === 'librbd') ctx.unsupported(`disk '${d.target.dev}': librbd encryption is not supported`);
      encSecret = `${format}-encryption-secret0`;
      secretObject(ctx, encSecret, kidsOf(el.encryption).find((k) => k.name === 'secret'));
    }
    if (needsFormat) {
      st['auto-read-only'] = true;
      st.discard = 'unmap';
      if (cache) st.cache = cache;
      ctx.add('-blockdev', json(st));
      const fo: Record<string, unknown> = { 'node-name': format, 'read-only': el.readonly };
      if (isTop && discard === 'unmap') fo.discard = 'unmap';
      if (isTop && detectVal) fo['detect-zeroes'] = detectVal;
      if (cache) fo.cache = cache;
      if (el.format === 'raw' && el.encryption) {
        fo.driver = 'luks';
        fo['key-secret'] = encSecret;
      } else {
        fo.driver = el.format;
        if (encSecret) fo.encrypt = { format: 'luks', 'key-secret': encSecret };
      }
      const maxSize = kidsOf(extraChild(d.driver, 'metadata_cache')).find((k) => k.name === 'max_size');
      if (isTop && maxSize && el.format === 'qcow2') fo['cache-size'] = sizeBytes(maxSize);
      fo.file = storage;
      if (el.backing === null) fo.backing = null;
      else if (el.backing !== undefined) {
        const b = chain.find((x) => x.index === el.backing)!;
        fo.backing = topName(b, needs(b));
      }
      ctx.add('-blockdev', json(fo));
    } else {
      st['read-only'] = el.readonly;
      if (isTop && discard) st.discard = discard;
      if (isTop && detectVal) st['detect-zeroes'] = detectVal;
      if (cache) st.cache = cache;
      ctx.add('-blockdev', json(st));
    }
    if (isTop) topNode = needsFormat ? format : storage;
  }
  if (extraAttr(d.driver, 'copy_on_read') === 'on') {
    const cor = `libvirt-CoR-${d.target.dev}`;
    ctx.add('-blockdev', json({ driver: 'copy-on-read', 'node-name': cor, file: topNode, discard: 'unmap' }));
    topNode = cor;
  }
  return { top: topNode };
}

/** Renders every disk (controllers must already be on the command line). */
export function renderDisks(ctx: Ctx, bootIndex: Map<object, number>): void {
  const dev = ctx.p.spec.devices!;
  const fdc: Record<string, number> = {};
  for (const d of dev.disks) {
    if (d.target.bus !== 'fdc') continue;
    const b = bootIndex.get(d);
    if (b !== undefined) fdc[(int(d.address?.attrs?.unit) ?? 0) === 0 ? 'bootindexA' : 'bootindexB'] = b;
  }
  if (ctx.p.q35 && dev.disks.some((d) => d.target.bus === 'fdc')) ctx.device({ driver: 'isa-fdc', ...fdc });
  else for (const [k, v] of Object.entries(fdc)) ctx.add('-global', `isa-fdc.${k}=${v}`);
  // Node indexes are handed out walking the disks backwards, each chain top first.
  let counter = 0;
  const chains = new Map<DiskSpec, ChainEl[]>();
  for (let i = dev.disks.length - 1; i >= 0; i--) {
    const d = dev.disks[i]!;
    if (d.type === 'vhostuser' || d.type === 'volume' || d.type === 'vhostvdpa') ctx.unsupported(`disk '${d.target.dev}': source type '${d.type}' is not supported`);
    if (diskHasSource(d)) chains.set(d, diskChain(ctx, d, () => ++counter));
  }
  for (const d of dev.disks) {
    const chain = chains.get(d);
    const nodes = chain ? renderChain(ctx, d, chain) : {};
    renderDiskDevice(ctx, d, nodes, bootIndex.get(d));
  }
}

function renderDiskDevice(ctx: Ctx, d: DiskSpec, nodes: DiskNodes, bootindex: number | undefined): void {
  const a = d.address?.attrs ?? {};
  const ctl = int(a.controller) ?? 0;
  const bus = int(a.bus) ?? 0;
  const unit = int(a.unit) ?? 0;
  const target = int(a.target) ?? 0;
  const wc = writeCache(d.driver?.cache);
  const wwn = d.wwn ? BigInt(d.wwn.startsWith('0x') ? d.wwn : `0x${d.wwn}`) : undefined;
  const common = (o: Record<string, unknown>): Record<string, unknown> => {
    if (bootindex !== undefined) o.bootindex = bootindex;
    const bio = extraChild(d, 'blockio')?.attrs;
    if (bio?.logical_block_size) o.logical_block_size = Number(bio.logical_block_size);
    if (bio?.physical_block_size) o.physical_block_size = Number(bio.physical_block_size);
    if (bio?.discard_granularity) o.discard_granularity = Number(bio.discard_granularity);
    const geo = extraChild(d, 'geometry')?.attrs;
    if (geo) {
      if (geo.cyls) o.cyls = Number(geo.cyls);
      if (geo.heads) o.heads = Number(geo.heads);
      if (geo.secs) o.secs = Number(geo.secs);
      if (geo.trans) o['bios-chs-trans'] = geo.trans;
    }
    if (wc) o['write-cache'] = wc;
    if (d.target.bus === 'ide' || d.target.bus === 'sata') {
      if (wwn !== undefined) o.wwn = wwn;
      if (d.serial) o.serial = d.serial;
      if (d.product) o.model = d.product;
    } else if (d.target.bus === 'scsi') {
      if (d.vendor) o.vendor = d.vendor;
      if (d.product) o.product = d.product;
      if (wwn !== undefined) o.wwn = wwn;
      if (d.serial) o.serial = d.serial;
      if (d.target.removable) o.removable = true;
    } else if (d.serial) o.serial = d.serial;
    const ep = d.driver?.errorPolicy;
    const rp = extraAttr(d.driver, 'rerror_policy') ?? (ep && ep !== 'enospace' ? ep : undefined);
    if (ep) o.werror = ep === 'enospace' ? 'enospc' : ep;
    if (rp) o.rerror = rp;
    return o;
  };
  switch (d.target.bus) {
    case 'ide':
    case 'sata': {
      const drv = d.device === 'cdrom' ? 'ide-cd' : 'ide-hd';
      const o: Record<string, unknown> = { driver: drv };
      if (d.target.bus === 'ide') {
        const ideBus = ctx.p.q35 ? `ide.${unit}` : `ide.${bus}`;
        o.bus = ideBus;
        if (!ctx.p.q35) o.unit = unit;
      } else {
        o.bus = ctx.p.q35 && ctl === 0 ? `ide.${unit}` : `sata${ctl}.${unit}`;
      }
      if (d.shareable) o['share-rw'] = true;
      if (nodes.top) o.drive = nodes.top;
      o.id = aliasOf(d, `${d.target.bus}${ctl}-${bus}-${unit}`);
      ctx.device(common(o));
      return;
    }
    case 'fdc': {
      const o: Record<string, unknown> = { driver: 'floppy', unit };
      if (d.shareable) o['share-rw'] = true;
      if (nodes.top) o.drive = nodes.top;
      o.id = aliasOf(d, `fdc0-0-${unit}`);
      if (wc) o['write-cache'] = wc;
      ctx.device(o);
      return;
    }
    case 'virtio': {
      const o: Record<string, unknown> = { driver: d.model === 'virtio-transitional' ? 'virtio-blk-pci-transitional' : d.model === 'virtio-non-transitional' ? 'virtio-blk-pci-non-transitional' : 'virtio-blk-pci' };
      const q = int(extraAttr(d.driver, 'queues'));
      if (q) o['num-queues'] = q;
      if (d.driver?.iothread) o.iothread = `iothread${d.driver.iothread}`;
      const iothreads = d.driver?.extra?.children?.find((c) => c.node.name === 'iothreads')?.node;
      if (iothreads) {
        // iothread-vq-mapping: each iothread with its explicit queues (or QEMU's round-robin when none are given)
        o['iothread-vq-mapping'] = iothreads.children
          .filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'iothread')
          .map((t) => {
            const vqs = t.children.filter((q): q is XmlElement => typeof q !== 'string' && q.name === 'queue').map((q) => Number(q.attrs.id));
            return vqs.length ? { iothread: `iothread${t.attrs.id}`, vqs } : { iothread: `iothread${t.attrs.id}` };
          });
      }
      Object.assign(o, virtioOptions(d.driver?.extra?.attrs), ctx.pciProps(d.address), acpiIndex(d));
      if (d.shareable) o['share-rw'] = true;
      if (nodes.top) o.drive = nodes.top;
      o.id = aliasOf(d, `virtio-disk${diskNameIndex(d.target.dev)}`);
      ctx.device(common(o));
      return;
    }
    case 'scsi': {
      const c = ctx.p.spec.devices!.controllers.find((x) => x.type === 'scsi' && (x.index ?? 0) === ctl);
      const drv = d.device === 'cdrom' ? 'scsi-cd' : d.device === 'lun' ? 'scsi-block' : 'scsi-hd';
      const o: Record<string, unknown> = { driver: drv, bus: `scsi${ctl}.0` };
      if (c?.model === 'lsilogic') {
        o['scsi-id'] = unit;
        o.device_id = d.serial ?? `drive-scsi${ctl}-${bus}-${unit}`;
        if (d.shareable) o['share-rw'] = true;
      if (nodes.top) o.drive = nodes.top;
        o.id = aliasOf(d, `scsi${ctl}-${bus}-${unit}`);
      } else {
        o.channel = bus;
        o['scsi-id'] = target;
        o.lun = unit;
        if (drv !== 'scsi-block') o.device_id = d.serial ?? `drive-scsi${ctl}-${bus}-${target}-${unit}`;
        if (d.shareable) o['share-rw'] = true;
      if (nodes.top) o.drive = nodes.top;
        o.id = aliasOf(d, `scsi${ctl}-${bus}-${target}-${unit}`);
      }
      ctx.device(common(o));
      return;
    }
    case 'usb': {
      const o: Record<string, unknown> = { driver: 'usb-storage' };
      Object.assign(o, ctx.usbProps(d.address));
      if (d.shareable) o['share-rw'] = true;
      if (nodes.top) o.drive = nodes.top;
      o.id = aliasOf(d, `usb-disk${diskNameIndex(d.target.dev)}`);
      o.removable = d.target.removable === true;
      ctx.device(common(o));
      return;
    }
    default:
      ctx.unsupported(`disk '${d.target.dev}': bus '${d.target.bus ?? 'none'}' is not supported`);
  }
}

/**
 * Renders one disk's `-blockdev` layers (node names `libvirt-<n>-storage` /
 * `libvirt-<n>-format`) and its `-device` into `ctx`, exactly as
 * {@link renderDisks} would for a disk with node index `n`. Hotplug uses it to
 * build `blockdev-add` / `device_add` arguments identical to a cold plug.
 */
export function renderOneDisk(ctx: Ctx, d: DiskSpec, n: number, bootindex?: number): void {
  let next = n;
  renderDiskDevice(ctx, d, diskHasSource(d) ? renderChain(ctx, d, diskChain(ctx, d, () => next++)) : {}, bootindex);
}

function sizeBytes(e: XmlElement): number {
  const t = Number(e.children.filter((c): c is string => typeof c === 'string').join('').trim());
  const mult: Record<string, number> = { bytes: 1, b: 1, kib: 1024, k: 1024, mib: 1048576, m: 1048576, gib: 1073741824, g: 1073741824 };
  return t * (mult[(e.attrs.unit ?? 'bytes').toLowerCase()] ?? 1);
}
