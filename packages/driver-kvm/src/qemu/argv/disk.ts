/**
 * Disks: `-blockdev` storage + format layers and the guest `-device`.
 * @module
 */
import type { DiskSpec } from '@polyvisor/core';
import { diskNameIndex } from '../defaults.js';
import { extraAttr, extraChild, int } from '../xmlx.js';
import { json, virtioOptions, type Ctx } from './common.js';

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

function storageDriver(d: DiskSpec): string {
  // libvirt probes the host for CD-ROM drives; its test harness reports only /dev/cdrom as one.
  if (d.type === 'block') return d.device === 'cdrom' && d.source?.dev === '/dev/cdrom' ? 'host_cdrom' : 'host_device';
  if (d.type === 'file' || d.type === 'dir') return 'file';
  return 'file';
}

/** Renders the `-blockdev` options of a disk; returns the node its device attaches to. */
function renderBlockdev(ctx: Ctx, d: DiskSpec, n: number): DiskNodes {
  const src = d.source;
  if (!src || (!src.file && !src.dev && !src.dir)) {
    if (d.type === 'network' || d.type === 'volume' || d.type === 'nvme' || d.type === 'vhostuser') ctx.unsupported(`disk '${d.target.dev}': source type '${d.type}' is not supported`);
    return {};
  }
  if (d.type === 'dir') ctx.unsupported(`disk '${d.target.dev}': directory (vvfat) sources are not supported`);
  if (extraChild(d, 'backingStore')?.children.some((c) => typeof c !== 'string')) ctx.unsupported(`disk '${d.target.dev}': backing chains are not supported`);
  if (extraChild(src, 'encryption') || extraChild(d, 'encryption')) ctx.unsupported(`disk '${d.target.dev}': encryption is not supported`);
  if (extraChild(src, 'slices')) ctx.unsupported(`disk '${d.target.dev}': slices are not supported`);
  const fmt = d.driver?.type ?? 'raw';
  const readOnly = !!d.readonly || d.device === 'cdrom';
  const cache = cacheProps(d.driver?.cache);
  const storage = `libvirt-${n}-storage`;
  const format = `libvirt-${n}-format`;
  const aio = d.driver?.io;
  const discard = d.driver?.discard;
  const detect = d.driver?.detectZeroes;
  const simpleRaw = fmt === 'raw' && !discard && !detect && !extraAttr(d.driver, 'copy_on_read');
  const st: Record<string, unknown> = { driver: storageDriver(d), filename: src.file ?? src.dev ?? src.dir };
  if (aio === 'native' || aio === 'io_uring' || aio === 'threads') st.aio = aio;
  st['node-name'] = storage;
  if (simpleRaw) {
    st['read-only'] = readOnly;
    if (cache) st.cache = cache;
    ctx.add('-blockdev', json(st));
    return { top: storage };
  }
  st['auto-read-only'] = true;
  st.discard = 'unmap';
  if (cache) st.cache = cache;
  ctx.add('-blockdev', json(st));
  const fo: Record<string, unknown> = { 'node-name': format, 'read-only': readOnly };
  if (discard === 'unmap') fo.discard = 'unmap';
  if (detect) fo['detect-zeroes'] = detect === 'unmap' && discard !== 'unmap' ? 'on' : detect;
  if (cache) fo.cache = cache;
  fo.driver = fmt;
  fo.file = storage;
  ctx.add('-blockdev', json(fo));
  return { top: format };
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
  let n = dev.disks.filter((d) => d.source && (d.source.file || d.source.dev || d.source.dir || d.type === 'network')).length;
  for (const d of dev.disks) {
    const hasSrc = !!(d.source && (d.source.file || d.source.dev || d.source.dir || d.type === 'network'));
    const nodes = renderBlockdev(ctx, d, hasSrc ? n : 0);
    if (hasSrc) n--;
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
      if (nodes.top) o.drive = nodes.top;
      o.id = `${d.target.bus}${ctl}-${bus}-${unit}`;
      ctx.device(common(o));
      return;
    }
    case 'fdc': {
      const o: Record<string, unknown> = { driver: 'floppy', unit };
      if (nodes.top) o.drive = nodes.top;
      o.id = `fdc0-0-${unit}`;
      if (wc) o['write-cache'] = wc;
      ctx.device(o);
      return;
    }
    case 'virtio': {
      const o: Record<string, unknown> = { driver: d.model === 'virtio-transitional' ? 'virtio-blk-pci-transitional' : d.model === 'virtio-non-transitional' ? 'virtio-blk-pci-non-transitional' : 'virtio-blk-pci' };
      const q = int(extraAttr(d.driver, 'queues'));
      if (q) o['num-queues'] = q;
      if (d.driver?.iothread) o.iothread = `iothread${d.driver.iothread}`;
      Object.assign(o, virtioOptions(d.driver?.extra?.attrs), ctx.pciProps(d.address));
      if (nodes.top) o.drive = nodes.top;
      o.id = `virtio-disk${diskNameIndex(d.target.dev)}`;
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
        if (nodes.top) o.drive = nodes.top;
        o.id = `scsi${ctl}-${bus}-${unit}`;
      } else {
        o.channel = bus;
        o['scsi-id'] = target;
        o.lun = unit;
        o.device_id = d.serial ?? `drive-scsi${ctl}-${bus}-${target}-${unit}`;
        if (nodes.top) o.drive = nodes.top;
        o.id = `scsi${ctl}-${bus}-${target}-${unit}`;
      }
      ctx.device(common(o));
      return;
    }
    case 'usb': {
      const o: Record<string, unknown> = { driver: 'usb-storage' };
      const ua = d.address?.type === 'usb' ? d.address.attrs : undefined;
      if (ua) {
        o.bus = `usb.${ua.bus ?? '0'}`;
        o.port = ua.port;
      }
      if (nodes.top) o.drive = nodes.top;
      o.id = `usb-disk${diskNameIndex(d.target.dev)}`;
      o.removable = d.target.removable === true;
      ctx.device(common(o));
      return;
    }
    default:
      ctx.unsupported(`disk '${d.target.dev}': bus '${d.target.bus ?? 'none'}' is not supported`);
  }
}
