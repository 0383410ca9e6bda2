/**
 * Machine-level options: `-machine`, `-cpu`, `-m` and the RAM backend,
 * `-smp`, `-rtc`, power management globals, `-boot` and direct kernel boot.
 * @module
 */
import type { XmlElement } from '@polyvisor/core';
import { extraChild } from '../xmlx.js';
import { findMachine } from '../caps.js';
import { esc, json, type Ctx } from './common.js';
import { storageFromElement, storageProps } from './storage.js';
import { parseBitmap, renderBackend } from './memory.js';

function featureExtra(ctx: Ctx, name: string): { attrs: Record<string, string> } | undefined {
  const n = ctx.p.spec.features?.extra?.children?.find((c) => c.node.name === name)?.node;
  return n ? { attrs: n.attrs } : undefined;
}

/** Whether guest NUMA cells are defined. */
export function hasNuma(ctx: Ctx): boolean {
  return (ctx.p.spec.cpu?.numa?.cells.length ?? 0) > 0;
}

/** `-machine`. */
export function renderMachine(ctx: Ctx): void {
  const { spec, machine } = ctx.p;
  const parts = [machine, 'usb=off'];
  const vmport = spec.features?.vmport;
  if (vmport && vmport.state !== undefined) parts.push(`vmport=${vmport.state ? 'on' : 'off'}`);
  const smm = featureExtra(ctx, 'smm');
  if (smm) parts.push(`smm=${smm.attrs.state === 'off' ? 'off' : 'on'}`);
  else if (ctx.fw?.smm && ctx.p.q35) parts.push('smm=on');
  const ioapic = featureExtra(ctx, 'ioapic');
  const iommu = spec.devices?.extra?.children?.find((c) => c.node.name === 'iommu')?.node;
  const intremap = iommu?.attrs.model === 'intel' && iommu.children.some((c) => typeof c !== 'string' && c.name === 'driver' && c.attrs.intremap === 'on');
  if (ioapic?.attrs.driver === 'qemu' || (!ioapic && intremap)) parts.push('kernel_irqchip=split');
  else if (ioapic?.attrs.driver === 'kvm') parts.push('kernel_irqchip=on');
  const i8042 = featureExtra(ctx, 'ps2');
  if (i8042) parts.push(`i8042=${i8042.attrs.state === 'off' ? 'off' : 'on'}`);
  parts.push(`dump-guest-core=${spec.memoryDumpCore ? 'on' : 'off'}`);
  if (spec.memoryBacking?.nosharepages) parts.push('mem-merge=off');
  const mems = (spec.devices?.extra?.children ?? []).filter((c) => c.node.name === 'memory');
  if (!hasNuma(ctx)) parts.push('memory-backend=pc.ram');
  ctx.pflash.forEach((n, i) => parts.push(`pflash${i}=${n}`));
  if (spec.devices?.sounds.some((s) => s.model === 'pcspk')) {
    const audio = spec.devices.extra?.children?.find((c) => c.node.name === 'audio')?.node;
    if (audio) parts.push(`pcspk-audiodev=audio${audio.attrs.id ?? '1'}`);
  }
  if (mems.some((m) => m.node.attrs.model === 'nvdimm')) parts.push('nvdimm=on');
  const hpet = spec.clock?.timers.find((t) => t.name === 'hpet');
  if (hpet && hpet.present !== undefined) parts.push(`hpet=${hpet.present ? 'on' : 'off'}`);
  parts.push(`acpi=${spec.features?.acpi ? 'on' : 'off'}`);
  ctx.add('-machine', parts.join(','));
}

