/**
 * libvirt storage pool and storage volume XML ⇄ {@link StoragePoolSpec} /
 * {@link StorageVolumeSpec}.
 *
 * Parsing follows libvirt's `virStoragePoolDefParseXML` and
 * `virStorageVolDefParseXML` (src/conf/storage_conf.c): the same elements are
 * read, the same defaults are applied (source format, source name, gluster
 * source dir, logical/zfs target path, volume format) and the same inputs are
 * rejected. Formatting follows `virStoragePoolDefFormatBuf` and
 * `virStorageVolDefFormat`: element order, sizes as `unit='bytes'`, cleaned
 * paths, octal modes, `-1` owner/group left out. Content the model does not
 * know is kept in `extra` and written back at its original position.
 * @module
 */
import type { z } from 'zod';
import { ErrorCode, PolyvisorError, XmlError } from '../errors.js';
import { normalizeUuid } from '../names.js';
import { scaleToUnit } from '../model/units.js';
import {
  StoragePoolDiskFormats,
  StoragePoolFsFormats,
  StoragePoolLogicalFormats,
  StoragePoolNetfsFormats,
  StoragePoolSpecSchema,
  StoragePoolTypes,
  StorageVolumeDiskFormats,
  StorageVolumeEncryptionFormats,
  StorageVolumeFileFormats,
  StorageVolumeSpecSchema,
  StorageVolumeTypes,
  type StoragePermissions,
  type StoragePoolAdapter,
  type StoragePoolAuth,
  type StoragePoolSource,
  type StoragePoolSpec,
  type StoragePoolType,
  type StorageSecretRef,
  type StorageVolumeEncryption,
  type StorageVolumeSpec,
  type StorageVolumeTarget,
} from '../model/storage.js';
import { ElementReader, ElementWriter } from './mapping.js';
import type { XmlElement } from './node.js';
import { parseXmlDocument } from './parse.js';
import { serializeXml } from './serialize.js';

// ---------------------------------------------------------------------------
// Per pool type options (libvirt's poolTypeInfo table)

const SRC_HOST = 1 << 0;
const SRC_DEVICE = 1 << 1;
const SRC_DIR = 1 << 2;
const SRC_ADAPTER = 1 << 3;
const SRC_NAME = 1 << 4;
const SRC_INITIATOR_IQN = 1 << 5;
const SRC_NETWORK = 1 << 6;

interface PoolTypeInfo {
  /** Which source parts are mandatory / formatted. */
  flags: number;
  /** Source formats, when the pool type has them. */
  formats?: readonly string[];
  /** Default source format. */
  defaultFormat?: string;
  /** Volume formats, when volumes of this pool type have them. */
  volFormats?: readonly string[];
  /** Default volume format. */
  volDefaultFormat?: string;
}

const fileVol = { volFormats: StorageVolumeFileFormats, volDefaultFormat: 'raw' } as const;

const POOL_INFO: Record<StoragePoolType, PoolTypeInfo> = {
  logical: { flags: SRC_NAME | SRC_DEVICE, formats: StoragePoolLogicalFormats, defaultFormat: 'lvm2' },
  dir: { flags: 0, ...fileVol },
  fs: { flags: SRC_DEVICE, formats: StoragePoolFsFormats, defaultFormat: 'auto', ...fileVol },
  netfs: { flags: SRC_HOST | SRC_DIR, formats: StoragePoolNetfsFormats, defaultFormat: 'auto', ...fileVol },
  iscsi: { flags: SRC_HOST | SRC_DEVICE | SRC_INITIATOR_IQN },
  'iscsi-direct': { flags: SRC_HOST | SRC_DEVICE | SRC_NETWORK | SRC_INITIATOR_IQN },
  scsi: { flags: SRC_ADAPTER },
  rbd: { flags: SRC_HOST | SRC_NETWORK | SRC_NAME, ...fileVol },
  sheepdog: { flags: SRC_HOST | SRC_NETWORK | SRC_NAME },
  gluster: { flags: SRC_HOST | SRC_NETWORK | SRC_NAME | SRC_DIR, ...fileVol },
  mpath: { flags: 0 },
  disk: { flags: SRC_DEVICE, formats: StoragePoolDiskFormats, defaultFormat: 'unknown', volFormats: StorageVolumeDiskFormats, volDefaultFormat: 'none' },
  zfs: { flags: SRC_NAME | SRC_DEVICE },
  vstorage: { flags: SRC_NAME, ...fileVol },
};

/** XML namespace of fs/netfs pool mount options. */
const FS_NS = 'http://libvirt.org/schemas/storagepool/fs/1.0';
/** XML namespace of rbd pool configuration options. */
const RBD_NS = 'http://libvirt.org/schemas/storagepool/rbd/1.0';

function poolInfo(type: string): PoolTypeInfo {
  const info = (POOL_INFO as Record<string, PoolTypeInfo | undefined>)[type];
  if (!info) throw new PolyvisorError(ErrorCode.INVALID_ARG, `unknown storage pool type '${type}'`);
  return info;
}

// ---------------------------------------------------------------------------
// Small helpers

function parseDocument(xml: string, what: string): XmlElement {
  try {
    return parseXmlDocument(xml, what);
  } catch (err) {
    if (err instanceof PolyvisorError) throw err;
    throw new XmlError(`${what}: malformed XML: ${err instanceof Error ? err.message : String(err)}`, '', { cause: err });
  }
}

/**
 * The first child element `name`, consuming every sibling of that name: like
 * libvirt's XPath lookups, later duplicates of a single-valued element are
 * ignored (and so not kept as unknown content).
 */
function one(r: ElementReader, name: string): ElementReader | undefined {
  if (r.children(name).length === 0) return undefined;
  return r.child(name);
}

/** Non-empty text of the first child `name` (libvirt's `string(./name)`, which is NULL when empty). */
function optText(r: ElementReader, name: string): string | undefined {
  const t = one(r, name)?.text();
  return t === undefined || t === '' ? undefined : t;
}

/** Non-empty attribute value (libvirt's `string(./@name)`). */
function optAttr(r: ElementReader, name: string): string | undefined {
  const v = r.attr(name);
  return v === undefined || v === '' ? undefined : v;
}

