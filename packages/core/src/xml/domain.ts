/**
 * libvirt domain XML ⇄ {@link DomainSpec}. Parsing reads every modelled
 * element with an {@link ElementReader} and keeps the rest as `extra`;
 * formatting writes libvirt's element order (`virDomainDefFormatInternal`)
 * with an {@link ElementWriter} and merges the extras back in place.
 * @module
 */
import { ErrorCode, PolyvisorError, XmlError } from '../errors.js';
import { ControllerModels, DomainSpecSchema, type DeviceAddress, type DomainSpec } from '../model/domain.js';
import { scaleToUnit } from '../model/units.js';
import { normalizeUuid } from '../names.js';
import { ElementReader, ElementWriter, parseInteger, type XmlExtras } from './mapping.js';
import { cloneElement, textOf, type XmlElement } from './node.js';
import { canonicalXml } from './compare.js';
import { parseXmlDocument } from './parse.js';
import { serializeXml } from './serialize.js';

type Obj = Record<string, unknown>;

/** Parse context: remembers the XML path each built object came from (to locate zod failures). */
interface Ctx {
  paths: WeakMap<object, string>;
}

/** Builds a plain object from `fields` (dropping undefined values), attaches the reader's extras, records its path. */
function obj(ctx: Ctx, r: ElementReader, fields: Obj, withExtra = true): Obj {
  const o: Obj = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) o[k] = v;
  if (withExtra) {
    const x = r.extras();
    if (x) o.extra = x;
  }
  ctx.paths.set(o, r.path);
  return o;
}

/** Finds an unconsumed child element without consuming it. */
function peek(r: ElementReader, name: string): XmlElement | undefined {
  for (const c of r.node.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

/** A bare flag element (`<readonly/>`): consumed and true when present without attributes or children; otherwise left in extra. */
function flag(r: ElementReader, name: string): true | undefined {
  const n = peek(r, name);
  if (!n || Object.keys(n.attrs).length > 0 || n.children.length > 0) return undefined;
  r.consume(new ElementReader(n));
  return true;
}

/** Text of a child without attributes or element children (consumed); otherwise left in extra. */
function textEl(r: ElementReader, name: string): string | undefined {
  const n = peek(r, name);
  if (!n || Object.keys(n.attrs).length > 0 || n.children.some((c) => typeof c !== 'string')) return undefined;
  const c = new ElementReader(n);
  r.consume(c);
  return c.text();
}

/** Reads a signed integer attribute. */
function sintAttr(r: ElementReader, name: string): number | undefined {
  const v = r.attr(name);
  if (v === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(v.trim())) r.fail(`invalid integer '${v}' for attribute '${name}'`, name);
  return Number(v.trim());
}

/** Reads a scaled size (`<x unit='GiB'>1</x>` or attribute + `unit`) in KiB. */
function kib(r: ElementReader, value: string | undefined, unitAttr = 'unit', attrName?: string): number | undefined {
  if (value === undefined) return undefined;
  const unit = r.attr(unitAttr);
  try {
    return scaleToUnit(value, unit, 'KiB', 'KiB');
  } catch (e) {
    return r.fail(e instanceof Error ? e.message : String(e), attrName ?? (unit !== undefined && !/^[0-9]+$/.test(value.trim()) ? undefined : unitAttr));
  }
}

/** Reads an element's text as a size in KiB; the element must have a valid number. */
function kibText(r: ElementReader): number {
  const t = r.text();
  if (t === '') r.fail(`missing size in <${r.name}>`);
  if (!/^[0-9]+$/.test(t)) r.fail(`invalid size '${t}' in <${r.name}> (expected a non-negative integer)`);
  return kib(r, t)!;
}

// ---------------------------------------------------------------------------
// Parsing

function parseAddress(ctx: Ctx, r: ElementReader): Obj {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.node.attrs)) if (k !== 'type') attrs[k] = v;
  const type = r.attr('type');
  for (const k of Object.keys(attrs)) r.attr(k);
  if (type === '') r.fail(`empty address type`, 'type');
  return obj(ctx, r, { type, attrs: Object.keys(attrs).length ? attrs : undefined });
}

function parseInfo(ctx: Ctx, r: ElementReader): Obj {
  const out: Obj = {};
  const b = r.child('boot');
  if (b) {
    const order = b.intAttr('order');
    if (order === undefined || order < 1) b.fail(`boot order must be a positive integer`, 'order');
    out.boot = obj(ctx, b, { order, loadparm: b.attr('loadparm') });
  }
  const a = r.child('alias');
  if (a) out.alias = obj(ctx, a, { name: a.requireAttr('name') });
  const ad = r.child('address');
  if (ad) out.address = parseAddress(ctx, ad);
  return out;
}

function parseMemoryBacking(ctx: Ctx, r: ElementReader): Obj {
  const hp = r.child('hugepages');
  let hugepages: Obj | undefined;
  if (hp) {
    const pages = hp.children('page').map((p) => obj(ctx, p, { size: kib(p, p.attr('size'), 'unit', 'size'), nodeset: p.attr('nodeset') }));
    hugepages = obj(ctx, hp, { pages });
  }
  const src = r.child('source');
  const acc = r.child('access');
  const alloc = r.child('allocation');
  return obj(ctx, r, {
    hugepages,
    nosharepages: flag(r, 'nosharepages'),
    locked: flag(r, 'locked'),
    source: src && obj(ctx, src, { type: src.attr('type') }),
    access: acc && obj(ctx, acc, { mode: acc.attr('mode') }),
    allocation: alloc && obj(ctx, alloc, { mode: alloc.attr('mode'), threads: alloc.intAttr('threads') }),
    discard: flag(r, 'discard'),
  });
}

function parseOs(ctx: Ctx, r: ElementReader): Obj {
  const t = r.child('type');
  let type: string | undefined;
  let arch: string | undefined;
  let machine: string | undefined;
  let typeExtra: XmlExtras | undefined;
  if (t) {
    type = t.text() || undefined;
    arch = t.attr('arch');
    machine = t.attr('machine');
    typeExtra = t.extras();
  }
  const fw = r.child('firmware');
  let firmwareFeatures: Obj | undefined;
  if (fw) {
    const features = fw.children('feature').map((f) => obj(ctx, f, { name: f.requireAttr('name'), enabled: f.boolAttr('enabled') ?? f.fail(`missing 'enabled'`, 'enabled') }));
    firmwareFeatures = obj(ctx, fw, { features });
  }
  const l = r.child('loader');
  const loader = l && obj(ctx, l, { path: l.text() || undefined, readonly: l.boolAttr('readonly'), type: l.attr('type'), secure: l.boolAttr('secure'), stateless: l.boolAttr('stateless'), format: l.attr('format') });
  const n = r.child('nvram');
  const nvram = n && obj(ctx, n, { path: n.text() || undefined, template: n.attr('template'), format: n.attr('format'), templateFormat: n.attr('templateFormat') });
  const boot = r.children('boot').map((b) => obj(ctx, b, { dev: b.requireAttr('dev') }));
  const bm = r.child('bootmenu');
  let bootmenu: Obj | undefined;
  if (bm) {
    const enable = bm.boolAttr('enable');
    if (enable === undefined) bm.fail(`missing 'enable'`, 'enable');
    const timeout = sintAttr(bm, 'timeout');
    if (timeout !== undefined && (timeout < 0 || timeout > 65535)) bm.fail(`invalid value for boot menu timeout, must be in range [0,65535]`, 'timeout');
    bootmenu = obj(ctx, bm, { enable, timeout });
  }
  const sm = r.child('smbios');
  const bi = r.child('bios');
  return obj(ctx, r, {
    type: type ?? 'hvm',
    arch,
    machine,
    typeExtra,
    firmware: r.attr('firmware'),
    firmwareFeatures,
    loader,
    nvram,
    kernel: textEl(r, 'kernel'),
    initrd: textEl(r, 'initrd'),
    cmdline: textEl(r, 'cmdline'),
    dtb: textEl(r, 'dtb'),
    boot,
    bootmenu,
    smbios: sm && obj(ctx, sm, { mode: sm.requireAttr('mode') }),
    bios: bi && obj(ctx, bi, { useserial: bi.boolAttr('useserial'), rebootTimeout: sintAttr(bi, 'rebootTimeout') }),
  });
}

function parseFeatures(ctx: Ctx, r: ElementReader): Obj {
  const toggle = (name: string, more: (c: ElementReader) => Obj = () => ({})): Obj | undefined => {
    const c = r.child(name);
    return c && obj(ctx, c, { state: c.boolAttr('state'), ...more(c) });
  };
  return obj(ctx, r, {
    acpi: toggle('acpi'),
    apic: toggle('apic', (c) => ({ eoi: c.boolAttr('eoi') })),
    pae: toggle('pae'),
    hap: toggle('hap'),
    pmu: toggle('pmu'),
    vmport: toggle('vmport'),
  });
}

function parseCpu(ctx: Ctx, r: ElementReader): Obj {
  const m = r.child('model');
  const t = r.child('topology');
  const nu = r.child('numa');
  let numa: Obj | undefined;
  if (nu) {
    const cells = nu.children('cell').map((c) =>
      obj(ctx, c, {
        id: c.intAttr('id'),
        cpus: c.attr('cpus'),
        memory: kib(c, c.attr('memory') ?? c.fail(`missing 'memory'`, 'memory'), 'unit', 'memory'),
        memAccess: c.enumAttr('memAccess', ['shared', 'private']),
        discard: c.boolAttr('discard'),
      }),
    );
    numa = obj(ctx, nu, { cells });
  }
  return obj(ctx, r, {
    mode: r.attr('mode'),
    match: r.attr('match'),
    check: r.attr('check'),
    migratable: r.boolAttr('migratable'),
    model: m && obj(ctx, m, { name: m.text() || undefined, fallback: m.attr('fallback'), vendorId: m.attr('vendor_id') }),
    vendor: textEl(r, 'vendor'),
    topology: t && obj(ctx, t, { sockets: t.intAttr('sockets'), dies: t.intAttr('dies'), clusters: t.intAttr('clusters'), cores: t.intAttr('cores'), threads: t.intAttr('threads') }),
    features: r.children('feature').map((f) => obj(ctx, f, { policy: f.attr('policy'), name: f.requireAttr('name') })),
    numa,
  });
}