/** `-cpu`. */
export function renderCpu(ctx: Ctx): void {
  const cpu = ctx.p.spec.cpu;
  const feats: string[] = [];
  const fx = (name: string): XmlElement | undefined => ctx.p.spec.features?.extra?.children?.find((c) => c.node.name === name)?.node;
  const pmu = ctx.p.spec.features?.pmu;
  const tail: string[] = [];
  for (const t of ctx.p.spec.clock?.timers ?? []) {
    if (t.name === 'kvmclock' && t.present !== undefined) tail.push(`kvmclock=${t.present ? 'on' : 'off'}`);
    else if (t.name === 'hypervclock' && t.present !== undefined) tail.push(`hv-time=${t.present ? 'on' : 'off'}`);
  }
  const eoi = ctx.p.spec.features?.apic?.eoi;
  if (eoi !== undefined) tail.push(`kvm-pv-eoi=${eoi ? 'on' : 'off'}`);
  const pvspin = fx('pvspinlock');
  if (pvspin) tail.push(`kvm-pv-unhalt=${pvspin.attrs.state === 'off' ? 'off' : 'on'}`);
  const hv = fx('hyperv');
  if (hv) {
    if (hv.attrs.mode === 'passthrough') tail.push('hv-passthrough=on');
    for (const f of hv.children) {
      if (typeof f === 'string') continue;
      const on = f.attrs.state !== 'off';
      const name = `hv-${f.name.replace(/_/g, '-')}`;
      if (f.name === 'spinlocks') {
        tail.push(on ? `hv-spinlocks=0x${Number(f.attrs.retries ?? 4095).toString(16)}` : 'hv-spinlocks=off');
        continue;
      }
      if (f.name === 'vendor_id') {
        if (on && f.attrs.value) tail.push(`hv-vendor-id=${esc(f.attrs.value)}`);
        continue;
      }
      tail.push(`${name}=${on ? 'on' : 'off'}`);
      if (f.name === 'stimer' || f.name === 'tlbflush') {
        for (const sub of f.children) {
          if (typeof sub === 'string') continue;
          const sn = sub.name === 'extended' ? 'ext' : sub.name;
          tail.push(`${name}-${sn}=${sub.attrs.state === 'off' ? 'off' : 'on'}`);
        }
      }
    }
  }
  if (ctx.p.spec.devices?.panics.some((x) => x.model === 'hyperv')) tail.push('hv-crash');
  const kvm = fx('kvm');
  for (const f of kvm?.children ?? []) {
    if (typeof f === 'string') continue;
    const on = f.attrs.state !== 'off';
    if (f.name === 'hidden') {
      if (on) tail.push('kvm=off');
    } else if (f.name === 'hint-dedicated') tail.push(`kvm-hint-dedicated=${on ? 'on' : 'off'}`);
    else if (f.name === 'poll-control') tail.push(`kvm-poll-control=${on ? 'on' : 'off'}`);
    else if (f.name === 'pv-ipi') {
      if (!on) tail.push('kvm-pv-ipi=off');
    } else if (f.name !== 'dirty-ring') ctx.unsupported(`KVM feature '${f.name}' is not supported`);
  }
  if (pmu) tail.push(`pmu=${pmu.state === false ? 'off' : 'on'}`);
  if (!cpu || (!cpu.mode && !cpu.model?.name) || (cpu.mode === 'custom' && !cpu.model?.name)) {
    if (cpu?.features.length) ctx.unsupported('CPU features without a model are not supported');
    // the machine type's default CPU model (qemu64 for pc/q35, 486 for isapc)
    const def = findMachine(ctx.p.caps, ctx.p.machine, ctx.p.accel)?.defaultCpu?.replace(/-[a-z0-9_]+-cpu$/, '') ?? 'qemu64';
    ctx.add('-cpu', [def, ...tail].join(','));
    return;
  }
  let model: string;
  switch (cpu.mode) {
    case 'host-passthrough':
      model = 'host';
      feats.push(`migratable=${cpu.migratable === false ? 'off' : 'on'}`);
      break;
    case 'maximum':
      model = 'max';
      break;
    case 'host-model':
      return ctx.unsupported('host-model CPUs are not supported');
    default:
      model = cpu.model!.name!;
  }
  const rename: Record<string, string> = { pclmuldq: 'pclmulqdq' };
  for (const f of cpu.features) {
    const name = rename[f.name] ?? f.name.replace(/_/g, '-');
    if (f.policy === 'disable' || f.policy === 'forbid') feats.push(`${name}=off`);
    else feats.push(`${name}=on`);
  }
  const cache = cpu.extra?.children?.find((c) => c.node.name === 'cache')?.node;
  if (cache?.attrs.mode === 'passthrough') feats.push('host-cache-info=on', 'l3-cache=off');
  else if (cache?.attrs.mode === 'emulate') feats.push('l3-cache=on');
  else if (cache?.attrs.mode === 'disable') feats.push('l3-cache=off');
  const mpa = cpu.extra?.children?.find((c) => c.node.name === 'maxphysaddr')?.node;
  if (mpa?.attrs.mode === 'emulate' && mpa.attrs.bits) feats.push(`phys-bits=${mpa.attrs.bits}`);
  else if (mpa?.attrs.mode === 'passthrough') {
    feats.push('host-phys-bits=on');
    if (mpa.attrs.limit) feats.push(`host-phys-bits-limit=${mpa.attrs.limit}`);
  }
  ctx.add('-cpu', [model, ...feats, ...tail].join(','));
}