/** A strict `yes`/`no` attribute (libvirt's virTristateBool). */
function yesNoAttr(r: ElementReader, name: string): boolean | undefined {
  const v = r.attr(name);
  if (v === undefined) return undefined;
  if (v === 'yes') return true;
  if (v === 'no') return false;
  return r.fail(`invalid value '${v}' for attribute '${name}' of <${r.name}> (expected yes or no)`, name);
}

/** A signed decimal int attribute. */
function intAttr(r: ElementReader, name: string): number | undefined {
  const v = r.attr(name);
  if (v === undefined) return undefined;
  const s = v.trim();
  const n = /^[+-]?[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < -2147483648 || n > 2147483647) r.fail(`invalid integer '${v}' for attribute '${name}' of <${r.name}>`, name);
  return n;
}

/** An unsigned int attribute in C `strtoul(…, 0)` syntax (decimal, 0x hex, leading-0 octal). */
function uintAttrBase0(r: ElementReader, name: string, required: boolean): number | undefined {
  const v = r.attr(name);
  if (v === undefined || v === '') {
    if (required) r.fail(`missing required attribute '${name}' on <${r.name}>`, name);
    return undefined;
  }
  const s = v.trim();
  let n = NaN;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) n = Number(s);
  if (!Number.isSafeInteger(n) || n > 0xffffffff) r.fail(`invalid value '${v}' for attribute '${name}' of <${r.name}>`, name);
  return n;
}

/**
 * Cleans a path as libvirt's virFileSanitizePath: runs of `/` collapse to one
 * (a leading `//` followed by a non-slash is kept, as POSIX allows) and a
 * trailing `/` is removed.
 */