function parseClock(ctx: Ctx, r: ElementReader): Obj {
  return obj(ctx, r, {
    offset: r.attr('offset') ?? 'utc',
    timezone: r.attr('timezone'),
    adjustment: r.attr('adjustment'),
    basis: r.attr('basis'),
    start: r.intAttr('start'),
    timers: r.children('timer').map((t) =>
      obj(ctx, t, { name: t.requireAttr('name'), present: t.boolAttr('present'), tickpolicy: t.attr('tickpolicy'), track: t.attr('track'), frequency: t.intAttr('frequency'), mode: t.attr('mode') }),
    ),
  });
}

function parseDisk(ctx: Ctx, r: ElementReader): Obj {
  const d = r.child('driver');
  const driver =
    d &&
    obj(ctx, d, {
      name: d.attr('name'),
      type: d.attr('type'),
      cache: d.attr('cache'),
      io: d.attr('io'),
      discard: d.attr('discard'),
      detectZeroes: d.attr('detect_zeroes'),
      iothread: d.intAttr('iothread'),
      errorPolicy: d.attr('error_policy'),
    });
  const s = r.child('source');
  const source =
    s &&
    obj(ctx, s, {
      file: s.attr('file'),
      dev: s.attr('dev'),
      dir: s.attr('dir'),
      protocol: s.attr('protocol'),
      name: s.attr('name'),
      hosts: s.children('host').map((h) => obj(ctx, h, { name: h.attr('name'), port: h.intAttr('port'), transport: h.attr('transport'), socket: h.attr('socket') })),
      pool: s.attr('pool'),
      volume: s.attr('volume'),
      mode: s.attr('mode'),
      startupPolicy: s.attr('startupPolicy'),
    });
  const t = r.child('target');
  if (!t) r.fail(`missing target information for disk${source?.file ?? source?.dev ? ` ${String(source.file ?? source.dev)}` : ''}`);
  const target = obj(ctx, t, { dev: t.requireAttr('dev'), bus: t.attr('bus'), tray: t.attr('tray'), removable: t.boolAttr('removable'), rotationRate: t.intAttr('rotation_rate') });
  const tr = r.child('transient');
  return obj(ctx, r, {
    type: r.attr('type') ?? 'file',
    device: r.attr('device') ?? 'disk',
    model: r.attr('model'),
    rawio: r.boolAttr('rawio'),
    sgio: r.attr('sgio'),
    snapshot: r.attr('snapshot'),
    driver,
    source,
    target,
    readonly: flag(r, 'readonly'),
    shareable: flag(r, 'shareable'),
    transient: tr && obj(ctx, tr, { shareBacking: tr.boolAttr('shareBacking') }),
    serial: textEl(r, 'serial'),
    wwn: textEl(r, 'wwn'),
    vendor: textEl(r, 'vendor'),
    product: textEl(r, 'product'),
    ...parseInfo(ctx, r),
  });
}

function parseController(ctx: Ctx, r: ElementReader): Obj {
  const type = r.requireAttr('type');
  const t = r.child('target');
  const d = r.child('driver');
  return obj(ctx, r, {
    type,
    index: r.intAttr('index'),
    model: r.attr('model'),
    ports: r.intAttr('ports'),
    vectors: r.intAttr('vectors'),
    maxGrantFrames: r.intAttr('maxGrantFrames'),
    target:
      t &&
      obj(ctx, t, { chassisNr: t.intAttr('chassisNr'), chassis: t.intAttr('chassis'), port: t.intAttr('port'), busNr: t.intAttr('busNr'), index: t.intAttr('index'), hotplug: t.boolAttr('hotplug') }),
    driver: d && obj(ctx, d, { queues: d.intAttr('queues'), iothread: d.intAttr('iothread') }),
    ...parseInfo(ctx, r),
  });
}

function parseInterface(ctx: Ctx, r: ElementReader): Obj {
  const mac = r.child('mac');
  const s = r.child('source');
  const t = r.child('target');
  const m = r.child('model');
  const d = r.child('driver');
  const l = r.child('link');
  const mtu = r.child('mtu');
  let driver: Obj | undefined;
  if (d) {
    const q = d.attr('queues');
    if (q !== undefined && !/^[0-9]+$/.test(q.trim())) d.fail(`Invalid value for attribute 'queues' in element 'driver': '${q}'. Expected non-negative integer value`, 'queues');
    driver = obj(ctx, d, {
      name: d.attr('name'),
      queues: q === undefined ? undefined : Number(q.trim()),
      txmode: d.attr('txmode'),
      rxQueueSize: d.intAttr('rx_queue_size'),
      txQueueSize: d.intAttr('tx_queue_size'),
    });
  }
  return obj(ctx, r, {
    type: r.requireAttr('type'),
    trustGuestRxFilters: r.boolAttr('trustGuestRxFilters'),
    mac: mac && obj(ctx, mac, { address: mac.requireAttr('address'), type: mac.attr('type'), check: mac.boolAttr('check') }),
    source:
      s &&
      obj(ctx, s, {
        network: s.attr('network'),
        portgroup: s.attr('portgroup'),
        portid: s.attr('portid'),
        bridge: s.attr('bridge'),
        dev: s.attr('dev'),
        mode: s.attr('mode'),
        type: s.attr('type'),
        path: s.attr('path'),
        address: s.attr('address'),
        port: s.intAttr('port'),
      }),
    target: t && obj(ctx, t, { dev: t.attr('dev'), managed: t.boolAttr('managed') }),
    model: m && obj(ctx, m, { type: m.requireAttr('type') }),
    driver,
    link: l && obj(ctx, l, { state: l.requireAttr('state') }),
    mtu: mtu && obj(ctx, mtu, { size: mtu.intAttr('size') ?? mtu.fail(`missing 'size'`, 'size') }),
    ...parseInfo(ctx, r),
  });
}

function parseChrSource(ctx: Ctx, s: ElementReader): Obj {
  return obj(ctx, s, {
    mode: s.attr('mode'),
    path: s.attr('path'),
    host: s.attr('host'),
    service: s.attr('service'),
    append: s.boolAttr('append'),
    channel: s.attr('channel'),
    tls: s.boolAttr('tls'),
  });
}

function parseChr(ctx: Ctx, r: ElementReader): Obj {
  const p = r.child('protocol');
  const lg = r.child('log');
  const t = r.child('target');
  return obj(ctx, r, {
    type: r.attr('type') ?? 'pty',
    sources: r.children('source').map((s) => parseChrSource(ctx, s)),
    protocol: p && obj(ctx, p, { type: p.requireAttr('type') }),
    log: lg && obj(ctx, lg, { file: lg.requireAttr('file'), append: lg.boolAttr('append') }),
    target: t && obj(ctx, t, { type: t.attr('type'), port: t.intAttr('port'), name: t.attr('name'), address: t.attr('address'), state: t.attr('state') }),
    ...parseInfo(ctx, r),
  });
}

function parseGraphics(ctx: Ctx, r: ElementReader): Obj {
  return obj(ctx, r, {
    type: r.requireAttr('type'),
    port: sintAttr(r, 'port'),
    tlsPort: sintAttr(r, 'tlsPort'),
    autoport: r.boolAttr('autoport'),
    websocket: sintAttr(r, 'websocket'),
    listen: r.attr('listen'),
    passwd: r.attr('passwd'),
    keymap: r.attr('keymap'),
    listens: r.children('listen').map((l) => obj(ctx, l, { type: l.requireAttr('type'), address: l.attr('address'), network: l.attr('network'), socket: l.attr('socket') })),
  });
}

function parseVideo(ctx: Ctx, r: ElementReader): Obj {
  const m = r.child('model');
  return obj(ctx, r, {
    model:
      m &&
      obj(ctx, m, {
        type: m.requireAttr('type'),
        vram: m.intAttr('vram'),
        vram64: m.intAttr('vram64'),
        ram: m.intAttr('ram'),
        vgamem: m.intAttr('vgamem'),
        heads: m.intAttr('heads'),
        primary: m.boolAttr('primary'),
      }),
    ...parseInfo(ctx, r),
  });
}

function parseHostdev(ctx: Ctx, r: ElementReader): Obj {
  const s = r.child('source');
  let source: Obj | undefined;
  if (s) {
    const a = s.child('address');
    source = obj(ctx, s, { address: a && parseAddress(ctx, a) });
  }
  return obj(ctx, r, {
    mode: r.attr('mode') ?? 'subsystem',
    type: r.requireAttr('type'),
    managed: r.boolAttr('managed'),
    model: r.attr('model'),
    source,
    readonly: flag(r, 'readonly'),
    shareable: flag(r, 'shareable'),
    ...parseInfo(ctx, r),
  });
}

function parseRng(ctx: Ctx, r: ElementReader): Obj {
  const rate = r.child('rate');
  const b = r.child('backend');
  if (!b) r.fail(`missing <backend> in <rng>`);
  const model = b.requireAttr('model');
  return obj(ctx, r, {
    model: r.requireAttr('model'),
    rate: rate && obj(ctx, rate, { bytes: rate.intAttr('bytes') ?? rate.fail(`missing 'bytes'`, 'bytes'), period: rate.intAttr('period') }),
    backend: obj(ctx, b, { model, path: model === 'random' ? b.text() || undefined : undefined, type: b.attr('type') }),
    ...parseInfo(ctx, r),
  });
}