/** `-blockdev` pairs of the pflash images (before `-machine`). */
export function renderPflash(ctx: Ctx): void {
  const fw = ctx.fw;
  if (!fw?.loader) return;
  const l = fw.loader;
  ctx.add('-blockdev', json({ driver: 'file', filename: l.path, 'node-name': 'libvirt-pflash0-storage', 'auto-read-only': true, discard: 'unmap' }));
  const f0: Record<string, unknown> = { 'node-name': 'libvirt-pflash0-format', 'read-only': l.readonly, driver: l.format, file: 'libvirt-pflash0-storage' };
  if (l.format === 'qcow2') f0.backing = null;
  ctx.add('-blockdev', json(f0));
  ctx.pflash.push('libvirt-pflash0-format');
  const nv = fw.nvram;
  if (!nv) return;
  const node = 'libvirt-pflash1-storage';
  const src = nv.source ? storageFromElement('network', nv.source) : storageFromElement('file', undefined, nv.path);
  const st = storageProps(ctx, src, node);
  st['node-name'] = node;
  if (nv.format === 'raw') {
    st['read-only'] = false;
    ctx.add('-blockdev', json(st));
    ctx.pflash.push(node);
    return;
  }
  st['auto-read-only'] = true;
  st.discard = 'unmap';
  ctx.add('-blockdev', json(st));
  ctx.add('-blockdev', json({ 'node-name': 'libvirt-pflash1-format', 'read-only': false, driver: nv.format, file: node, backing: null }));
  ctx.pflash.push('libvirt-pflash1-format');
}

/** `-bios` / the secure pflash global (after `-cpu`). */
export function renderLoader(ctx: Ctx): void {
  if (ctx.fw?.bios) ctx.add('-bios', ctx.fw.bios);
  if (ctx.fw?.loader?.secure) ctx.add('-global', 'driver=cfi.pflash01,property=secure,value=on');
}

/** `-m`, the RAM backend, `-overcommit`, NUMA nodes. */
export function renderMemory(ctx: Ctx): void {
  const spec = ctx.p.spec;
  let m = `size=${spec.memory}k`;
  if (spec.maxMemory) m += `${spec.maxMemory.slots !== undefined ? `,slots=${spec.maxMemory.slots}` : ''},maxmem=${spec.maxMemory.size}k`;
  ctx.add('-m', m);
  const mb = spec.memoryBacking;
  if (!hasNuma(ctx)) renderBackend(ctx, { id: 'pc.ram', size: spec.memory });
  ctx.add('-overcommit', `mem-lock=${mb?.locked ? 'on' : 'off'}`);
}

