/**
 * Guest memory: the RAM backends (`-object memory-backend-ram|file|memfd`,
 * with huge pages, shared access, preallocation, host NUMA policy and
 * preallocation thread contexts) of the main RAM / NUMA cells, and the
 * memory devices (`pc-dimm`, `nvdimm`, `virtio-pmem-pci`, `virtio-mem-pci`).
 * @module
 */
import type { XmlElement } from '@polyvisor/core';
import { child, extraDevices, int } from '../xmlx.js';
import { json, shortName, type Ctx } from './common.js';

/** A hugetlbfs mount known to the driver. */
export interface HugepageMount {
  /** Page size in KiB. */
  size: number;
  /** Mount point. */
  path: string;
}

/** libvirt's test-harness hugetlbfs mounts (the first one is the default). */
export const DEFAULT_HUGEPAGE_MOUNTS: HugepageMount[] = [
  { size: 2048, path: '/dev/hugepages2M' },
  { size: 1048576, path: '/dev/hugepages1G' },
];

/** Parses a libvirt bitmap (`0-3,^2,5`). */
export function parseBitmap(s: string): number[] {
  const set = new Set<number>();
  for (const part of s.split(',')) {
    if (!part) continue;
    const neg = part.startsWith('^');
    const p = neg ? part.slice(1) : part;
    const [a, b] = p.split('-').map(Number) as [number, number | undefined];
    for (let i = a; i <= (b ?? a); i++) neg ? set.delete(i) : set.add(i);
  }
  return [...set].sort((x, y) => x - y);
}

function kids(e: XmlElement | undefined): XmlElement[] {
  return (e?.children ?? []).filter((c): c is XmlElement => typeof c !== 'string');
}

function text(e: XmlElement | undefined): string | undefined {
  if (!e) return undefined;
  const t = e.children.filter((c): c is string => typeof c === 'string').join('').trim();
  return t || undefined;
}

const UNIT: Record<string, number> = { b: 1 / 1024, bytes: 1 / 1024, k: 1, kib: 1, kb: 1000 / 1024, m: 1024, mib: 1024, mb: 1e6 / 1024, g: 1048576, gib: 1048576, gb: 1e9 / 1024, t: 1073741824, tib: 1073741824 };

/** A scaled size element (`<size unit='KiB'>N</size>`) in KiB. */
export function sizeKiB(e: XmlElement | undefined): number | undefined {
  const t = text(e);
  if (t === undefined) return undefined;
  return Math.round(Number(t) * (UNIT[(e!.attrs.unit ?? 'KiB').toLowerCase()] ?? 1));
}

/** `<numatune>` memory policy for guest node `node` (memnode first, then the global `<memory>`). */
export function numatuneFor(ctx: Ctx, node: number | undefined): { nodes: number[]; policy: string } | undefined {
  const nt = ctx.p.spec.extra?.children?.find((c) => c.node.name === 'numatune')?.node;
  if (!nt) return undefined;
  const ks = kids(nt);
  const mem = (node !== undefined ? ks.find((k) => k.name === 'memnode' && Number(k.attrs.cellid) === node) : undefined) ?? ks.find((k) => k.name === 'memory');
  if (!mem) return undefined;
  const mode = mem.attrs.mode ?? 'strict';
  let nodes: number[];
  if (mem.attrs.placement === 'auto' || !mem.attrs.nodeset) {
    // numad's advice, obtained by the caller (libvirt's harness: every node of its 4-node host)
    nodes = ctx.opts.autoNodeset ?? [0, 1, 2, 3];
  } else nodes = parseBitmap(mem.attrs.nodeset);
  if (mode === 'restrictive') return undefined;
  return { nodes, policy: mode === 'strict' ? 'bind' : mode };
}

/** What one RAM backend is for. */
export interface BackendRequest {
  /** Object id (`pc.ram`, `ram-node0`, `memdimm0`). */
  id: string;
  /** Size in KiB. */
  size: number;
  /** Guest NUMA node (cell id or memory device target node). */
  node?: number;
  /** Memory device model, for device backends. */
  model?: string;
  /** Memory device `<source>`. */
  source?: XmlElement;
  /** Memory device `access`. */
  access?: string;
  /** Per-cell `memAccess`. */
  cellAccess?: string;
  /** Per-cell `discard`. */
  cellDiscard?: boolean;
}