function parseDevices(ctx: Ctx, r: ElementReader): Obj {
  const simple = (name: string, fields: (c: ElementReader) => Obj): Obj[] => r.children(name).map((c) => obj(ctx, c, { ...fields(c), ...parseInfo(ctx, c) }));
  const mb = r.children('memballoon');
  if (mb.length > 1) mb[1]!.fail(`only one memory balloon device is supported`);
  let memballoon: Obj | undefined;
  if (mb[0]) {
    const m = mb[0];
    const st = m.child('stats');
    memballoon = obj(ctx, m, {
      model: m.requireAttr('model'),
      autodeflate: m.boolAttr('autodeflate'),
      freePageReporting: m.boolAttr('freePageReporting'),
      stats: st && obj(ctx, st, { period: st.intAttr('period') ?? st.fail(`missing 'period'`, 'period') }),
      ...parseInfo(ctx, m),
    });
  }
  const em = r.children('emulator');
  return obj(ctx, r, {
    emulator: em[0] ? em[0].text() : undefined,
    disks: r.children('disk').map((c) => parseDisk(ctx, c)),
    controllers: r.children('controller').map((c) => parseController(ctx, c)),
    interfaces: r.children('interface').map((c) => parseInterface(ctx, c)),
    serials: r.children('serial').map((c) => parseChr(ctx, c)),
    parallels: r.children('parallel').map((c) => parseChr(ctx, c)),
    consoles: r.children('console').map((c) => parseChr(ctx, c)),
    channels: r.children('channel').map((c) => parseChr(ctx, c)),
    inputs: simple('input', (c) => ({ type: c.requireAttr('type'), bus: c.attr('bus'), model: c.attr('model') })),
    tpms: r.children('tpm').map((c: ElementReader) => {
      const b = c.child('backend');
      if (!b) c.fail(`missing TPM device backend`);
      return obj(ctx, c, { model: c.attr('model'), backend: obj(ctx, b, { type: b.requireAttr('type'), version: b.attr('version') }), ...parseInfo(ctx, c) });
    }),
    graphics: r.children('graphics').map((c) => parseGraphics(ctx, c)),
    sounds: simple('sound', (c) => ({ model: c.requireAttr('model') })),
    videos: r.children('video').map((c) => parseVideo(ctx, c)),
    hostdevs: r.children('hostdev').map((c) => parseHostdev(ctx, c)),
    watchdogs: simple('watchdog', (c) => ({ model: c.requireAttr('model'), action: c.attr('action') })),
    memballoon,
    rngs: r.children('rng').map((c) => parseRng(ctx, c)),
    panics: simple('panic', (c) => ({ model: c.attr('model') })),
  });
}