/** `-smp` (and NUMA nodes, which follow it). */
export function renderSmp(ctx: Ctx): void {
  const spec = ctx.p.spec;
  const v = spec.vcpu;
  // With per-vCPU state (<vcpus>), only the enabled non-hotpluggable vCPUs exist at start; the others are hot-plugged.
  const vcpus = spec.extra?.children?.find((c) => c.node.name === 'vcpus')?.node;
  const boot = vcpus ? vcpus.children.filter((c) => typeof c !== 'string' && c.name === 'vcpu' && c.attrs.enabled === 'yes' && c.attrs.hotpluggable !== 'yes').length : undefined;
  const parts = [String(boot || (v.current ?? v.count))];
  if (v.current !== undefined && v.current !== v.count) parts.push(`maxcpus=${v.count}`);
  const t = spec.cpu?.topology;
  if (t) {
    parts.push(`sockets=${t.sockets}`, `dies=${t.dies ?? 1}`, `clusters=${t.clusters ?? 1}`, `cores=${t.cores}`, `threads=${t.threads}`);
  } else parts.push(`sockets=${v.count}`, 'cores=1', 'threads=1');
  ctx.add('-smp', parts.join(','));
  renderIothreads(ctx);
  if (hasNuma(ctx)) {
    const cells = spec.cpu!.numa!.cells;
    const mb = spec.memoryBacking;
    // Old machine types still take `-numa node,mem=` when no cell needs a memory backend object.
    const needBackend =
      !!mb?.hugepages || !!mb?.access || (mb?.source !== undefined && mb.source.type !== 'anonymous') || cells.some((c) => c.memAccess) || !!spec.extra?.children?.some((c) => c.node.name === 'numatune') || !!spec.devices?.extra?.children?.some((c) => c.node.name === 'memory');
    const legacy = !needBackend && findMachine(ctx.p.caps, ctx.p.machine, ctx.p.accel)?.numaMemSupported === true;
    if (legacy && mb?.allocation?.mode === 'immediate') ctx.add('-mem-prealloc');
    cells.forEach((cell, i) => {
      const id = cell.id ?? i;
      if (!legacy) renderBackend(ctx, { id: `ram-node${id}`, size: cell.memory, node: id, cellAccess: cell.memAccess, cellDiscard: cell.discard });
      const cpus = (cell.cpus ?? '').split(',').filter(Boolean).map((c) => `cpus=${c}`).join(',');
      ctx.add('-numa', `node,nodeid=${id}${cpus ? `,${cpus}` : ''},${legacy ? `mem=${Math.floor(cell.memory / 1024)}` : `memdev=ram-node${id}`}`);
    });
    // NUMA distances: a full matrix, completed like libvirt does (local distance 10, symmetric otherwise).
    const ids = cells.map((c, i) => c.id ?? i);
    const dist = new Map<string, number>();
    cells.forEach((cell, i) => {
      const d = cell.extra?.children?.find((c) => c.node.name === 'distances')?.node;
      for (const sib of d?.children ?? []) if (typeof sib !== 'string' && sib.name === 'sibling') dist.set(`${ids[i]}:${sib.attrs.id}`, Number(sib.attrs.value));
    });
    if (dist.size) {
      for (const a of ids)
        for (const b of ids) {
          const v = dist.get(`${a}:${b}`) ?? dist.get(`${b}:${a}`) ?? (a === b ? 10 : 20);
          ctx.add('-numa', `dist,src=${a},dst=${b},val=${v}`);
        }
    }
  }
}