function hugepageFor(ctx: Ctx, node: number | undefined): number | undefined {
  const hp = ctx.p.spec.memoryBacking?.hugepages;
  if (!hp) return undefined;
  const withSet = hp.pages.find((p) => p.nodeset !== undefined && node !== undefined && parseBitmap(p.nodeset).includes(node));
  const plain = hp.pages.find((p) => p.nodeset === undefined);
  const page = withSet ?? plain;
  if (page) return page.size;
  if (hp.pages.length === 0) return (ctx.opts.hugepageMounts ?? DEFAULT_HUGEPAGE_MOUNTS)[0]?.size;
  return undefined;
}

/**
 * Emits the backend of `r` (and its preallocation thread context) and
 * returns the properties that move to the device (`prealloc` for virtio-mem).
 */
export function renderBackend(ctx: Ctx, r: BackendRequest): Record<string, unknown> {
  const mb = ctx.p.spec.memoryBacking;
  const mounts = ctx.opts.hugepageMounts ?? DEFAULT_HUGEPAGE_MOUNTS;
  const src = r.source;
  const srcPage = sizeKiB(child(src, 'pagesize'));
  const nvPath = text(child(src, 'path'));
  let page = srcPage ?? (nvPath ? undefined : hugepageFor(ctx, r.node));
  const systemPage = 4;
  if (page === systemPage) page = undefined;
  const access = r.access ?? r.cellAccess ?? mb?.access?.mode;
  const discard = r.cellDiscard ?? (mb?.discard ? true : undefined);
  const memfd = mb?.source?.type === 'memfd' && !nvPath;
  const fileSrc = mb?.source?.type === 'file';
  const o: Record<string, unknown> = { 'qom-type': 'memory-backend-ram', id: r.id };
  let prealloc = false;
  if (page !== undefined || nvPath || access !== undefined || fileSrc || memfd) {
    if (memfd) {
      o['qom-type'] = 'memory-backend-memfd';
      if (page !== undefined) {
        o.hugetlb = true;
        o.hugetlbsize = page * 1024;
        prealloc = true;
      }
    } else {
      o['qom-type'] = 'memory-backend-file';
      if (nvPath) {
        o['mem-path'] = nvPath;
        if (r.model === 'nvdimm') prealloc = true;
      } else if (page !== undefined) {
        const m = mounts.find((x) => x.size === page);
        if (!m) ctx.unsupported(`no hugetlbfs mount for ${page} KiB pages`);
        o['mem-path'] = `${m.path}/libvirt/qemu/${ctx.domainId}-${shortName(ctx.p.spec.name)}`;
        prealloc = true;
      } else o['mem-path'] = `${ctx.opts.libDir ?? '/var/lib/libvirt/qemu'}/ram/${ctx.domainId}-${shortName(ctx.p.spec.name)}/${r.id}`;
      if (discard !== undefined) o['discard-data'] = discard;
    }
    if (access !== undefined) o.share = access === 'shared';
    if (r.id === 'pc.ram') o['x-use-canonical-path-for-ramblock-id'] = false;
  }
  if (mb?.allocation?.mode === 'immediate') prealloc = true;
  const moved: Record<string, unknown> = {};
  if (r.model === 'virtio-mem') {
    o.reserve = false;
    if (prealloc) moved.prealloc = true;
    prealloc = false;
  }
  if (prealloc) {
    o.prealloc = true;
    if (mb?.allocation?.threads) o['prealloc-threads'] = mb.allocation.threads;
  }
  o.size = r.size * 1024;
  const align = sizeKiB(child(src, 'alignsize'));
  if (align) o.align = align * 1024;
  if (child(src, 'pmem')) o.pmem = true;
  const nt = numatuneFor(ctx, r.node);
  const mask = text(child(src, 'nodemask'));
  if (mask) {
    o['host-nodes'] = parseBitmap(mask);
    o.policy = 'bind';
  } else if (nt) {
    o['host-nodes'] = nt.nodes;
    o.policy = nt.policy;
  }
  if (prealloc && nt && ctx.cap('thread-context')) {
    const tc = `tc-${r.id}`;
    ctx.add('-object', json({ 'qom-type': 'thread-context', id: tc, 'node-affinity': nt.nodes }));
    o['prealloc-context'] = tc;
  }
  ctx.add('-object', json(o));
  return moved;
}