/** Converts a zod failure into an INVALID_ARG {@link PolyvisorError}, located at the XML element the bad value came from. */
function zodFailure(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, raw: unknown, ctx?: Ctx): PolyvisorError {
  const issue = issues[0]!;
  let cur: unknown = raw;
  let xmlPath = ctx ? '/domain' : '';
  let rest: PropertyKey[] = [];
  for (let i = 0; i < issue.path.length; i++) {
    const k = issue.path[i]!;
    if (cur === null || typeof cur !== 'object') {
      rest = issue.path.slice(i);
      break;
    }
    cur = (cur as Record<PropertyKey, unknown>)[k];
    const p = ctx && cur !== null && typeof cur === 'object' ? ctx.paths.get(cur) : undefined;
    if (p) {
      xmlPath = p;
      rest = [];
    } else rest.push(k);
  }
  const specPath = issue.path.map(String).join('.');
  const where = ctx ? `${xmlPath}${rest.length ? `/@${rest.map(String).join('.')}` : ''}` : specPath;
  return new PolyvisorError(ErrorCode.INVALID_ARG, `invalid domain definition: ${specPath || '(root)'}: ${issue.message} (at ${where})`, {
    detail: { path: where, specPath, issues: issues.slice(0, 5).map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}

/**
 * Converts a parsed `<domain>` element into a validated {@link DomainSpec}.
 * Throws {@link XmlError} (`XML_ERROR`) for structural problems and
 * `INVALID_ARG` for values the model rejects, both naming the XML path.
 */
export function domainSpecFromXmlElement(root: XmlElement): DomainSpec {
  try {
    return domainFromElement(root);
  } catch (e) {
    if (e instanceof PolyvisorError) throw e;
    throw new XmlError(`invalid domain XML: ${e instanceof Error ? e.message : String(e)}`, '/domain', { cause: e });
  }
}

function domainFromElement(root: XmlElement): DomainSpec {
  const ctx: Ctx = { paths: new WeakMap() };
  const r: ElementReader = new ElementReader(root, `/${root.name}`);
  if (root.name !== 'domain') r.fail(`expected root element <domain>, found <${root.name}>`);
  const type = r.requireAttr('type');
  const nameEl = r.child('name');
  const name = nameEl?.text();
  if (!nameEl || !name) r.fail(`missing required element <name>`);
  let uuid: string | undefined;
  const uuidEl = r.child('uuid');
  if (uuidEl) {
    try {
      uuid = normalizeUuid(uuidEl.text());
    } catch {
      uuidEl.fail(`invalid UUID '${uuidEl.text()}'`);
    }
  }
  const md = r.child('metadata');
  const mm = r.child('maxMemory');
  const memEl = r.child('memory');
  if (!memEl) r.fail(`Memory size must be specified via <memory> or in the <numa> configuration`);
  const memory = kibText(memEl);
  const memoryDumpCore = memEl.boolAttr('dumpCore');
  const cmEl = r.child('currentMemory');
  const mb = r.child('memoryBacking');
  const v = r.child('vcpu');
  let vcpu: Obj | undefined;
  if (v) {
    const t = v.text();
    const count = t === '' ? 1 : /^[0-9]+$/.test(t) ? Number(t) : v.fail(`invalid vcpu count '${t}'`);
    const cpuset = v.attr('cpuset');
    if (cpuset !== undefined && !isValidBitmap(cpuset)) v.fail(`Failed to parse bitmap '${cpuset}'`, 'cpuset');
    vcpu = obj(ctx, v, { count, current: v.intAttr('current'), placement: v.attr('placement'), cpuset });
  }
  const os = r.child('os');
  const feats = r.child('features');
  const cpu = r.child('cpu');
  const clock = r.child('clock');
  const lifecycle = (n: string): string | undefined => textEl(r, n);
  const pm = r.child('pm');
  const dev = r.child('devices');
  let pmObj: Obj | undefined;
  if (pm) {
    const m = pm.child('suspend-to-mem');
    const d = pm.child('suspend-to-disk');
    pmObj = obj(ctx, pm, { suspendToMem: m?.boolAttr('enabled'), suspendToDisk: d?.boolAttr('enabled') });
    if (m) {
      const x = m.extras();
      if (x) pm.fail(`unexpected content in <suspend-to-mem>`);
    }
    if (d) {
      const x = d.extras();
      if (x) pm.fail(`unexpected content in <suspend-to-disk>`);
    }
  }
  const raw = obj(ctx, r, {
    type,
    name,
    uuid,
    title: textEl(r, 'title'),
    description: textEl(r, 'description'),
    metadata: md ? cloneElement(md.node) : undefined,
    maxMemory: mm && obj(ctx, mm, { size: kibText(mm), slots: mm.intAttr('slots') }),
    memory,
    memoryDumpCore,
    currentMemory: cmEl ? kibText(cmEl) : undefined,
    memoryBacking: mb && parseMemoryBacking(ctx, mb),
    vcpu,
    os: os && parseOs(ctx, os),
    features: feats && parseFeatures(ctx, feats),
    cpu: cpu && parseCpu(ctx, cpu),
    clock: clock && parseClock(ctx, clock),
    onPoweroff: lifecycle('on_poweroff'),
    onReboot: lifecycle('on_reboot'),
    onCrash: lifecycle('on_crash'),
    pm: pmObj,
    devices: dev && parseDevices(ctx, dev),
  });
  if (os) ctx.paths.set(raw.os as object, os.path);
  const res = DomainSpecSchema.safeParse(raw);
  if (!res.success) throw zodFailure(res.error.issues, raw, ctx);
  validateDomainRules(res.data);
  return res.data;
}

/** True when `s` is a libvirt CPU/node bitmap (`0-3,^2,8`) selecting at least one bit. */
export function isValidBitmap(s: string): boolean {
  const set = new Set<number>();
  const parts = s.split(',').map((p) => p.trim());
  for (const p of parts) {
    const m = /^(\^)?([0-9]+)(?:-([0-9]+))?$/.exec(p);
    if (!m) return false;
    const a = Number(m[2]);
    const b = m[3] === undefined ? a : Number(m[3]);
    if (b < a) return false;
    for (let i = a; i <= b && i - a < 100000; i++) {
      if (m[1]) set.delete(i);
      else set.add(i);
    }
  }
  return set.size > 0;
}

/**
 * Parses libvirt domain XML into a validated {@link DomainSpec}. Unknown
 * elements and attributes are kept (as `extra`) so that formatting gives them
 * back. Throws `XML_ERROR` or `INVALID_ARG` {@link PolyvisorError}s naming the
 * offending element.
 */
export function parseDomainXml(xml: string): DomainSpec {
  return domainSpecFromXmlElement(parseXmlDocument(xml, 'domain'));
}

// ---------------------------------------------------------------------------
// Formatting

type Extra = { extra?: XmlExtras | undefined };

function fmtAddress(a: DeviceAddress, name = 'address'): XmlElement {
  const w = new ElementWriter(name).attr('type', a.type);
  for (const [k, v] of Object.entries(a.attrs ?? {})) w.attr(k, v);
  return w.build(a.extra);
}

function writeInfo(w: ElementWriter, d: { boot?: { order: number; loadparm?: string | undefined } & Extra; alias?: { name: string } & Extra; address?: DeviceAddress }): void {
  if (d.boot) w.child(new ElementWriter('boot').attr('order', d.boot.order).attr('loadparm', d.boot.loadparm).build(d.boot.extra));
  if (d.alias) w.child(new ElementWriter('alias').attr('name', d.alias.name).build(d.alias.extra));
  if (d.address) w.child(fmtAddress(d.address));
}

function flagEl(w: ElementWriter, name: string, v: boolean | undefined): void {
  if (v) w.child(new ElementWriter(name));
}

function hex(n: number | undefined): string | undefined {
  return n === undefined ? undefined : `0x${n.toString(16)}`;
}

type Spec = DomainSpec;
type Devs = NonNullable<Spec['devices']>;

function fmtOs(os: Spec['os']): XmlElement {
  const w = new ElementWriter('os').attr('firmware', os.firmware);
  w.child(new ElementWriter('type').attr('arch', os.arch).attr('machine', os.machine).text(os.type).build(os.typeExtra));
  if (os.firmwareFeatures) {
    const f = new ElementWriter('firmware');
    for (const x of os.firmwareFeatures.features) f.child(new ElementWriter('feature').attr('enabled', x.enabled).attr('name', x.name).build(x.extra));
    w.child(f.build(os.firmwareFeatures.extra));
  }
  if (os.loader) {
    const l = os.loader;
    const lw = new ElementWriter('loader').attr('readonly', l.readonly).attr('secure', l.secure).attr('type', l.type).attr('stateless', l.stateless).attr('format', l.format);
    if (l.path !== undefined) lw.text(l.path);
    w.child(lw.build(l.extra));
  }
  if (os.nvram) {
    const n = os.nvram;
    const nw = new ElementWriter('nvram').attr('template', n.template).attr('templateFormat', n.templateFormat).attr('format', n.format);
    if (n.path !== undefined) nw.text(n.path);
    w.child(nw.build(n.extra));
  }
  w.textChild('kernel', os.kernel).textChild('initrd', os.initrd).textChild('cmdline', os.cmdline).textChild('dtb', os.dtb);
  for (const b of os.boot) w.child(new ElementWriter('boot').attr('dev', b.dev).build(b.extra));
  if (os.bootmenu) w.child(new ElementWriter('bootmenu').attr('enable', os.bootmenu.enable).attr('timeout', os.bootmenu.timeout).build(os.bootmenu.extra));
  if (os.smbios) w.child(new ElementWriter('smbios').attr('mode', os.smbios.mode).build(os.smbios.extra));
  if (os.bios) w.child(new ElementWriter('bios').attr('useserial', os.bios.useserial).attr('rebootTimeout', os.bios.rebootTimeout).build(os.bios.extra));
  return w.build(os.extra);
}

function fmtFeatures(f: NonNullable<Spec['features']>): XmlElement {
  const w = new ElementWriter('features');
  const t = (name: string, v: ({ state?: boolean | undefined } & Extra) | undefined, more?: (e: ElementWriter) => void): void => {
    if (!v) return;
    const e = new ElementWriter(name).onOff('state', v.state);
    more?.(e);
    w.child(e.build(v.extra));
  };
  t('acpi', f.acpi);
  t('apic', f.apic, (e) => e.onOff('eoi', f.apic?.eoi));
  t('pae', f.pae);
  t('hap', f.hap);
  t('pmu', f.pmu);
  t('vmport', f.vmport);
  return w.build(f.extra);
}

function fmtCpu(c: NonNullable<Spec['cpu']>): XmlElement {
  const w = new ElementWriter('cpu').attr('mode', c.mode).attr('match', c.match).attr('check', c.check).onOff('migratable', c.migratable);
  if (c.model) {
    const m = new ElementWriter('model').attr('fallback', c.model.fallback).attr('vendor_id', c.model.vendorId);
    if (c.model.name !== undefined) m.text(c.model.name);
    w.child(m.build(c.model.extra));
  }
  w.textChild('vendor', c.vendor);
  if (c.topology) {
    const t = c.topology;
    w.child(new ElementWriter('topology').attr('sockets', t.sockets).attr('dies', t.dies).attr('clusters', t.clusters).attr('cores', t.cores).attr('threads', t.threads).build(t.extra));
  }
  for (const f of c.features) w.child(new ElementWriter('feature').attr('policy', f.policy).attr('name', f.name).build(f.extra));
  if (c.numa) {
    const n = new ElementWriter('numa');
    for (const cell of c.numa.cells)
      n.child(
        new ElementWriter('cell')
          .attr('id', cell.id)
          .attr('cpus', cell.cpus)
          .attr('memory', cell.memory)
          .attr('unit', 'KiB')
          .attr('memAccess', cell.memAccess)
          .attr('discard', cell.discard)
          .build(cell.extra),
      );
    w.child(n.build(c.numa.extra));
  }
  return w.build(c.extra);
}

function fmtClock(c: NonNullable<Spec['clock']>): XmlElement {
  const w = new ElementWriter('clock').attr('offset', c.offset).attr('timezone', c.timezone).attr('adjustment', c.adjustment).attr('basis', c.basis).attr('start', c.start);
  for (const t of c.timers)
    w.child(new ElementWriter('timer').attr('name', t.name).attr('tickpolicy', t.tickpolicy).attr('track', t.track).attr('frequency', t.frequency).attr('mode', t.mode).attr('present', t.present).build(t.extra));
  return w.build(c.extra);
}

function fmtMemoryBacking(m: NonNullable<Spec['memoryBacking']>): XmlElement {
  const w = new ElementWriter('memoryBacking');
  if (m.hugepages) {
    const h = new ElementWriter('hugepages');
    for (const p of m.hugepages.pages) h.child(new ElementWriter('page').attr('size', p.size).attr('unit', p.size !== undefined ? 'KiB' : undefined).attr('nodeset', p.nodeset).build(p.extra));
    w.child(h.build(m.hugepages.extra));
  }
  flagEl(w, 'nosharepages', m.nosharepages);
  flagEl(w, 'locked', m.locked);
  if (m.source) w.child(new ElementWriter('source').attr('type', m.source.type).build(m.source.extra));
  if (m.access) w.child(new ElementWriter('access').attr('mode', m.access.mode).build(m.access.extra));
  if (m.allocation) w.child(new ElementWriter('allocation').attr('mode', m.allocation.mode).attr('threads', m.allocation.threads).build(m.allocation.extra));
  flagEl(w, 'discard', m.discard);
  return w.build(m.extra);
}

function fmtDisk(d: Devs['disks'][number]): XmlElement {
  const w = new ElementWriter('disk').attr('type', d.type).attr('device', d.device).attr('model', d.model).attr('rawio', d.rawio).attr('sgio', d.sgio).attr('snapshot', d.snapshot);
  if (d.driver) {
    const x = d.driver;
    w.child(
      new ElementWriter('driver')
        .attr('name', x.name)
        .attr('type', x.type)
        .attr('cache', x.cache)
        .attr('error_policy', x.errorPolicy)
        .attr('io', x.io)
        .attr('discard', x.discard)
        .attr('detect_zeroes', x.detectZeroes)
        .attr('iothread', x.iothread)
        .build(x.extra),
    );
  }
  if (d.source) {
    const s = d.source;
    const sw = new ElementWriter('source')
      .attr('file', s.file)
      .attr('dev', s.dev)
      .attr('dir', s.dir)
      .attr('protocol', s.protocol)
      .attr('name', s.name)
      .attr('pool', s.pool)
      .attr('volume', s.volume)
      .attr('mode', s.mode)
      .attr('startupPolicy', s.startupPolicy);
    for (const h of s.hosts) sw.child(new ElementWriter('host').attr('name', h.name).attr('port', h.port).attr('transport', h.transport).attr('socket', h.socket).build(h.extra));
    w.child(sw.build(s.extra));
  }
  const t = d.target;
  w.child(new ElementWriter('target').attr('dev', t.dev).attr('bus', t.bus).attr('tray', t.tray).onOff('removable', t.removable).attr('rotation_rate', t.rotationRate).build(t.extra));
  flagEl(w, 'readonly', d.readonly);
  flagEl(w, 'shareable', d.shareable);
  if (d.transient) w.child(new ElementWriter('transient').attr('shareBacking', d.transient.shareBacking).build(d.transient.extra));
  w.textChild('serial', d.serial).textChild('wwn', d.wwn).textChild('vendor', d.vendor).textChild('product', d.product);
  writeInfo(w, d);
  return w.build(d.extra);
}

function fmtController(c: Devs['controllers'][number]): XmlElement {
  const w = new ElementWriter('controller').attr('type', c.type).attr('index', c.index).attr('model', c.model).attr('ports', c.ports).attr('vectors', c.vectors).attr('maxGrantFrames', c.maxGrantFrames);
  if (c.driver) w.child(new ElementWriter('driver').attr('queues', c.driver.queues).attr('iothread', c.driver.iothread).build(c.driver.extra));
  if (c.target) {
    const t = c.target;
    w.child(
      new ElementWriter('target').attr('chassisNr', t.chassisNr).attr('chassis', t.chassis).attr('port', hex(t.port)).attr('busNr', t.busNr).attr('index', t.index).onOff('hotplug', t.hotplug).build(t.extra),
    );
  }
  writeInfo(w, c);
  return w.build(c.extra);
}

function fmtInterface(n: Devs['interfaces'][number]): XmlElement {
  const w = new ElementWriter('interface').attr('type', n.type).attr('trustGuestRxFilters', n.trustGuestRxFilters);
  if (n.mac) w.child(new ElementWriter('mac').attr('address', n.mac.address).attr('type', n.mac.type).attr('check', n.mac.check).build(n.mac.extra));
  if (n.source) {
    const s = n.source;
    w.child(
      new ElementWriter('source')
        .attr('network', s.network)
        .attr('portgroup', s.portgroup)
        .attr('portid', s.portid)
        .attr('bridge', s.bridge)
        .attr('dev', s.dev)
        .attr('type', s.type)
        .attr('path', s.path)
        .attr('address', s.address)
        .attr('port', s.port)
        .attr('mode', s.mode)
        .build(s.extra),
    );
  }
  if (n.target) w.child(new ElementWriter('target').attr('dev', n.target.dev).attr('managed', n.target.managed).build(n.target.extra));
  if (n.model) w.child(new ElementWriter('model').attr('type', n.model.type).build(n.model.extra));
  if (n.driver) {
    const d = n.driver;
    w.child(new ElementWriter('driver').attr('name', d.name).attr('txmode', d.txmode).attr('queues', d.queues).attr('rx_queue_size', d.rxQueueSize).attr('tx_queue_size', d.txQueueSize).build(d.extra));
  }
  if (n.link) w.child(new ElementWriter('link').attr('state', n.link.state).build(n.link.extra));
  if (n.mtu) w.child(new ElementWriter('mtu').attr('size', n.mtu.size).build(n.mtu.extra));
  writeInfo(w, n);
  return w.build(n.extra);
}

function fmtChr(name: string, c: Devs['serials'][number]): XmlElement {
  const w = new ElementWriter(name).attr('type', c.type);
  for (const s of c.sources)
    w.child(
      new ElementWriter('source')
        .attr('mode', s.mode)
        .attr('host', s.host)
        .attr('service', s.service)
        .attr('path', s.path)
        .onOff('append', s.append)
        .attr('channel', s.channel)
        .attr('tls', s.tls)
        .build(s.extra),
    );
  if (c.protocol) w.child(new ElementWriter('protocol').attr('type', c.protocol.type).build(c.protocol.extra));
  if (c.log) w.child(new ElementWriter('log').attr('file', c.log.file).onOff('append', c.log.append).build(c.log.extra));
  if (c.target) {
    const t = c.target;
    w.child(new ElementWriter('target').attr('type', t.type).attr('name', t.name).attr('state', t.state).attr('address', t.address).attr('port', t.port).build(t.extra));
  }
  writeInfo(w, c);
  return w.build(c.extra);
}

function fmtGraphics(g: Devs['graphics'][number]): XmlElement {
  const w = new ElementWriter('graphics')
    .attr('type', g.type)
    .attr('port', g.port)
    .attr('tlsPort', g.tlsPort)
    .attr('autoport', g.autoport)
    .attr('websocket', g.websocket)
    .attr('listen', g.listen)
    .attr('passwd', g.passwd)
    .attr('keymap', g.keymap);
  for (const l of g.listens) w.child(new ElementWriter('listen').attr('type', l.type).attr('address', l.address).attr('network', l.network).attr('socket', l.socket).build(l.extra));
  return w.build(g.extra);
}

function fmtDevices(d: Devs): XmlElement {
  const w = new ElementWriter('devices');
  w.textChild('emulator', d.emulator);
  for (const x of d.disks) w.child(fmtDisk(x));
  for (const x of d.controllers) w.child(fmtController(x));
  for (const x of d.interfaces) w.child(fmtInterface(x));
  for (const x of d.serials) w.child(fmtChr('serial', x));
  for (const x of d.parallels) w.child(fmtChr('parallel', x));
  for (const x of d.consoles) w.child(fmtChr('console', x));
  for (const x of d.channels) w.child(fmtChr('channel', x));
  for (const x of d.inputs) {
    const e = new ElementWriter('input').attr('type', x.type).attr('bus', x.bus).attr('model', x.model);
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  for (const x of d.tpms) {
    const e = new ElementWriter('tpm').attr('model', x.model);
    e.child(new ElementWriter('backend').attr('type', x.backend.type).attr('version', x.backend.version).build(x.backend.extra));
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  for (const x of d.graphics) w.child(fmtGraphics(x));
  for (const x of d.sounds) {
    const e = new ElementWriter('sound').attr('model', x.model);
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  for (const x of d.videos) {
    const e = new ElementWriter('video');
    if (x.model) {
      const m = x.model;
      e.child(
        new ElementWriter('model').attr('type', m.type).attr('ram', m.ram).attr('vram', m.vram).attr('vram64', m.vram64).attr('vgamem', m.vgamem).attr('heads', m.heads).attr('primary', m.primary).build(m.extra),
      );
    }
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  for (const x of d.hostdevs) {
    const e = new ElementWriter('hostdev').attr('mode', x.mode).attr('type', x.type).attr('managed', x.managed).attr('model', x.model);
    if (x.source) {
      const s = new ElementWriter('source');
      if (x.source.address) s.child(fmtAddress(x.source.address));
      e.child(s.build(x.source.extra));
    }
    flagEl(e, 'readonly', x.readonly);
    flagEl(e, 'shareable', x.shareable);
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  for (const x of d.watchdogs) {
    const e = new ElementWriter('watchdog').attr('model', x.model).attr('action', x.action);
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  if (d.memballoon) {
    const m = d.memballoon;
    const e = new ElementWriter('memballoon').attr('model', m.model).onOff('autodeflate', m.autodeflate).onOff('freePageReporting', m.freePageReporting);
    if (m.stats) e.child(new ElementWriter('stats').attr('period', m.stats.period).build(m.stats.extra));
    writeInfo(e, m);
    w.child(e.build(m.extra));
  }
  for (const x of d.rngs) {
    const e = new ElementWriter('rng').attr('model', x.model);
    if (x.rate) e.child(new ElementWriter('rate').attr('bytes', x.rate.bytes).attr('period', x.rate.period).build(x.rate.extra));
    const b = new ElementWriter('backend').attr('model', x.backend.model).attr('type', x.backend.type);
    if (x.backend.path !== undefined) b.text(x.backend.path);
    e.child(b.build(x.backend.extra));
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  for (const x of d.panics) {
    const e = new ElementWriter('panic').attr('model', x.model);
    writeInfo(e, x);
    w.child(e.build(x.extra));
  }
  return w.build(d.extra);
}

/** Options of {@link formatDomainXml} / {@link domainSpecToXmlElement}. */
export interface FormatDomainOptions {
  /** Format the persistent (inactive) definition: no runtime `id`. */
  inactive?: boolean;
  /** Runtime domain id written as `<domain id=...>` unless `inactive`. */
  id?: number;
}

/**
 * Builds the `<domain>` element of a spec in libvirt's element order, merging
 * back unknown content kept from parsing. The spec is validated first
 * (`INVALID_ARG` on failure).
 */
export function domainSpecToXmlElement(spec: DomainSpec, opts: FormatDomainOptions = {}): XmlElement {
  const res = DomainSpecSchema.safeParse(spec);
  if (!res.success) throw zodFailure(res.error.issues, spec);
  const s = res.data;
  const w = new ElementWriter('domain').attr('type', s.type);
  if (!opts.inactive && opts.id !== undefined && opts.id >= 0) w.attr('id', opts.id);
  w.textChild('name', s.name).textChild('uuid', s.uuid).textChild('title', s.title).textChild('description', s.description);
  if (s.metadata) w.child(cloneElement(s.metadata));
  if (s.maxMemory) w.child(new ElementWriter('maxMemory').attr('slots', s.maxMemory.slots).attr('unit', 'KiB').text(String(s.maxMemory.size)).build(s.maxMemory.extra));
  w.child(new ElementWriter('memory').attr('unit', 'KiB').onOff('dumpCore', s.memoryDumpCore).text(String(s.memory)));
  w.textChild('currentMemory', s.currentMemory ?? s.memory, { unit: 'KiB' });
  if (s.memoryBacking) w.child(fmtMemoryBacking(s.memoryBacking));
  const v = s.vcpu;
  w.child(new ElementWriter('vcpu').attr('placement', v.placement).attr('cpuset', v.cpuset).attr('current', v.current).text(String(v.count)).build(v.extra));
  w.child(fmtOs(s.os));
  if (s.features) w.child(fmtFeatures(s.features));
  if (s.cpu) w.child(fmtCpu(s.cpu));
  if (s.clock) w.child(fmtClock(s.clock));
  w.textChild('on_poweroff', s.onPoweroff).textChild('on_reboot', s.onReboot).textChild('on_crash', s.onCrash);
  if (s.pm) {
    const p = new ElementWriter('pm');
    if (s.pm.suspendToMem !== undefined) p.child(new ElementWriter('suspend-to-mem').attr('enabled', s.pm.suspendToMem));
    if (s.pm.suspendToDisk !== undefined) p.child(new ElementWriter('suspend-to-disk').attr('enabled', s.pm.suspendToDisk));
    w.child(p.build(s.pm.extra));
  }
  if (s.devices) w.child(fmtDevices(s.devices));
  return w.build(s.extra);
}

/** Formats a spec as libvirt domain XML (two-space indentation, single quotes). */
export function formatDomainXml(spec: DomainSpec, opts: FormatDomainOptions = {}): string {
  return serializeXml(domainSpecToXmlElement(spec, opts));
}

// ---------------------------------------------------------------------------
// Semantic validation (rules libvirt applies when a definition is parsed)

function fail(path: string, message: string): never {
  throw new XmlError(message, path);
}

/** Unknown child elements named `name` kept in `extra`. */
function rawKids(extra: XmlExtras | undefined, name: string): XmlElement[] {
  return (extra?.children ?? []).map((c) => c.node).filter((n) => n.name === name);
}

/** Direct element children of a raw element named `name`. */
function kids(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** All descendant elements (including `node`) named `name`. */
function descendants(node: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  if (node.name === name) out.push(node);
  for (const c of node.children) if (typeof c !== 'string') descendants(c, name, out);
  return out;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = parseInteger(v);
  return n;
}

function isQemu(s: DomainSpec): boolean {
  return s.type === 'qemu' || s.type === 'kvm';
}

function machineKind(s: DomainSpec): 'q35' | 'i440fx' | undefined {
  const m = s.os.machine ?? '';
  if (/^(pc-)?q35/.test(m)) return 'q35';
  if (m === 'pc' || /^pc-(i440fx|[0-9])/.test(m)) return 'i440fx';
  return undefined;
}

const DISK_PREFIXES = ['fd', 'hd', 'vd', 'sd', 'xvd', 'ubd'];

/** libvirt's `virDiskNameParse`: prefix, letters (a..z → index), optional partition digits. */
function diskNameIndex(dev: string): { index?: number; partition: boolean } {
  const prefix = DISK_PREFIXES.find((p) => dev.startsWith(p));
  if (!prefix) return { partition: false };
  const rest = dev.slice(prefix.length);
  const m = /^([a-z]+)([0-9]*)$/.exec(rest);
  if (!m) return { partition: false };
  let idx = -1;
  for (const ch of m[1]!) {
    idx = (idx + 1) * 26 + (ch.charCodeAt(0) - 97);
    if (idx > 0x7fffffff) return { partition: m[2] !== '' };
  }
  return { index: idx, partition: m[2] !== '' };
}

interface AddrRef {
  where: string;
  addr: DeviceAddress;
  /** Bus family of a drive address (`ide`, `scsi`, `sata`, `fdc`). */
  bus?: string;
}

/** The drive address libvirt assigns to a disk from its target index (`virDomainDiskDefAssignAddress`). */
function implicitDriveAddress(bus: string, idx: number): Record<string, string> | undefined {
  const a = (controller: number, b: number, unit: number): Record<string, string> => ({ controller: String(controller), bus: String(b), target: '0', unit: String(unit) });
  if (bus === 'scsi') return a(Math.floor(idx / 7), 0, idx % 7);
  if (bus === 'ide') return a(Math.floor(idx / 4), Math.floor((idx % 4) / 2), idx % 2);
  if (bus === 'fdc') return a(Math.floor(idx / 2), 0, idx % 2);
  if (bus === 'sata') return a(Math.floor(idx / 6), 0, idx % 6);
  return undefined;
}

/** Applies libvirt's parse-time consistency rules to a spec; throws {@link XmlError} naming the element. */
function validateDomainRules(s: DomainSpec): void {
  const os = s.os;
  const dev = s.devices;
  const qemu = isQemu(s);
  // --- OS / firmware
  if (os.firmwareFeatures && os.firmwareFeatures.features.length > 0 && !os.firmware) fail('/domain/os/firmware', 'cannot use feature-based firmware autoselection when firmware autoselection is disabled');
  if (os.firmwareFeatures) {
    const f = new Map(os.firmwareFeatures.features.map((x) => [x.name, x.enabled]));
    if (f.get('enrolled-keys') === true && f.get('secure-boot') === false) fail('/domain/os/firmware', "firmware feature 'enrolled-keys' cannot be enabled when firmware feature 'secure-boot' is disabled");
  }
  if (os.firmware === 'bios' && (os.nvram || os.loader?.stateless === false)) fail('/domain/os/nvram', os.nvram ? "firmware type 'bios' does not support nvram" : 'Only EFI firmware permits NVRAM');
  if (!os.firmware && os.loader && os.loader.type !== 'pflash' && (os.nvram || os.loader.stateless === false)) fail('/domain/os/loader', 'Only pflash loader type permits NVRAM');
  if (!os.firmware && os.loader?.type === 'pflash' && (os.arch ?? 'x86_64') === 'x86_64' && machineKind(s) === 'q35' && !s.features?.acpi && qemu)
    fail('/domain/features', 'UEFI requires ACPI on this architecture');
  for (const [i, b] of (dev ? [...dev.disks, ...dev.interfaces, ...dev.hostdevs] : []).entries())
    if (b.boot?.loadparm !== undefined && !/^[a-zA-Z0-9. ]{1,8}$/.test(b.boot.loadparm)) fail(`/domain/devices/*[${i + 1}]/boot/@loadparm`, `invalid loadparm value '${b.boot.loadparm}', expecting chars in set of [a-zA-Z0-9.] and blank spaces`);
  // --- memory / NUMA
  const cells = s.cpu?.numa?.cells ?? [];
  const cellIds = new Set(cells.map((c, i) => c.id ?? i));
  cells.forEach((c, i) => {
    if (cellIds.size !== cells.length || !cellIds.has(i)) fail(`/domain/cpu/numa/cell[${i + 1}]`, "Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed");
    for (const d of rawKids(c.extra, 'distances'))
      for (const sib of kids(d, 'sibling')) {
        const id = num(sib.attrs.id);
        if (id === undefined || id >= cells.length) fail(`/domain/cpu/numa/cell[${i + 1}]/distances`, `'sibling_id ${sib.attrs.id}' does not refer to a valid cell within NUMA 'cell id ${c.id ?? i}'`);
      }
    if (c.cpus !== undefined && !isValidBitmap(c.cpus)) fail(`/domain/cpu/numa/cell[${i + 1}]/@cpus`, `Failed to parse bitmap '${c.cpus}'`);
  });
  for (const [i, p] of (s.memoryBacking?.hugepages?.pages ?? []).entries()) {
    if (p.nodeset === undefined) continue;
    if (!isValidBitmap(p.nodeset)) fail(`/domain/memoryBacking/hugepages/page[${i + 1}]/@nodeset`, `Failed to parse bitmap '${p.nodeset}'`);
    for (const n of bitmapMembers(p.nodeset)) if (n >= cells.length) fail(`/domain/memoryBacking/hugepages/page[${i + 1}]/@nodeset`, `hugepages: node ${n} not found`);
  }
  for (const nt of rawKids(s.extra, 'numatune')) {
    const mem = kids(nt, 'memory')[0];
    if (mem) {
      if (mem.attrs.nodeset !== undefined && !isValidBitmap(mem.attrs.nodeset)) fail('/domain/numatune/memory/@nodeset', `Invalid value of 'nodeset': ${mem.attrs.nodeset}`);
      if (mem.attrs.placement === 'static' && mem.attrs.nodeset === undefined) fail('/domain/numatune/memory', "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
    }
    for (const mn of kids(nt, 'memnode')) {
      if (cells.length === 0) fail('/domain/numatune/memnode', "Element 'memnode' is invalid without any guest NUMA cells");
      if (mem?.attrs.mode === 'restrictive' && mn.attrs.mode !== 'restrictive') fail('/domain/numatune/memnode', "'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element");
    }
  }
  for (const m of rawKids(dev?.extra, 'memory')) {
    const node = kids(m, 'target').flatMap((t) => kids(t, 'node'))[0];
    const n = node ? num(textOf(node).trim()) : undefined;
    if (n !== undefined && n >= cells.length && cells.length > 0) fail('/domain/devices/memory/target/node', `can't add memory backend for guest node '${n}' as the guest has only '${cells.length}' NUMA nodes configured`);
  }
  // --- iothreads referenced by <cputune><iothreadsched>
  const ioIds = new Set<number>();
  for (const ids of rawKids(s.extra, 'iothreadids')) for (const t of kids(ids, 'iothread')) ioIds.add(num(t.attrs.id) ?? -1);
  if (ioIds.size === 0) for (const n of rawKids(s.extra, 'iothreads')) for (let i = 1; i <= (num(textOf(n).trim()) ?? 0) && i < 100000; i++) ioIds.add(i);
  for (const ct of rawKids(s.extra, 'cputune'))
    for (const sch of kids(ct, 'iothreadsched')) {
      const v = sch.attrs.iothreads;
      if (v === undefined) continue;
      if (!isValidBitmap(v)) fail('/domain/cputune/iothreadsched/@iothreads', `Failed to parse bitmap '${v}'`);
      for (const id of bitmapMembers(v)) if (!ioIds.has(id)) fail('/domain/cputune/iothreadsched/@iothreads', `Cannot find 'iothread' : ${id}`);
    }
  // --- CPU
  for (const mp of rawKids(s.cpu?.extra, 'maxphysaddr')) if (mp.attrs.mode === 'passthrough' && mp.attrs.bits !== undefined) fail('/domain/cpu/maxphysaddr', "CPU maximum physical address bits number specification cannot be used with mode='passthrough'");
  for (const c of rawKids(s.cpu?.extra, 'cache')) {
    if (c.attrs.mode === 'emulate' && c.attrs.level !== undefined && c.attrs.level !== '3') fail('/domain/cpu/cache', "CPU cache mode 'emulate' can only be used with level='3'");
    if (c.attrs.mode === 'passthrough' && c.attrs.level !== undefined) fail('/domain/cpu/cache', "unsupported CPU cache level for mode 'passthrough'");
  }
  // --- features
  const featExtra = s.features?.extra;
  for (const smm of rawKids(featExtra, 'smm'))
    for (const t of kids(smm, 'tseg')) {
      if (machineKind(s) !== 'q35') fail('/domain/features/smm/tseg', 'SMM TSEG is only supported with q35 machine type');
      const v = num(textOf(t).trim());
      let bytes: number | undefined;
      try {
        bytes = v === undefined ? undefined : scaleToUnit(String(v), t.attrs.unit, 'MiB', 'bytes');
      } catch {
        fail('/domain/features/smm/tseg', 'invalid TSEG size');
      }
      if (bytes !== undefined && bytes % (1024 * 1024) !== 0) fail('/domain/features/smm/tseg', 'SMM TSEG size must be divisible by 1 MiB');
    }
  const ps2Off = rawKids(featExtra, 'ps2').some((p) => p.attrs.state === 'off');
  if (!dev) return;
  if (ps2Off && dev.inputs.some((i) => i.bus === 'ps2')) fail('/domain/devices/input', 'ps2 bus inputs require the ps2 feature not to be disabled');
  // --- sysinfo
  for (const si of rawKids(s.extra, 'sysinfo')) {
    for (const e of kids(si, 'bios').flatMap((b) => kids(b, 'entry')))
      if (e.attrs.name === 'date' && !/^(0?[1-9]|1[0-2])\/(0?[1-9]|[12][0-9]|3[01])\/([0-9]{2}|[0-9]{4})$/.test(textOf(e).trim())) fail('/domain/sysinfo/bios/entry', "Invalid BIOS 'date' format");
    for (const e of kids(si, 'system').flatMap((b) => kids(b, 'entry'))) {
      if (e.attrs.name !== 'uuid' || !s.uuid) continue;
      let u: string | undefined;
      try {
        u = normalizeUuid(textOf(e));
      } catch {
        fail('/domain/sysinfo/system/entry', 'malformed uuid element');
      }
      if (u !== s.uuid) fail('/domain/sysinfo/system/entry', 'UUID mismatch between <uuid> and <sysinfo>');
    }
  }
  // --- seclabels: one per model
  const checkSeclabels = (node: { extra?: XmlExtras | undefined }, where: string): void => {
    const labels = rawKids(node.extra, 'seclabel');
    if (labels.length > 1 && labels.some((l) => l.attrs.model === undefined && l.attrs.type !== 'none')) fail(where, 'missing security model when using multiple labels');
    const models = labels.map((l) => l.attrs.model).filter((m): m is string => m !== undefined);
    const dup = models.find((m, i) => models.indexOf(m) !== i);
    if (dup !== undefined) fail(where, `seclabel for model ${dup} is already provided`);
  };
  checkSeclabels(s, '/domain/seclabel');
  // --- disks
  const targets = new Map<string, string>();
  dev.disks.forEach((d, i) => {
    const where = `/domain/devices/disk[${i + 1}]`;
    const t = d.target.dev;
    const parsed = diskNameIndex(t);
    if (parsed.partition) fail(`${where}/target/@dev`, `invalid disk target '${t}', partitions can't appear in disk targets`);
    if (DISK_PREFIXES.some((p) => t.startsWith(p)) && parsed.index === undefined && !d.address) fail(`${where}/target/@dev`, `Unknown disk name '${t}' and no address specified`);
    const src = d.source?.file ?? d.source?.dev ?? d.source?.dir ?? d.source?.name ?? '';
    if (targets.has(t)) fail(`${where}/target/@dev`, `target '${t}' duplicated for disk sources '${targets.get(t)}' and '${src}'`);
    targets.set(t, src);
    if (d.source) checkSeclabels(d.source, `${where}/source`);
    if (d.source?.protocol === 'sheepdog') fail(`${where}/source/@protocol`, "'sheepdog' protocol is no longer supported by any hypervisor driver");
    const bus = d.target.bus;
    const at = d.address?.type;
    if (at && bus) {
      const ok: Record<string, string[]> = { ide: ['drive'], fdc: ['drive'], scsi: ['drive'], sata: ['drive'], usb: ['usb'] };
      if (ok[bus] && !ok[bus]!.includes(at)) fail(`${where}/address/@type`, bus === 'usb' ? 'unexpected address type for usb disk' : `Invalid address type '${at}' for the disk '${t}' with the bus type '${bus}'`);
    }
    if (d.product !== undefined && d.product.length > 16) fail(`${where}/product`, 'disk product is more than 16 characters');
    if (d.vendor !== undefined && d.vendor.length > 8) fail(`${where}/vendor`, 'disk vendor is more than 8 characters');
    if (rawKids(d.extra, 'iotune').length && rawKids(d.extra, 'throttlefilters').length) fail(`${where}/throttlefilters`, `block 'throttlefilters' can't be used together with 'iotune' for disk '${t}'`);
    if (d.source?.protocol === 'iscsi')
      for (const a of [...rawKids(d.extra, 'auth'), ...rawKids(d.source.extra, 'auth')])
        for (const sec of kids(a, 'secret')) if (sec.attrs.type !== undefined && sec.attrs.type !== 'iscsi') fail(`${where}/auth/secret/@type`, `invalid secret type '${sec.attrs.type}'`);
    if (qemu) {
      const fmt = d.driver?.type;
      if (fmt === 'dir') fail(`${where}/driver/@type`, "'directory' storage format is not directly supported by QEMU, use 'dir' disk type instead");
      if (fmt === 'iso') fail(`${where}/driver/@type`, "storage format 'iso' is not directly supported by QEMU, use 'raw' instead");
      if (d.shareable && !d.readonly && fmt !== undefined && fmt !== 'raw') fail(`${where}/shareable`, `shared access for disk '${t}' requires use of supported storage format`);
      const enc = [...rawKids(d.extra, 'encryption'), ...rawKids(d.source?.extra, 'encryption')];
      if (enc.length && fmt !== undefined && fmt !== 'raw' && fmt !== 'qcow2') fail(`${where}/encryption`, "encryption is supported only with 'raw' and 'qcow2' image format");
      if (d.device === 'lun' && bus === 'virtio') fail(`${where}/target/@bus`, "This QEMU doesn't support SCSI emulation with 'virtio-blk' device");
    }
  });
  // --- controllers
  const ctrlIdx = new Set<string>();
  const usbNone = dev.controllers.some((c) => c.type === 'usb' && c.model === 'none');
  dev.controllers.forEach((c, i) => {
    const where = `/domain/devices/controller[${i + 1}]`;
    const models = ControllerModels[c.type];
    if (c.model !== undefined && models && models.length && !models.includes(c.model)) fail(`${where}/@model`, `Unknown model type '${c.model}'`);
    const key = `${c.type}:${c.index ?? 0}`;
    if (c.index !== undefined && c.type !== 'usb' && ctrlIdx.has(key)) fail(where, `Multiple '${c.type}' controllers with index '${c.index}'`);
    ctrlIdx.add(key);
    if (c.type === 'usb' && usbNone && c.model !== 'none') fail(where, "Can't add another USB controller: USB is disabled for this domain");
    if ((c.model === 'nec-xhci' || c.model === 'qemu-xhci') && c.ports !== undefined && c.ports > 15) fail(`${where}/@ports`, `'${c.model}' controller only supports up to '15' ports`);
    if (c.type === 'pci') {
      if ((c.model === 'pci-root' || c.model === 'pcie-root') && (c.index ?? 0) !== 0) fail(`${where}/@index`, 'pci-root and pcie-root controllers should have index 0');
      if ((c.index ?? 0) === 0 && c.model) {
        const mk = machineKind(s);
        if (mk === 'i440fx' && c.model === 'pcie-root') fail(`${where}/@model`, `The PCI controller with index='0' must be model='pci-root' for this machine type, but model='pcie-root' was found instead`);
        if (mk === 'q35' && c.model === 'pci-root') fail(`${where}/@model`, `The PCI controller with index='0' must be model='pcie-root' for this machine type, but model='pci-root' was found instead`);
      }
      if (c.model === 'pcie-expander-bus' && machineKind(s) !== 'q35') fail(`${where}/@model`, 'pcie-expander-bus controllers are not supported with this machine type');
    }
  });
  if (usbNone) {
    if (dev.inputs.some((x) => x.bus === 'usb')) fail('/domain/devices/input', "Can't add USB input device. USB bus is disabled");
    if (dev.disks.some((x) => x.target.bus === 'usb')) fail('/domain/devices/disk', "Can't add USB disk device. USB bus is disabled");
    if (dev.hostdevs.some((x) => x.type === 'usb')) fail('/domain/devices/hostdev', "Can't add host USB device: USB is disabled in this host");
  }
  // --- interfaces
  dev.interfaces.forEach((n, i) => {
    const where = `/domain/devices/interface[${i + 1}]`;
    const rx = n.driver?.rxQueueSize;
    if (rx !== undefined && (rx === 0 || (rx & (rx - 1)) !== 0)) fail(`${where}/driver/@rx_queue_size`, 'rx_queue_size has to be a power of two');
    const tx = n.driver?.txQueueSize;
    if (tx !== undefined && (tx === 0 || (tx & (tx - 1)) !== 0)) fail(`${where}/driver/@tx_queue_size`, 'tx_queue_size has to be a power of two');
    if (rawKids(n.extra, 'portForward').length && !rawKids(n.extra, 'backend').some((b) => b.attrs.type === 'passt'))
      fail(`${where}/portForward`, "The <portForward> element can only be used with the 'passt' backend of interface type='user' or type='vhostuser'");
  });
  // --- character devices
  const chrCheck = (type: string, sources: Array<{ path?: string | undefined; extra?: XmlExtras | undefined }>, where: string, pathOptional: boolean): void => {
    if (['file', 'pipe', 'dev', 'unix'].includes(type) && !sources.some((x) => x.path) && !pathOptional) fail(where, 'Missing source path attribute for char device');
    for (const src of sources)
      for (const rc of rawKids(src.extra, 'reconnect')) if (rc.attrs.enabled === 'yes' && rc.attrs.timeout === '0') fail(`${where}/source/reconnect`, "chardev reconnect source timeout cannot be '0'");
  };
  const chrs: Array<[string, DomainSpec['devices'] extends infer D ? (D extends { serials: infer A } ? A : never) : never]> = [
    ['serial', dev.serials],
    ['parallel', dev.parallels],
    ['console', dev.consoles],
    ['channel', dev.channels],
  ];
  for (const [kind, list] of chrs)
    list.forEach((c, i) => {
      const where = `/domain/devices/${kind}[${i + 1}]`;
      chrCheck(c.type, c.sources, where, kind === 'channel' && c.target?.type === 'virtio');
      if (qemu && c.type === 'tcp' && c.protocol && c.protocol.type !== 'raw' && c.protocol.type !== 'telnet') fail(`${where}/protocol/@type`, `tcp chardev protocol '${c.protocol.type}' not supported`);
    });
  dev.rngs.forEach((r, i) => {
    if (r.backend.model !== 'egd' || !r.backend.type) return;
    const srcs = rawKids(r.backend.extra, 'source').map((n) => ({ path: n.attrs.path }));
    chrCheck(r.backend.type, srcs, `/domain/devices/rng[${i + 1}]/backend`, false);
  });
  // --- graphics / video
  const gtypes = dev.graphics.map((g) => g.type);
  if (gtypes.includes('egl-headless') && !gtypes.some((t) => t === 'vnc' || t === 'spice') && gtypes.some((t) => t !== 'egl-headless'))
    fail('/domain/devices/graphics', "graphics type 'egl-headless' is only supported with one of: 'vnc', 'spice' graphics types");
  const glCount = dev.graphics.filter((g) => g.type === 'egl-headless' || rawKids(g.extra, 'gl').some((x) => x.attrs.enable === 'yes')).length;
  if (glCount > 1) fail('/domain/devices/graphics', 'multiple OpenGL displays are not supported by QEMU');
  if (dev.videos.length > 1 && dev.videos.some((v) => v.model?.type === 'none')) fail('/domain/devices/video', "a 'none' video type must be the only video device defined for the domain");
  // --- hostdevs
  const hostKeys = new Set<string>();
  dev.hostdevs.forEach((h, i) => {
    const where = `/domain/devices/hostdev[${i + 1}]`;
    const x = h.extra?.attrs ?? {};
    if (h.type === 'mdev') {
      const a = h.source?.address;
      if (a && a.attrs?.uuid === undefined) fail(`${where}/source/address`, "Missing 'uuid' attribute for element <address>");
      if (x.display === 'on' && dev.graphics.length === 0) fail(where, "graphics device is needed for attribute value 'display=on' in <hostdev>");
    }
    if (h.type !== 'scsi' && x.rawio !== undefined) fail(`${where}/@rawio`, 'rawio is only supported for scsi host device');
    if (h.type !== 'scsi' && x.sgio !== undefined) fail(`${where}/@sgio`, 'sgio is only supported for scsi host device');
    if (h.type === 'scsi_host' && h.boot) fail(`${where}/boot`, 'booting from assigned devices is not supported by vhost SCSI devices');
    if ((s.os.arch ?? 'x86_64') !== 's390x' && h.address && h.address.extra?.children?.some((c) => c.node.name === 'zpci')) fail(`${where}/address/zpci`, "This QEMU binary doesn't support zPCI");
    const srcKey = h.source ? JSON.stringify([h.type, h.source.address?.attrs ?? {}, h.source.extra?.attrs ?? {}, (h.source.extra?.children ?? []).map((c) => canonicalXml(c.node))]) : undefined;
    if (srcKey && h.source && (h.source.address || h.source.extra?.children?.length)) {
      if (hostKeys.has(srcKey)) fail(where, 'Hostdev already exists in the domain configuration');
      hostKeys.add(srcKey);
    }
  });
  // --- other devices kept raw
  for (const sh of rawKids(dev.extra, 'shmem'))
    for (const sz of kids(sh, 'size')) {
      let k: number | undefined;
      try {
        k = scaleToUnit(textOf(sz).trim(), sz.attrs.unit, 'bytes', 'KiB');
      } catch {
        fail('/domain/devices/shmem/size', 'invalid shmem size');
      }
      if (k !== undefined && (k < 1024 || (k & (k - 1)) !== 0)) fail('/domain/devices/shmem/size', 'shmem size must be a power of 2 and at least 1 MiB (1024 KiB)');
    }
  for (const io of rawKids(dev.extra, 'iommu')) {
    const model = io.attrs.model;
    if (model === 'intel' && machineKind(s) !== 'q35' && qemu) fail('/domain/devices/iommu', "IOMMU device: 'intel' is only supported with Q35 machines");
    if (model === 'virtio') {
      if (!s.features?.acpi && qemu) fail('/domain/devices/iommu', "IOMMU device: 'virtio' requires ACPI");
      const a = kids(io, 'address')[0];
      if (a && a.attrs.type !== 'pci') fail('/domain/devices/iommu/address', "IOMMU device: 'virtio' needs a PCI address");
      if (kids(io, 'driver').some((d) => Object.keys(d.attrs).length > 0)) fail('/domain/devices/iommu/driver', "iommu model 'virtio' doesn't support additional attributes");
    }
  }
  // --- addresses (PCI ranges and conflicts, drive and USB conflicts)
  const refs: AddrRef[] = [];
  const add = (kind: string, list: Array<{ address?: DeviceAddress | undefined }>): void => list.forEach((d, i) => d.address && refs.push({ where: `/domain/devices/${kind}[${i + 1}]/address`, addr: d.address }));
  dev.disks.forEach((d, i) => {
    const bus = d.target.bus ?? (d.target.dev.startsWith('hd') ? 'ide' : d.target.dev.startsWith('fd') ? 'fdc' : d.target.dev.startsWith('sd') ? 'scsi' : undefined);
    const where = `/domain/devices/disk[${i + 1}]`;
    if (d.address) refs.push({ where: `${where}/address`, addr: d.address, bus });
    else if (bus) {
      const idx = diskNameIndex(d.target.dev).index;
      const attrs = idx === undefined ? undefined : implicitDriveAddress(bus, idx);
      if (attrs) refs.push({ where: `${where}/target`, addr: { type: 'drive', attrs }, bus });
    }
  });
  add('controller', dev.controllers);
  add('interface', dev.interfaces);
  add('serial', dev.serials);
  add('parallel', dev.parallels);
  add('channel', dev.channels);
  add('input', dev.inputs);
  add('tpm', dev.tpms);
  add('sound', dev.sounds);
  add('video', dev.videos);
  dev.hostdevs.forEach((h, i) => h.address && refs.push({ where: `/domain/devices/hostdev[${i + 1}]/address`, addr: h.address, bus: h.type === 'scsi' ? 'scsi' : undefined }));
  add('watchdog', dev.watchdogs);
  if (dev.memballoon) add('memballoon', [dev.memballoon]);
  add('rng', dev.rngs);
  add('panic', dev.panics);
  for (const c of dev.extra?.children ?? []) {
    const a = kids(c.node, 'address')[0];
    if (a) {
      const { type, ...attrs } = a.attrs;
      refs.push({ where: `/domain/devices/${c.node.name}/address`, addr: { type, attrs } });
    }
  }
  const seen = new Map<string, string>();
  const mk = machineKind(s);
  for (const { where, addr, bus: drvBus } of refs) {
    const a = addr.attrs ?? {};
    let key: string | undefined;
    if (addr.type === 'pci') {
      const dom = num(a.domain) ?? 0;
      const bus = num(a.bus) ?? 0;
      const slot = num(a.slot) ?? 0;
      const fn = num(a.function) ?? 0;
      if (dom > 0xffff) fail(`${where}/@domain`, `Invalid PCI address domain='${a.domain}', must be <= 0xFFFF`);
      if (bus > 0xff) fail(`${where}/@bus`, `Invalid PCI address bus='${a.bus}', must be <= 0xFF`);
      if (slot > 0x1f) fail(`${where}/@slot`, `Invalid PCI address slot='${a.slot}', must be <= 0x1F`);
      if (fn > 7) fail(`${where}/@function`, `Invalid PCI address function=${a.function}, must be <= 7`);
      if (a.slot !== undefined) key = `pci:${dom}:${bus}:${slot}:${fn}`;
      // i440fx: the PIIX3 IDE function 00:01.1 is reserved for the IDE controller.
      if (qemu && mk === 'i440fx' && dom === 0 && bus === 0 && slot === 1 && fn === 1 && !where.startsWith('/domain/devices/controller'))
        fail(where, 'Attempted double use of PCI Address 0000:00:01.1');
    } else if (addr.type === 'drive') {
      key = `drive:${drvBus ?? where}:${num(a.controller) ?? 0}:${num(a.bus) ?? 0}:${num(a.target) ?? 0}:${num(a.unit) ?? 0}`;
    } else if (addr.type === 'usb' && a.port !== undefined) key = `usb:${num(a.bus) ?? 0}:${a.port}`;
    if (key === undefined) continue;
    if (seen.has(key)) {
      if (key.startsWith('pci:')) fail(where, `Attempted double use of PCI Address ${key.slice(4)}`);
      if (key.startsWith('usb:')) fail(where, `Duplicate USB address bus ${num(a.bus) ?? 0} port ${a.port}`);
      fail(where, `Found duplicate drive address (controller='${a.controller}' bus='${a.bus}' target='${a.target}' unit='${a.unit}')`);
    }
    seen.set(key, where);
  }
}

/** Members of a valid libvirt bitmap string. */
function bitmapMembers(s: string): number[] {
  const set = new Set<number>();
  for (const p of s.split(',').map((x) => x.trim())) {
    const m = /^(\^)?([0-9]+)(?:-([0-9]+))?$/.exec(p);
    if (!m) continue;
    const a = Number(m[2]);
    const b = m[3] === undefined ? a : Number(m[3]);
    for (let i = a; i <= b && i - a < 100000; i++) {
      if (m[1]) set.delete(i);
      else set.add(i);
    }
  }
  return [...set];
}