/** `-rtc` and timer globals. */
export function renderClock(ctx: Ctx): void {
  const clock = ctx.p.spec.clock;
  let base = 'utc';
  const extra: string[] = [];
  if (clock) {
    switch (clock.offset) {
      case 'utc':
        if (clock.adjustment && clock.adjustment !== 'reset' && clock.adjustment !== '0') ctx.unsupported('clock adjustment is not supported');
        break;
      case 'localtime':
        base = 'localtime';
        break;
      case 'absolute': {
        const d = new Date((clock.start ?? 0) * 1000);
        base = d.toISOString().replace(/\.\d{3}Z$/, '');
        break;
      }
      case 'timezone':
        // QEMU runs with TZ set to the zone (see clockEnv)
        base = 'localtime';
        break;
      case 'variable': {
        const now = ctx.opts.now ?? Math.floor(Date.now() / 1000);
        const localOffset = ctx.opts.utcOffset ?? -new Date(now * 1000).getTimezoneOffset() * 60;
        const t = now + Number(clock.adjustment ?? 0) + (clock.basis === 'localtime' ? localOffset : 0);
        base = new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, '');
        break;
      }
      default:
        ctx.unsupported(`clock offset '${clock.offset}' is not supported`);
    }
    for (const t of clock.timers) {
      if (t.name === 'rtc') {
        if (t.track === 'guest') extra.push('clock=vm');
        else if (t.track === 'wall' || t.track === 'realtime') extra.push(t.track === 'realtime' ? 'clock=rt' : 'clock=host');
        if (t.tickpolicy === 'catchup') extra.push('driftfix=slew');
        else if (t.tickpolicy && t.tickpolicy !== 'delay') ctx.unsupported(`rtc tickpolicy '${t.tickpolicy}' is not supported`);
      }
    }
  }
  ctx.add('-rtc', [`base=${base}`, ...extra].join(','));
  for (const t of clock?.timers ?? []) {
    if (t.name === 'pit' && t.tickpolicy) {
      const pol = t.tickpolicy === 'delay' ? 'delay' : t.tickpolicy === 'catchup' ? 'slew' : t.tickpolicy === 'discard' ? 'discard' : undefined;
      if (!pol) ctx.unsupported(`pit tickpolicy '${t.tickpolicy}' is not supported`);
      ctx.add('-global', `kvm-pit.lost_tick_policy=${pol}`);
    }
    if (t.name === 'tsc' || t.name === 'platform') ctx.unsupported(`timer '${t.name}' is not supported`);
  }
}

/** `-no-shutdown`, `-action`, ACPI S3/S4 globals. */
export function renderPm(ctx: Ctx): void {
  const spec = ctx.p.spec;
  // on_reboot=destroy is handled by the driver at runtime (reboot → shutdown event), not on the command line.
  ctx.add('-no-shutdown');
  if (spec.onPoweroff && spec.onPoweroff !== 'destroy') ctx.unsupported(`on_poweroff '${spec.onPoweroff}' is not supported`);
  const dev = ctx.p.q35 ? 'ICH9-LPC' : 'PIIX4_PM';
  if (spec.pm?.suspendToMem !== undefined) ctx.add('-global', `${dev}.disable_s3=${spec.pm.suspendToMem ? 0 : 1}`);
  if (spec.pm?.suspendToDisk !== undefined) ctx.add('-global', `${dev}.disable_s4=${spec.pm.suspendToDisk ? 0 : 1}`);
}

/**
 * Converts `<os><boot dev=...>` into per-device boot indexes (libvirt no
 * longer emits `-boot order=`), or takes the per-device `<boot order>`.
 */
export function computeBootIndexes(ctx: Ctx): Map<object, number> {
  const dev = ctx.p.spec.devices!;
  const out = new Map<object, number>();
  const perDevice = [...dev.disks, ...dev.interfaces, ...dev.hostdevs].filter((d) => d.boot);
  if (perDevice.length) {
    for (const d of perDevice) out.set(d, d.boot!.order);
    return out;
  }
  let idx = 1;
  for (const b of ctx.p.spec.os.boot) {
    let target: object | undefined;
    if (b.dev === 'hd') target = dev.disks.find((d) => d.device === 'disk' || d.device === 'lun');
    else if (b.dev === 'cdrom') target = dev.disks.find((d) => d.device === 'cdrom');
    else if (b.dev === 'fd') target = dev.disks.find((d) => d.device === 'floppy');
    else if (b.dev === 'network') target = dev.interfaces[0];
    if (target && !out.has(target)) out.set(target, idx);
    idx++;
  }
  return out;
}