function sanitizePath(path: string): string {
  let prefix = '';
  let rest = path;
  if (path.startsWith('//') && path[2] !== '/') {
    prefix = '//';
    rest = path.slice(2);
  }
  let out = prefix + rest.replace(/\/{2,}/g, '/');
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

/** Parses a scaled size (`<capacity unit='G'>5</capacity>`) to bytes. */
function parseSize(r: ElementReader, text: string): number {
  const unit = optAttr(r, 'unit');
  if (!/^\s*[0-9]+$/.test(text)) throw new XmlError(`malformed ${r.name} element '${text}'`, r.path);
  try {
    return scaleToUnit(text.trim(), unit);
  } catch (err) {
    throw new XmlError(`invalid ${r.name}: ${err instanceof Error ? err.message : String(err)}`, unit !== undefined ? `${r.path}/@unit` : r.path, { cause: err });
  }
}

function parseUuid(r: ElementReader, text: string, what: string): string {
  try {
    return normalizeUuid(text);
  } catch (err) {
    throw new XmlError(`malformed ${what} '${text}'`, r.path, { cause: err });
  }
}

/** Reads a uid/gid element: decimal, `-1` (or its unsigned form) meaning "unset". */
function parseId(r: ElementReader, what: string): number | undefined {
  const s = r.text();
  if (!/^[+-]?[0-9]+$/.test(s)) throw new XmlError(`malformed ${what} element '${s}'`, r.path);
  const v = Number(s);
  if (v === -1 || v === 0xffffffff) return undefined;
  if (!Number.isSafeInteger(v) || v < 0 || v > 0xffffffff) throw new XmlError(`malformed ${what} element '${s}'`, r.path);
  return v;
}

/** Formats a uid/gid as libvirt's `%d` of an `int`. */
function formatId(v: number): string {
  return String(v > 0x7fffffff ? v - 0x100000000 : v);
}

function parsePermissions(r: ElementReader): StoragePermissions {
  const p: StoragePermissions = {};
  const mode = optText(r, 'mode');
  if (mode !== undefined) {
    const m = /^[+-]?[0-7]+$/.test(mode) ? parseInt(mode, 8) : NaN;
    if (!Number.isFinite(m) || m < 0 || m > 0o777) throw new XmlError(`malformed octal mode '${mode}'`, `${r.path}/mode`);
    p.mode = m;
  }
  const owner = one(r, 'owner');
  if (owner) {
    const v = parseId(owner, 'owner');
    if (v !== undefined) p.owner = v;
  }
  const group = one(r, 'group');
  if (group) {
    const v = parseId(group, 'group');
    if (v !== undefined) p.group = v;
  }
  const label = optText(r, 'label');
  if (label !== undefined) p.label = label;
  const extra = r.extras();
  if (extra) p.extra = extra;
  return p;
}

function formatPermissions(p: StoragePermissions | undefined): XmlElement | undefined {
  if (!p) return undefined;
  if (p.mode === undefined && p.owner === undefined && p.group === undefined && p.label === undefined && !p.extra) return undefined;
  const w = new ElementWriter('permissions');
  if (p.mode !== undefined) w.textChild('mode', `0${p.mode.toString(8)}`);
  if (p.owner !== undefined) w.textChild('owner', formatId(p.owner));
  if (p.group !== undefined) w.textChild('group', formatId(p.group));
  w.textChild('label', p.label);
  return w.build(p.extra);
}

/** Reads a secret reference: exactly one of `uuid` or `usage` (libvirt's virSecretLookupParseSecret). */
function parseSecretRef(r: ElementReader, type: string | undefined): StorageSecretRef {
  const s: StorageSecretRef = {};
  if (type !== undefined) s.type = type;
  const uuid = r.attr('uuid');
  const usage = r.attr('usage');
  if (uuid !== undefined) {
    if (usage !== undefined) r.fail('either secret uuid or usage expected', 'usage');
    try {
      s.uuid = normalizeUuid(uuid);
    } catch (err) {
      throw new XmlError(`invalid secret uuid '${uuid}'`, `${r.path}/@uuid`, { cause: err });
    }
  } else {
    if (usage === undefined) r.fail('missing secret uuid or usage attribute');
    s.usage = usage;
  }
  const extra = r.extras();
  if (extra) s.extra = extra;
  return s;
}

function formatSecretRef(s: StorageSecretRef): XmlElement {
  const w = new ElementWriter('secret').attr('type', s.type);
  if (s.uuid !== undefined) w.attr('uuid', s.uuid);
  else w.attr('usage', s.usage);
  return w.build(s.extra);
}

// ---------------------------------------------------------------------------
// Pool parsing

function parseAdapter(r: ElementReader): StoragePoolAdapter | undefined {
  const type = r.attr('type');
  let a: StoragePoolAdapter;
  if (type === undefined) {
    // Legacy form: only a scsi_host name.
    for (const attr of ['wwnn', 'wwpn', 'parent']) {
      if (r.node.attrs[attr] !== undefined) r.fail("use of 'wwnn', 'wwpn' and 'parent' attributes requires the adapter 'type'", attr);
    }
    if (one(r, 'parentaddr')) r.fail("use of the 'parentaddr' element requires the adapter 'type'");
    const name = r.attr('name');
    if (name === undefined) return undefined;
    a = { type: 'scsi_host', name };
  } else if (type === 'fc_host') {
    a = { type: 'fc_host' };
    const managed = yesNoAttr(r, 'managed');
    if (managed !== undefined) a.managed = managed;
    const parent = r.attr('parent');
    if (parent !== undefined) a.parent = parent;
    const parentWwnn = r.attr('parent_wwnn');
    if (parentWwnn !== undefined) a.parentWwnn = parentWwnn;
    const parentWwpn = r.attr('parent_wwpn');
    if (parentWwpn !== undefined) a.parentWwpn = parentWwpn;
    const fabric = r.attr('parent_fabric_wwn');
    if (fabric !== undefined) a.parentFabricWwn = fabric;
    const wwnn = r.attr('wwnn');
    if (wwnn !== undefined) a.wwnn = wwnn;
    const wwpn = r.attr('wwpn');
    if (wwpn !== undefined) a.wwpn = wwpn;
  } else if (type === 'scsi_host') {
    a = { type: 'scsi_host' };
    const name = r.attr('name');
    if (name !== undefined) a.name = name;
    const pa: ElementReader | undefined = one(r, 'parentaddr');
    if (pa) {
      const addr: ElementReader | undefined = one(pa, 'address');
      if (!addr) return pa.fail('missing scsi_host PCI address element');
      const uid = pa.attr('unique_id');
      const uniqueId = uid !== undefined && /^\s*[+-]?[0-9]+$/.test(uid) ? Number(uid) : NaN;
      if (!Number.isSafeInteger(uniqueId) || uniqueId < 0 || uniqueId > 2147483647) pa.fail("missing or invalid scsi adapter 'unique_id' value", 'unique_id');
      const address: NonNullable<StoragePoolAdapter['parentAddr']>['address'] = {
        domain: uintAttrBase0(addr, 'domain', false) ?? 0,
        bus: uintAttrBase0(addr, 'bus', false) ?? 0,
        slot: uintAttrBase0(addr, 'slot', false) ?? 0,
        function: uintAttrBase0(addr, 'function', false) ?? 0,
      };
      const addrExtra = addr.extras();
      if (addrExtra) address.extra = addrExtra;
      a.parentAddr = { uniqueId, address };
      const paExtra = pa.extras();
      if (paExtra) a.parentAddr.extra = paExtra;
    }
  } else {
    return r.fail(`invalid value '${type}' for attribute 'type' of <adapter> (expected scsi_host or fc_host)`, 'type');
  }
  const extra = r.extras();
  if (extra) a.extra = extra;
  return a;
}

function validWwn(w: string): boolean {
  return /^(0x)?[0-9a-fA-F]{16}$/.test(w);
}

function validateAdapter(a: StoragePoolAdapter | undefined, path: string): void {
  if (!a) throw new XmlError('missing storage pool source adapter', path);
  if (a.type === 'fc_host') {
    if (!a.wwnn || !a.wwpn) throw new XmlError("'wwnn' and 'wwpn' must be specified for adapter type 'fc_host'", path);
    for (const [k, v] of [
      ['wwnn', a.wwnn],
      ['wwpn', a.wwpn],
      ['parent_wwnn', a.parentWwnn],
      ['parent_wwpn', a.parentWwpn],
      ['parent_fabric_wwn', a.parentFabricWwn],
    ] as const) {
      if (v !== undefined && !validWwn(v)) throw new XmlError(`malformed wwn: ${v}`, `${path}/@${k}`);
    }
    if (a.parentWwnn !== undefined && a.parentWwpn === undefined) throw new XmlError(`when providing parent_wwnn='${a.parentWwnn}', the parent_wwpn must also be provided`, path);
    if (a.parentWwnn === undefined && a.parentWwpn !== undefined) throw new XmlError(`when providing parent_wwpn='${a.parentWwpn}', the parent_wwnn must also be provided`, path);
  } else {
    if (a.name === undefined && !a.parentAddr) throw new XmlError("either 'name' or 'parent' must be specified for the 'scsi_host' adapter", path);
    if (a.name !== undefined && a.parentAddr) throw new XmlError("both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter", path);
  }
}

function parseAuth(r: ElementReader): StoragePoolAuth {
  const username = optAttr(r, 'username');
  if (username === undefined) r.fail('missing username for auth', 'username');
  const type = r.attr('type');
  if (type !== undefined && !['none', 'chap', 'ceph'].includes(type)) r.fail(`unknown auth type '${type}'`, 'type');
  const secretR = one(r, 'secret');
  if (!secretR) r.fail('missing <secret> element in auth');
  const secret = parseSecretRef(secretR, secretR.attr('type'));
  if (type === undefined || type === 'none') r.fail('storage pool missing auth type', 'type');
  const auth: StoragePoolAuth = { type: type as 'chap' | 'ceph', username, secret };
  const extra = r.extras();
  if (extra) auth.extra = extra;
  return auth;
}

function parsePoolSource(r: ElementReader, type: StoragePoolType, info: PoolTypeInfo): StoragePoolSource {
  const s: StoragePoolSource = {};
  const name = optText(r, 'name');
  if (name !== undefined) s.name = name;
  else if (type === 'rbd') throw new XmlError("element 'name' is mandatory for RBD pool", `${r.path}/name`);

  const formatR = one(r, 'format');
  if (info.formats) {
    const f = formatR ? optAttr(formatR, 'type') : undefined;
    if (f !== undefined && !info.formats.includes(f)) throw new XmlError(`unknown pool format type ${f}`, `${formatR!.path}/@type`);
    s.format = f ?? info.defaultFormat;
  }

  const hosts = r.children('host');
  if (hosts.length) {
    s.hosts = hosts.map((h: ElementReader) => {
      const hostName = h.attr('name');
      if (hostName === undefined || hostName === '') h.fail('missing storage pool host name', 'name');
      const host: NonNullable<StoragePoolSource['hosts']>[number] = { name: hostName };
      const port = intAttr(h, 'port');
      if (port !== undefined) host.port = port;
      const extra = h.extras();
      if (extra) host.extra = extra;
      return host;
    });
  }

  const initR = one(r, 'initiator');
  if (initR) {
    const iqnR = one(initR, 'iqn');
    const iqn = iqnR ? optAttr(iqnR, 'name') : undefined;
    if (iqn !== undefined) {
      s.initiator = { iqn };
      const extra = initR.extras();
      if (extra) s.initiator.extra = extra;
    }
  }

  const devices = r.children('device');
  if (devices.length) {
    s.devices = devices.map((d: ElementReader) => {
      const path = d.attr('path');
      if (path === undefined || path === '') d.fail('missing storage pool source device path', 'path');
      const dev: NonNullable<StoragePoolSource['devices']>[number] = { path };
      const ps = yesNoAttr(d, 'part_separator');
      if (ps !== undefined) dev.partSeparator = ps;
      // Free extents are run-time data: libvirt does not read them back.
      d.children('freeExtent');
      const extra = d.extras();
      if (extra) dev.extra = extra;
      return dev;
    });
  }

  const dirR = one(r, 'dir');
  const dir = dirR ? optAttr(dirR, 'path') : undefined;
  if (dir !== undefined) s.dir = sanitizePath(dir);
  else if (type === 'gluster') s.dir = '/';

  const adapterR = one(r, 'adapter');
  if (adapterR) {
    const a = parseAdapter(adapterR);
    if (a) s.adapter = a;
  }

  const authR = one(r, 'auth');
  if (authR) s.auth = parseAuth(authR);

  const protoR = one(r, 'protocol');
  const ver = protoR ? optAttr(protoR, 'ver') : undefined;
  if (ver !== undefined) {
    // libvirt compares the format's index with the netfs "auto"/"nfs" values.
    const idx = info.formats ? info.formats.indexOf(s.format ?? '') : 0;
    if (idx !== 0 && idx !== 1) throw new XmlError(`storage pool protocol ver unsupported for pool type '${type}' with format '${s.format}'`, `${protoR!.path}/@ver`);
    if (ver.includes(',')) throw new XmlError(`storage pool protocol ver '${ver}' must not contain ','`, `${protoR!.path}/@ver`);
    s.protocolVer = ver;
  }

  const vendorR = one(r, 'vendor');
  const vendor = vendorR ? optAttr(vendorR, 'name') : undefined;
  if (vendor !== undefined) s.vendor = vendor;
  const productR = one(r, 'product');
  const product = productR ? optAttr(productR, 'name') : undefined;
  if (product !== undefined) s.product = product;

  const extra = r.extras();
  if (extra) s.extra = extra;
  return s;
}

/** The prefix bound to namespace `uri` on `root` (`xmlns:prefix='uri'`), marking the declaration consumed. */
function namespacePrefix(r: ElementReader, uri: string): string | undefined {
  for (const [k, v] of Object.entries(r.node.attrs)) {
    if (k.startsWith('xmlns:') && v === uri) {
      r.attr(k);
      return k.slice('xmlns:'.length);
    }
  }
  return undefined;
}

function parsePoolNamespaces(r: ElementReader, spec: StoragePoolSpec): void {
  if (spec.type === 'fs' || spec.type === 'netfs') {
    const p = namespacePrefix(r, FS_NS);
    if (p === undefined) return;
    const optsR = one(r, `${p}:mount_opts`);
    if (!optsR) return;
    const options = optsR.children(`${p}:option`).map((o: ElementReader) => {
      const name = optAttr(o, 'name');
      if (name === undefined) o.fail('no fs mount option name specified', 'name');
      const opt: { name: string; extra?: ReturnType<ElementReader['extras']> } = { name };
      const extra = o.extras();
      if (extra) opt.extra = extra;
      return opt;
    });
    if (!options.length) return;
    spec.mountOpts = { options };
    const extra = optsR.extras();
    if (extra) spec.mountOpts.extra = extra;
  } else if (spec.type === 'rbd') {
    const p = namespacePrefix(r, RBD_NS);
    if (p === undefined) return;
    const optsR = one(r, `${p}:config_opts`);
    if (!optsR) return;
    const options = optsR.children(`${p}:option`).map((o: ElementReader) => {
      const name = optAttr(o, 'name');
      if (name === undefined) o.fail('no rbd option name specified', 'name');
      const value = o.attr('value');
      if (value === undefined) o.fail('no rbd option value specified', 'value');
      const opt: { name: string; value: string; extra?: ReturnType<ElementReader['extras']> } = { name, value };
      const extra = o.extras();
      if (extra) opt.extra = extra;
      return opt;
    });
    if (!options.length) return;
    spec.rbdConfigOpts = { options };
    const extra = optsR.extras();
    if (extra) spec.rbdConfigOpts.extra = extra;
  }
}

/**
 * Parses libvirt storage pool XML (`<pool type=...>`) into a
 * {@link StoragePoolSpec}, applying libvirt's defaults: the source format,
 * the source name (defaults to the pool name and vice versa), `/` as gluster
 * source dir, `/dev/<vg>` and `/dev/zvol/<pool>` as logical and zfs target
 * paths; paths are cleaned. Run-time values (capacity, allocation, available,
 * free extents) are ignored, as libvirt does. Throws {@link XmlError} (code
 * `XML_ERROR`, with the offending element's path) where libvirt rejects the
 * input.
 */
export function parseStoragePoolXml(xml: string): StoragePoolSpec {
  const root = parseDocument(xml, 'storage pool');
  if (root.name !== 'pool') throw new XmlError(`unexpected root element <${root.name}>, expecting <pool>`, `/${root.name}`);
  const r: ElementReader = new ElementReader(root);
  const typeStr = r.attr('type');
  if (typeStr === undefined) r.fail("missing required attribute 'type' on <pool>", 'type');
  if (!(StoragePoolTypes as readonly string[]).includes(typeStr)) r.fail(`unknown storage pool type '${typeStr}'`, 'type');
  const type = typeStr as StoragePoolType;
  const info = POOL_INFO[type];

  const sourceR = one(r, 'source');
  const source: StoragePoolSource = sourceR ? parsePoolSource(sourceR, type, info) : {};
  if (!sourceR && info.formats) source.format = info.defaultFormat;
  const sourcePath = sourceR?.path ?? '/pool/source';

  let name = optText(r, 'name');
  if (name === undefined && info.flags & SRC_NAME) name = source.name;
  if (name === undefined) throw new XmlError('missing pool source name element', '/pool/name');
  if (name.includes('/')) throw new XmlError(`name ${name} cannot contain '/'`, '/pool/name');

  const spec: StoragePoolSpec = { type, name };
  const uuidR = one(r, 'uuid');
  const uuid = uuidR?.text();
  if (uuidR && uuid) spec.uuid = parseUuid(uuidR, uuid, 'uuid element');

  // Run-time values: never read back from XML.
  one(r, 'capacity');
  one(r, 'allocation');
  one(r, 'available');

  const featR = one(r, 'features');
  if (featR) {
    const features: NonNullable<StoragePoolSpec['features']> = {};
    const cowR = one(featR, 'cow');
    const cow = cowR ? yesNoAttr(cowR, 'state') : undefined;
    if (cow !== undefined) {
      if (type !== 'fs' && type !== 'dir') throw new XmlError("cow feature may only be used for 'fs' and 'dir' pools", cowR!.path);
      features.cow = cow;
    }
    const extra = featR.extras();
    if (extra) features.extra = extra;
    if (features.cow !== undefined || features.extra) spec.features = features;
  }

  if (info.flags & SRC_HOST && !source.hosts?.length) throw new XmlError('missing storage pool source host name', `${sourcePath}/host`);
  if (info.flags & SRC_DIR && source.dir === undefined) throw new XmlError('missing storage pool source path', `${sourcePath}/dir`);
  if (info.flags & SRC_NAME && source.name === undefined) source.name = name;
  if (info.flags & SRC_ADAPTER) validateAdapter(source.adapter, `${sourcePath}/adapter`);
  if (info.flags === SRC_DEVICE && !source.devices?.length) throw new XmlError('missing storage pool source device name', `${sourcePath}/device`);
  spec.source = source;

  const targetR = one(r, 'target');
  if (!(info.flags & SRC_NETWORK)) {
    let path: string | undefined;
    if (type === 'logical') path = `/dev/${source.name}`;
    else if (type === 'zfs') path = `/dev/zvol/${source.name}`;
    else {
      path = targetR ? optText(targetR, 'path') : undefined;
      if (path === undefined) throw new XmlError('missing storage pool target path', `${targetR?.path ?? '/pool/target'}/path`);
    }
    const target: NonNullable<StoragePoolSpec['target']> = { path: sanitizePath(path) };
    if (targetR) {
      one(targetR, 'path');
      const permR = one(targetR, 'permissions');
      if (permR) target.permissions = parsePermissions(permR);
      const extra = targetR.extras();
      if (extra) target.extra = extra;
    }
    spec.target = target;
  }

  if (type === 'iscsi-direct' && !source.initiator?.iqn) throw new XmlError('missing initiator IQN', `${sourcePath}/initiator`);

  const refreshR = one(r, 'refresh');
  if (refreshR) {
    const volR = one(refreshR, 'volume');
    const alloc = volR ? optAttr(volR, 'allocation') : undefined;
    if (alloc !== undefined) {
      if (alloc !== 'default' && alloc !== 'capacity') throw new XmlError(`unknown storage pool volume refresh allocation type ${alloc}`, `${volR!.path}/@allocation`);
      const volume: NonNullable<StoragePoolSpec['refresh']>['volume'] = { allocation: alloc };
      const volExtra = volR!.extras();
      if (volExtra) volume.extra = volExtra;
      spec.refresh = { volume };
      const extra = refreshR.extras();
      if (extra) spec.refresh.extra = extra;
    }
  }

  parsePoolNamespaces(r, spec);

  const extra = r.extras();
  if (extra) spec.extra = extra;
  return spec;
}

// ---------------------------------------------------------------------------
// Pool formatting

function formatAdapter(a: StoragePoolAdapter): XmlElement {
  const w = new ElementWriter('adapter').attr('type', a.type);
  if (a.type === 'fc_host') {
    w.attr('parent', a.parent)
      .attr('parent_wwnn', a.parentWwnn)
      .attr('parent_wwpn', a.parentWwpn)
      .attr('parent_fabric_wwn', a.parentFabricWwn)
      .attr('managed', a.managed)
      .attr('wwnn', a.wwnn ?? '')
      .attr('wwpn', a.wwpn ?? '');
  } else if (a.name !== undefined) {
    w.attr('name', a.name);
  } else if (a.parentAddr) {
    const ad = a.parentAddr.address;
    const hex = (v: number, width: number): string => `0x${v.toString(16).padStart(width, '0')}`;
    const addr = new ElementWriter('address')
      .attr('domain', hex(ad.domain, 4))
      .attr('bus', hex(ad.bus, 2))
      .attr('slot', hex(ad.slot, 2))
      .attr('function', `0x${ad.function}`)
      .build(ad.extra);
    w.child(new ElementWriter('parentaddr').attr('unique_id', a.parentAddr.uniqueId).child(addr).build(a.parentAddr.extra));
  }
  return w.build(a.extra);
}

function formatAuth(a: StoragePoolAuth): XmlElement {
  return new ElementWriter('auth').attr('type', a.type).attr('username', a.username).child(formatSecretRef(a.secret)).build(a.extra);
}

function formatPoolSource(spec: StoragePoolSpec, info: PoolTypeInfo, inactive: boolean): XmlElement {
  const s = spec.source ?? {};
  const w = new ElementWriter('source');
  if (info.flags & SRC_HOST) {
    for (const h of s.hosts ?? []) {
      w.child(new ElementWriter('host').attr('name', h.name).attr('port', h.port ? h.port : undefined).build(h.extra));
    }
  }
  if (info.flags & SRC_DEVICE) {
    for (const d of s.devices ?? []) {
      const dw = new ElementWriter('device').attr('path', d.path).attr('part_separator', d.partSeparator);
      if (!inactive) for (const x of d.freeExtents ?? []) dw.child(new ElementWriter('freeExtent').attr('start', x.start).attr('end', x.end));
      w.child(dw.build(d.extra));
    }
  }
  if (info.flags & SRC_DIR && s.dir !== undefined) w.child(new ElementWriter('dir').attr('path', s.dir));
  if (info.flags & SRC_ADAPTER && s.adapter) w.child(formatAdapter(s.adapter));
  if (info.flags & SRC_NAME) w.textChild('name', s.name);
  if (info.flags & SRC_INITIATOR_IQN && s.initiator) {
    w.child(new ElementWriter('initiator').child(new ElementWriter('iqn').attr('name', s.initiator.iqn)).build(s.initiator.extra));
  }
  if (info.formats) w.child(new ElementWriter('format').attr('type', s.format ?? info.defaultFormat));
  if (s.auth) w.child(formatAuth(s.auth));
  if (s.protocolVer !== undefined) w.child(new ElementWriter('protocol').attr('ver', s.protocolVer));
  if (s.vendor !== undefined) w.child(new ElementWriter('vendor').attr('name', s.vendor));
  if (s.product !== undefined) w.child(new ElementWriter('product').attr('name', s.product));
  return w.build(s.extra);
}

function validateSpec<T>(schema: z.ZodType<T>, spec: unknown, what: string): T {
  const res = schema.safeParse(spec);
  if (!res.success) {
    const issue = res.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid ${what}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`, { detail: { issues: res.error.issues } });
  }
  return res.data;
}

/**
 * Formats a {@link StoragePoolSpec} as libvirt storage pool XML, in libvirt's
 * element order (`virStoragePoolDefFormatBuf`): sizes with `unit='bytes'`,
 * only the source parts the pool type uses, the default source format, no
 * target for network pools. With `inactive`, run-time values (sizes, free
 * extents) are written as a persistent definition has them (zero, none).
 * Throws `INVALID_ARG` for a spec that does not satisfy the schema.
 */
export function formatStoragePoolXml(spec: StoragePoolSpec, opts: { inactive?: boolean } = {}): string {
  return serializeXml(storagePoolToXmlElement(spec, opts));
}

function storagePoolToXmlElement(input: StoragePoolSpec, opts: { inactive?: boolean }): XmlElement {
  const spec = validateSpec<StoragePoolSpec>(StoragePoolSpecSchema, input, 'storage pool spec');
  const info = POOL_INFO[spec.type];
  const inactive = opts.inactive === true;
  const w = new ElementWriter('pool').attr('type', spec.type);
  const mountOpts = (spec.type === 'fs' || spec.type === 'netfs') && spec.mountOpts?.options.length ? spec.mountOpts : undefined;
  const rbdOpts = spec.type === 'rbd' && spec.rbdConfigOpts?.options.length ? spec.rbdConfigOpts : undefined;
  if (mountOpts) w.attr('xmlns:fs', FS_NS);
  if (rbdOpts) w.attr('xmlns:rbd', RBD_NS);
  w.textChild('name', spec.name);
  w.textChild('uuid', spec.uuid);
  w.textChild('capacity', inactive ? 0 : (spec.capacity ?? 0), { unit: 'bytes' });
  w.textChild('allocation', inactive ? 0 : (spec.allocation ?? 0), { unit: 'bytes' });
  w.textChild('available', inactive ? 0 : (spec.available ?? 0), { unit: 'bytes' });
  if (spec.features && (spec.features.cow !== undefined || spec.features.extra)) {
    const fw = new ElementWriter('features');
    if (spec.features.cow !== undefined) fw.child(new ElementWriter('cow').attr('state', spec.features.cow));
    w.child(fw.build(spec.features.extra));
  }
  w.child(formatPoolSource(spec, info, inactive));
  if (!['rbd', 'sheepdog', 'gluster', 'iscsi-direct'].includes(spec.type)) {
    const t = spec.target ?? {};
    const tw = new ElementWriter('target');
    tw.textChild('path', t.path);
    tw.child(formatPermissions(t.permissions));
    w.child(tw.build(t.extra));
  }
  if (spec.refresh) {
    const v = spec.refresh.volume;
    w.child(new ElementWriter('refresh').child(new ElementWriter('volume').attr('allocation', v.allocation).build(v.extra)).build(spec.refresh.extra));
  }
  if (mountOpts) {
    const mw = new ElementWriter('fs:mount_opts');
    for (const o of mountOpts.options) mw.child(new ElementWriter('fs:option').attr('name', o.name).build(o.extra));
    w.child(mw.build(mountOpts.extra));
  }
  if (rbdOpts) {
    const cw = new ElementWriter('rbd:config_opts');
    for (const o of rbdOpts.options) cw.child(new ElementWriter('rbd:option').attr('name', o.name).attr('value', o.value).build(o.extra));
    w.child(cw.build(rbdOpts.extra));
  }
  return w.build(spec.extra);
}

// ---------------------------------------------------------------------------
// Volume parsing

/** Options for {@link parseStorageVolumeXml}, after libvirt's `VIR_VOL_XML_PARSE_*` flags. */
export interface StorageVolumeParseOptions {
  /** Accept a volume without `<capacity>` (`VIR_VOL_XML_PARSE_NO_CAPACITY`). */
  noCapacity?: boolean;
  /** Accept a volume without `<capacity>` when it has a backing store (`VIR_VOL_XML_PARSE_OPT_CAPACITY`). */
  optCapacity?: boolean;
}

function parseVolFormat(r: ElementReader | undefined, info: PoolTypeInfo): string | undefined {
  const fmtR = r ? one(r, 'format') : undefined;
  if (!info.volFormats) return undefined;
  const f = fmtR ? optAttr(fmtR, 'type') : undefined;
  if (f === undefined) return info.volDefaultFormat;
  if (!info.volFormats.includes(f)) throw new XmlError(`unknown volume format type ${f}`, `${fmtR!.path}/@type`);
  return f;
}

function parseEncryption(r: ElementReader): StorageVolumeEncryption {
  const format = optAttr(r, 'format');
  if (format === undefined) r.fail('unknown volume encryption format', 'format');
  if (!(StorageVolumeEncryptionFormats as readonly string[]).includes(format)) r.fail(`unknown volume encryption format type ${format}`, 'format');
  const enc: StorageVolumeEncryption = { format: format as StorageVolumeEncryption['format'], secrets: [] };
  const engine = r.attr('engine');
  if (engine !== undefined) {
    if (engine !== 'qemu' && engine !== 'librbd') r.fail(`invalid value '${engine}' for attribute 'engine' of <encryption>`, 'engine');
    enc.engine = engine;
  }
  for (const s of r.children('secret')) {
    const type = optAttr(s, 'type');
    if (type === undefined) s.fail('unknown volume encryption secret type', 'type');
    if (type !== 'passphrase') s.fail(`unknown volume encryption secret type ${type}`, 'type');
    enc.secrets.push(parseSecretRef(s, type));
  }
  const cipherR = one(r, 'cipher');
  const ivgenR = one(r, 'ivgen');
  if (enc.format === 'luks') {
    if (cipherR) {
      const c: ElementReader = cipherR;
      const name = cipherR.attr('name');
      if (name === undefined || name === '') c.fail("cipher info missing 'name' attribute", 'name');
      const sizeStr = cipherR.attr('size');
      const size = sizeStr !== undefined && /^\s*[0-9]+$/.test(sizeStr) ? Number(sizeStr) : NaN;
      if (!Number.isSafeInteger(size) || size > 0xffffffff) c.fail(`invalid value '${sizeStr ?? ''}' for attribute 'size' of <cipher>`, 'size');
      const cipher: NonNullable<StorageVolumeEncryption['cipher']> = { name, size };
      const mode = cipherR.attr('mode');
      if (mode !== undefined) cipher.mode = mode;
      const hash = cipherR.attr('hash');
      if (hash !== undefined) cipher.hash = hash;
      const extra = cipherR.extras();
      if (extra) cipher.extra = extra;
      enc.cipher = cipher;
    }
    if (ivgenR) {
      const g: ElementReader = ivgenR;
      if (!enc.cipher) g.fail('ivgen element found, but cipher is missing');
      const name = ivgenR.attr('name');
      if (name === undefined || name === '') g.fail('missing ivgen info name string', 'name');
      const ivgen: NonNullable<StorageVolumeEncryption['ivgen']> = { name };
      const hash = ivgenR.attr('hash');
      if (hash !== undefined) ivgen.hash = hash;
      const extra = ivgenR.extras();
      if (extra) ivgen.extra = extra;
      enc.ivgen = ivgen;
    }
  }
  const extra = r.extras();
  if (extra) enc.extra = extra;
  return enc;
}

function parseVolTarget(r: ElementReader | undefined, info: PoolTypeInfo): StorageVolumeTarget {
  const t: StorageVolumeTarget = {};
  const path = r ? optText(r, 'path') : undefined;
  if (path !== undefined) t.path = path;
  const format = parseVolFormat(r, info);
  if (format !== undefined) t.format = format;
  if (!r) return t;
  const permR = one(r, 'permissions');
  if (permR) t.permissions = parsePermissions(permR);
  // Timestamps are run-time data: libvirt does not read them back.
  one(r, 'timestamps');
  const encR = one(r, 'encryption');
  if (encR) t.encryption = parseEncryption(encR);
  const compatR = one(r, 'compat');
  const compat = compatR?.text();
  if (compatR && compat) {
    if (!/^[0-9]+\.[0-9]+$/.test(compat)) throw new XmlError(`forbidden characters in 'compat' attribute '${compat}'`, compatR.path);
    t.compat = compat;
  }
  if (one(r, 'nocow')) t.nocow = true;
  const csR = one(r, 'clusterSize');
  const cs = csR?.text();
  if (csR && cs) t.clusterSize = parseSize(csR, cs);
  const featR = one(r, 'features');
  if (featR) {
    if (t.compat === undefined) t.compat = '1.1';
    const features: NonNullable<StorageVolumeTarget['features']> = {};
    for (const f of featR.allChildren()) {
      if (f.name === 'lazy_refcounts') features.lazyRefcounts = true;
      else if (f.name === 'extended_l2') features.extendedL2 = true;
      else f.fail(`unsupported feature ${f.name}`);
    }
    const extra = featR.extras();
    if (extra) features.extra = extra;
    t.features = features;
  }
  const extra = r.extras();
  if (extra) t.extra = extra;
  return t;
}

/**
 * Parses libvirt storage volume XML (`<volume>`) into a
 * {@link StorageVolumeSpec}, in the context of its parent pool: the pool type
 * decides which formats are valid and the default format (`raw` for
 * file-based pools, `none` for disk pools, no format for logical, iSCSI,
 * SCSI, ... pools). Sizes are scaled to bytes. `<capacity>` is required
 * unless `opts` relaxes it. Run-time values (timestamps, physical size,
 * source extents) are ignored, as libvirt does. Throws {@link XmlError} (code
 * `XML_ERROR`, with the offending element's path) where libvirt rejects the
 * input, and `INVALID_ARG` for an unknown pool type.
 */
export function parseStorageVolumeXml(xml: string, pool: { type: string } | StoragePoolSpec, opts: StorageVolumeParseOptions = {}): StorageVolumeSpec {
  const info = poolInfo(pool.type);
  const root = parseDocument(xml, 'storage volume');
  if (root.name !== 'volume') throw new XmlError(`unexpected root element <${root.name}>, expecting <volume>`, `/${root.name}`);
  const r = new ElementReader(root);
  const name = optText(r, 'name');
  if (name === undefined) throw new XmlError('missing volume name element', '/volume/name');
  const spec: StorageVolumeSpec = { name, type: 'file' };
  const key = optText(r, 'key');
  if (key !== undefined) spec.key = key;
  const type = r.attr('type');
  if (type !== undefined) {
    if (!(StorageVolumeTypes as readonly string[]).includes(type)) r.fail(`unknown volume type '${type}'`, 'type');
    spec.type = type as StorageVolumeSpec['type'];
  }

  // Source extents are run-time data: libvirt does not read them back.
  const srcR = one(r, 'source');
  if (srcR) {
    srcR.children('device');
    const extra = srcR.extras();
    if (extra) spec.source = { extents: [], extra };
  }

  const bsR = one(r, 'backingStore');
  if (bsR) {
    const path = optText(bsR, 'path');
    if (path !== undefined) {
      const bs: NonNullable<StorageVolumeSpec['backingStore']> = { path };
      const format = parseVolFormat(bsR, info);
      if (format !== undefined) bs.format = format;
      const permR = one(bsR, 'permissions');
      if (permR) bs.permissions = parsePermissions(permR);
      const extra = bsR.extras();
      if (extra) bs.extra = extra;
      spec.backingStore = bs;
    }
  }

  const capR = one(r, 'capacity');
  const cap = capR?.text();
  if (capR && cap) spec.capacity = parseSize(capR, cap);
  else if (!opts.noCapacity && !(opts.optCapacity && spec.backingStore)) throw new XmlError('missing capacity element', '/volume/capacity');

  const allocR = one(r, 'allocation');
  const alloc = allocR?.text();
  if (allocR && alloc) spec.allocation = parseSize(allocR, alloc);

  // Display-only value, never read back.
  one(r, 'physical');

  spec.target = parseVolTarget(one(r, 'target'), info);

  const extra = r.extras();
  if (extra) spec.extra = extra;
  return spec;
}

// ---------------------------------------------------------------------------
// Volume formatting

function formatEncryption(e: StorageVolumeEncryption): XmlElement {
  const w = new ElementWriter('encryption').attr('format', e.format).attr('engine', e.engine);
  for (const s of e.secrets) w.child(formatSecretRef(s));
  if (e.format === 'luks' && e.cipher) {
    w.child(new ElementWriter('cipher').attr('name', e.cipher.name).attr('size', e.cipher.size).attr('mode', e.cipher.mode).attr('hash', e.cipher.hash).build(e.cipher.extra));
    if (e.ivgen) w.child(new ElementWriter('ivgen').attr('name', e.ivgen.name).attr('hash', e.ivgen.hash).build(e.ivgen.extra));
  }
  return w.build(e.extra);
}

function formatVolFormat(w: ElementWriter, format: string | undefined, info: PoolTypeInfo | undefined): void {
  if (info) {
    if (info.volFormats) w.child(new ElementWriter('format').attr('type', format ?? info.volDefaultFormat));
  } else if (format !== undefined) {
    w.child(new ElementWriter('format').attr('type', format));
  }
}

function formatVolTarget(t: StorageVolumeTarget, info: PoolTypeInfo | undefined): XmlElement {
  const w = new ElementWriter('target');
  w.textChild('path', t.path);
  formatVolFormat(w, t.format, info);
  w.child(formatPermissions(t.permissions));
  if (t.timestamps) {
    const ts = t.timestamps;
    const tw = new ElementWriter('timestamps');
    tw.textChild('atime', ts.atime).textChild('mtime', ts.mtime).textChild('ctime', ts.ctime).textChild('btime', ts.btime);
    w.child(tw);
  }
  if (t.encryption) w.child(formatEncryption(t.encryption));
  w.textChild('compat', t.compat);
  if (t.clusterSize) w.textChild('clusterSize', t.clusterSize, { unit: 'B' });
  if (t.features) {
    const fw = new ElementWriter('features');
    if (t.features.lazyRefcounts) fw.child(new ElementWriter('lazy_refcounts'));
    if (t.features.extendedL2) fw.child(new ElementWriter('extended_l2'));
    w.child(fw.build(t.features.extra));
  }
  return w.build(t.extra);
}

/**
 * Formats a {@link StorageVolumeSpec} as libvirt storage volume XML, in
 * libvirt's element order (`virStorageVolDefFormat`): `type` (default
 * `file`), sizes with `unit='bytes'` (allocation defaults to capacity), the
 * target with its format (the pool type's default when unset, none for pool
 * types without volume formats), then the backing store. Without `pool`, the
 * format is written only when the spec has one. `<nocow/>` is a creation flag
 * and, as in libvirt, is not written. Throws `INVALID_ARG` for a spec that
 * does not satisfy the schema or an unknown pool type.
 */
export function formatStorageVolumeXml(spec: StorageVolumeSpec, pool?: { type: string } | StoragePoolSpec): string {
  const info = pool ? poolInfo(pool.type) : undefined;
  const v = validateSpec<StorageVolumeSpec>(StorageVolumeSpecSchema, spec, 'storage volume spec');
  const w = new ElementWriter('volume').attr('type', v.type ?? 'file');
  w.textChild('name', v.name);
  w.textChild('key', v.key);
  if (v.source && (v.source.extents.length || v.source.extra)) {
    const sw = new ElementWriter('source');
    let dev: ElementWriter | undefined;
    let devPath: string | undefined;
    for (const x of v.source.extents) {
      if (!dev || devPath !== x.path) {
        if (dev) sw.child(dev);
        dev = new ElementWriter('device').attr('path', x.path);
        devPath = x.path;
      }
      dev.child(new ElementWriter('extent').attr('start', x.start).attr('end', x.end));
    }
    if (dev) sw.child(dev);
    w.child(sw.build(v.source.extra));
  }
  w.textChild('capacity', v.capacity ?? 0, { unit: 'bytes' });
  w.textChild('allocation', v.allocation ?? v.capacity ?? 0, { unit: 'bytes' });
  if (v.physical) w.textChild('physical', v.physical, { unit: 'bytes' });
  w.child(formatVolTarget(v.target ?? {}, info));
  if (v.backingStore) {
    const b = v.backingStore;
    const bw = new ElementWriter('backingStore');
    bw.textChild('path', b.path);
    formatVolFormat(bw, b.format, info);
    bw.child(formatPermissions(b.permissions));
    w.child(bw.build(b.extra));
  }
  return serializeXml(w.build(v.extra));
}