/** Memory devices (`<memory model=...>`), after the controllers. */
export function renderMemoryDevices(ctx: Ctx): void {
  const counters: Record<string, number> = {};
  const slotsUsed = new Set<number>();
  const mems = extraDevices(ctx.p.spec, 'memory');
  for (const m of mems) {
    const a = child(m.node, 'address');
    if (a?.attrs.type === 'dimm' && a.attrs.slot !== undefined) slotsUsed.add(Number(a.attrs.slot));
  }
  const hasNuma = (ctx.p.spec.cpu?.numa?.cells.length ?? 0) > 0;
  // DIMM slots are assigned first; a DIMM's alias number is its slot.
  const slotOf = new Map<XmlElement, number>();
  for (const m of mems) {
    const model = m.node.attrs.model ?? 'dimm';
    if (model !== 'dimm' && model !== 'nvdimm') continue;
    const a = child(m.node, 'address');
    let slot = a?.attrs.slot !== undefined ? Number(a.attrs.slot) : undefined;
    if (slot === undefined) {
      slot = 0;
      while (slotsUsed.has(slot)) slot++;
      slotsUsed.add(slot);
    }
    slotOf.set(m.node, slot);
  }
  for (const m of mems) {
    const model = m.node.attrs.model ?? 'dimm';
    const prefix = model === 'virtio-pmem' ? 'virtiopmem' : model === 'virtio-mem' ? 'virtiomem' : model;
    const idx = slotOf.get(m.node) ?? counters[prefix] ?? 0;
    counters[prefix] = (counters[prefix] ?? 0) + 1;
    const alias = `${prefix}${idx}`;
    const tgt = child(m.node, 'target');
    const src = child(m.node, 'source');
    const size = Math.ceil((sizeKiB(child(tgt, 'size')) ?? 0) / 2048) * 2048;
    const nodeTxt = text(child(tgt, 'node'));
    const node = nodeTxt !== undefined ? Number(nodeTxt) : hasNuma ? 0 : undefined;
    const cell = ctx.p.spec.cpu?.numa?.cells.find((c, i) => (c.id ?? i) === node);
    if (!['dimm', 'nvdimm', 'virtio-pmem', 'virtio-mem'].includes(model)) ctx.unsupported(`memory device model '${model}' is not supported`);
    const moved = renderBackend(ctx, { id: `mem${alias}`, size: model === 'virtio-pmem' ? sizeKiB(child(tgt, 'size')) ?? 0 : size, node, model, source: src, access: m.node.attrs.access, cellAccess: cell?.memAccess });
    const addr = child(m.node, 'address');
    const o: Record<string, unknown> = {};
    switch (model) {
      case 'dimm':
      case 'nvdimm': {
        o.driver = model === 'dimm' ? 'pc-dimm' : 'nvdimm';
        if (node !== undefined) o.node = node;
        const label = sizeKiB(child(child(tgt, 'label'), 'size'));
        if (label) o['label-size'] = label * 1024;
        if (child(tgt, 'readonly')) o.unarmed = true;
        o.memdev = `mem${alias}`;
        o.id = alias;
        o.slot = slotOf.get(m.node);
        if (addr?.attrs.base) o.addr = int(addr.attrs.base);
        break;
      }
      case 'virtio-pmem': {
        o.driver = 'virtio-pmem-pci';
        o.memdev = `mem${alias}`;
        const base = child(tgt, 'address')?.attrs.base;
        if (base) o.memaddr = int(base);
        o.id = alias;
        Object.assign(o, ctx.pciProps(nodeAddr(m.node)));
        break;
      }
      case 'virtio-mem': {
        o.driver = 'virtio-mem-pci';
        if (node !== undefined) o.node = node;
        const block = sizeKiB(child(tgt, 'block'));
        if (block) o['block-size'] = block * 1024;
        const req = sizeKiB(child(tgt, 'requested'));
        if (req !== undefined) o['requested-size'] = req * 1024;
        o.memdev = `mem${alias}`;
        Object.assign(o, moved);
        const base = child(tgt, 'address')?.attrs.base;
        if (base) o.memaddr = int(base);
        if (tgt?.attrs.dynamicMemslots === 'yes') o['dynamic-memslots'] = true;
        o.id = alias;
        Object.assign(o, ctx.pciProps(nodeAddr(m.node)));
        break;
      }
    }
    ctx.device(o);
  }
}

function nodeAddr(node: XmlElement): { type?: string; attrs?: Record<string, string> } | undefined {
  const a = child(node, 'address');
  if (!a) return undefined;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.attrs)) if (k !== 'type') attrs[k] = v;
  return { type: a.attrs.type, attrs };
}