/** `-boot` plus direct kernel boot options. */
export function renderBoot(ctx: Ctx): void {
  const os = ctx.p.spec.os;
  const parts: string[] = [];
  if (os.bootmenu) {
    parts.push(`menu=${os.bootmenu.enable ? 'on' : 'off'}`);
    if (os.bootmenu.timeout !== undefined && os.bootmenu.enable) parts.push(`splash-time=${os.bootmenu.timeout}`);
  }
  if (os.bios?.rebootTimeout !== undefined) parts.push(`reboot-timeout=${os.bios.rebootTimeout}`);
  parts.push('strict=on');
  ctx.add('-boot', parts.join(','));
  if (os.bios?.useserial) ctx.unsupported('BIOS serial console is not supported');
  if (os.kernel) ctx.add('-kernel', os.kernel);
  if (os.initrd) ctx.add('-initrd', os.initrd);
  if (os.cmdline) ctx.add('-append', os.cmdline);
  if (os.dtb) ctx.add('-dtb', os.dtb);
  const acpi = os.extra?.children?.find((c) => c.node.name === 'acpi')?.node;
  for (const t of acpi?.children ?? []) {
    if (typeof t === 'string' || t.name !== 'table') continue;
    const file = esc(t.children.filter((c): c is string => typeof c === 'string').join('').trim());
    const type = t.attrs.type ?? 'raw';
    ctx.add('-acpitable', type === 'raw' ? `file=${file}` : `sig=${type.toUpperCase()},file=${file}`);
  }
  void extraChild;
  void esc;
}

export { parseBitmap };

/** `-object iothread` for `<iothreads>` / `<iothreadids>`. */
function renderIothreads(ctx: Ctx): void {
  const kids = ctx.p.spec.extra?.children ?? [];
  const count = kids.find((c) => c.node.name === 'iothreads')?.node;
  const ids = kids.find((c) => c.node.name === 'iothreadids')?.node;
  const list: number[] = [];
  if (ids) for (const c of ids.children) if (typeof c !== 'string' && c.name === 'iothread') list.push(Number(c.attrs.id));
  const n = count ? Number(count.children.filter((c): c is string => typeof c === 'string').join('').trim()) : 0;
  for (let i = 1; list.length < n; i++) if (!list.includes(i)) list.push(i);
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  for (const id of list) {
    const el = ids?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'iothread' && Number(c.attrs.id) === id);
    const poll = el?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'poll')?.attrs ?? {};
    ctx.add('-object', json({ 'qom-type': 'iothread', id: `iothread${id}`, 'thread-pool-min': num(el?.attrs.thread_pool_min), 'thread-pool-max': num(el?.attrs.thread_pool_max), 'poll-max-ns': num(poll.max), 'poll-grow': num(poll.grow), 'poll-shrink': num(poll.shrink) }));
  }
  const main = kids.find((c) => c.node.name === 'defaultiothread')?.node;
  if (main && (main.attrs.thread_pool_min !== undefined || main.attrs.thread_pool_max !== undefined)) ctx.add('-object', json({ 'qom-type': 'main-loop', id: 'main-loop', 'thread-pool-min': num(main.attrs.thread_pool_min), 'thread-pool-max': num(main.attrs.thread_pool_max) }));
}

const SMBIOS_FIELDS: Record<string, [number, string[]]> = {
  bios: [0, ['vendor', 'version', 'date', 'release']],
  system: [1, ['manufacturer', 'product', 'version', 'serial', 'uuid', 'sku', 'family']],
  baseBoard: [2, ['manufacturer', 'product', 'version', 'serial', 'asset', 'location']],
  chassis: [3, ['manufacturer', 'version', 'serial', 'asset', 'sku']],
};

/** `-smbios` tables from `<sysinfo type='smbios'>` (with `<os><smbios mode='sysinfo'/>`). */
export function renderSysinfo(ctx: Ctx): void {
  if (ctx.p.spec.os.smbios?.mode !== 'sysinfo') return;
  const si = ctx.p.spec.extra?.children?.find((c) => c.node.name === 'sysinfo' && c.node.attrs.type === 'smbios')?.node;
  if (!si) return;
  const els = si.children.filter((c): c is XmlElement => typeof c !== 'string');
  const txt = (e: XmlElement): string => e.children.filter((c): c is string => typeof c === 'string').join('');
  for (const [name, [type, fields]] of Object.entries(SMBIOS_FIELDS)) {
    const sec = els.find((e) => e.name === name);
    if (!sec) continue;
    const entries = sec.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'entry');
    const parts = [`type=${type}`];
    for (const f of fields) {
      const e = entries.find((x) => x.attrs.name === f);
      if (e) parts.push(`${f}=${esc(txt(e))}`);
    }
    if (parts.length > 1) ctx.add('-smbios', parts.join(','));
  }
  const oem = els.find((e) => e.name === 'oemStrings');
  if (oem) {
    const vals = oem.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'entry').map((e) => `value=${esc(txt(e))}`);
    if (vals.length) ctx.add('-smbios', ['type=11', ...vals].join(','));
  }
}

/** `vmgenid` for `<genid>` (an empty element asks for a generated GUID). */
export function renderVmgenid(ctx: Ctx): void {
  const g = ctx.p.spec.extra?.children?.find((c) => c.node.name === 'genid')?.node;
  if (!g) return;
  const v = g.children.filter((c): c is string => typeof c === 'string').join('').trim();
  ctx.device({ driver: 'vmgenid', guid: v || (ctx.opts.generateUuid ?? (() => '00010203-0405-4607-8809-0a0b0c0d0e0f'))(), id: 'vmgenid0' });
}

/** `-device intel-iommu` / `virtio-iommu` (after `-boot`). */
export function renderIommu(ctx: Ctx): void {
  const io = ctx.p.spec.devices?.extra?.children?.find((c) => c.node.name === 'iommu')?.node;
  if (!io) return;
  const drv = io.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'driver')?.attrs ?? {};
  const onoff = (v: string | undefined): string | undefined => v;
  const bool = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === 'on');
  switch (io.attrs.model) {
    case 'intel':
      ctx.device({ driver: 'intel-iommu', id: 'iommu0', intremap: onoff(drv.intremap), 'caching-mode': bool(drv.caching_mode), eim: onoff(drv.eim), 'device-iotlb': bool(drv.iotlb), 'aw-bits': drv.aw_bits !== undefined ? Number(drv.aw_bits) : undefined, 'dma-translation': bool(drv.dma_translation) });
      return;
    case 'virtio': {
      const a = io.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'address');
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(a?.attrs ?? {})) if (k !== 'type') attrs[k] = v;
      ctx.device({ driver: 'virtio-iommu', id: 'iommu0', ...ctx.pciProps(a ? { type: a.attrs.type, attrs } : undefined) });
      return;
    }
    default:
      ctx.unsupported(`IOMMU model '${io.attrs.model}' is not supported`);
  }
}

/** `-accel` with its options (`dirty-ring-size`, TCG `tb-size`). */
export function renderAccel(ctx: Ctx): void {
  const parts: string[] = [ctx.p.accel];
  const fx = (name: string): XmlElement | undefined => ctx.p.spec.features?.extra?.children?.find((c) => c.node.name === name)?.node;
  if (ctx.p.accel === 'kvm') {
    const ring = fx('kvm')?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'dirty-ring');
    if (ring && ring.attrs.state !== 'off' && ring.attrs.size) parts.push(`dirty-ring-size=${ring.attrs.size}`);
  } else {
    const tb = fx('tcg')?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'tb-cache');
    if (tb) {
      const v = Number(tb.children.filter((c): c is string => typeof c === 'string').join('').trim());
      const unit = (tb.attrs.unit ?? 'KiB').toLowerCase();
      const mib = unit === 'mib' || unit === 'm' ? v : unit === 'gib' || unit === 'g' ? v * 1024 : Math.floor(v / 1024);
      parts.push(`tb-size=${mib}`);
    }
  }
  ctx.add('-accel', parts.join(','));
}

/** `TZ` for `<clock offset='timezone'>`. */
export function clockEnv(ctx: Ctx): Record<string, string> {
  const c = ctx.p.spec.clock;
  return c?.offset === 'timezone' && c.timezone ? { TZ: c.timezone } : {};
}
