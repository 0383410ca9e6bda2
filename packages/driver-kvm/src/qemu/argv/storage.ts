/**
 * Storage sources → `-blockdev` protocol (storage) layers, shared by disks
 * and firmware (pflash) images: local files and block devices, NVMe and
 * network protocols (NBD, iSCSI, RBD, HTTP(S)/FTP(S), NFS, SSH, Gluster),
 * plus the `-object secret` entries their authentication needs.
 * @module
 */
import { createCipheriv } from 'node:crypto';
import type { XmlElement } from '@polyvisor/core';
import { child, int } from '../xmlx.js';
import { json, type Ctx } from './common.js';

/** A storage source normalised from a disk `<source>` or a firmware `<nvram>`. */
export interface StorageSrc {
  /** Source type (`file`, `block`, `dir`, `network`, `nvme`). */
  type: string;
  /** Local path (file / block device / directory). */
  path?: string;
  /** Network protocol. */
  protocol?: string;
  /** Export / image / target name. */
  name?: string;
  /** Network hosts. */
  hosts: Array<{ name?: string; port?: number | string; transport?: string; socket?: string }>;
  /** The raw `<source>` element's unknown children (snapshot, config, auth, initiator, cookies, ...). */
  children: XmlElement[];
  /** Raw `<source>` attributes not modelled elsewhere (query, tls, ...). */
  attrs: Record<string, string>;
  /** `<auth>` element (source or disk level). */
  auth?: XmlElement;
}

/** Reads a {@link StorageSrc} from a raw `<source>`-like element with a `type`. */
export function storageFromElement(type: string, src: XmlElement | undefined, path?: string): StorageSrc {
  const kids = (src?.children ?? []).filter((c): c is XmlElement => typeof c !== 'string');
  const hosts = kids.filter((k) => k.name === 'host').map((h) => ({ name: h.attrs.name, port: h.attrs.port, transport: h.attrs.transport, socket: h.attrs.socket }));
  return {
    type,
    path: path ?? src?.attrs.file ?? src?.attrs.dev ?? src?.attrs.dir,
    protocol: src?.attrs.protocol,
    name: src?.attrs.name,
    hosts,
    children: kids.filter((k) => k.name !== 'host'),
    attrs: src?.attrs ?? {},
    auth: kids.find((k) => k.name === 'auth'),
  };
}

/** The secret value libvirt's test harness returns for every secret lookup. */
export const TEST_SECRET_VALUE = 'AQCVn5hO6HzFAhAAq0NCv8jtJcIcE+HOBlMQ1A';

const seq = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i);

/**
 * Emits an `-object secret` with id `id` holding `plaintext` (or the looked-up
 * value of the secret `ref`), AES-256-CBC encrypted with the domain master key.
 */
export function secretObject(ctx: Ctx, id: string, ref?: XmlElement, plaintext?: string): void {
  const value = plaintext ?? (ctx.opts.lookupSecret ?? (() => TEST_SECRET_VALUE))({ type: ref?.attrs.type, usage: ref?.attrs.usage, uuid: ref?.attrs.uuid });
  const key = ctx.opts.masterKey ?? seq(32);
  const iv = ctx.opts.secretIv ?? seq(16);
  const c = createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([c.update(value, 'utf8'), c.final()]).toString('base64');
  ctx.add('-object', json({ 'qom-type': 'secret', id, data, keyid: 'masterKey0', iv: Buffer.from(iv).toString('base64'), format: 'base64' }));
}

function kid(s: StorageSrc, name: string): XmlElement | undefined {
  return s.children.find((c) => c.name === name);
}

function inetServer(h: StorageSrc['hosts'][number] | undefined, defPort?: string): Record<string, unknown> {
  if (h?.transport === 'unix') return { type: 'unix', path: h.socket };
  const o: Record<string, unknown> = { type: 'inet', host: h?.name };
  const port = h?.port !== undefined ? String(h.port) : defPort;
  if (port !== undefined) o.port = port;
  return o;
}

/**
 * Protocol-layer properties (everything before `node-name`) of a storage
 * source; emits the secrets it refers to first.
 */
export function storageProps(ctx: Ctx, s: StorageSrc, node: string, driverHint?: string): Record<string, unknown> {
  switch (s.type) {
    case 'file':
    case 'block':
      return { driver: driverHint ?? (s.type === 'block' ? 'host_device' : 'file'), filename: s.path };
    case 'dir':
      return { driver: 'vvfat', dir: s.path, floppy: driverHint === 'floppy', rw: false };
    case 'nvme': {
      const a = kid(s, 'address');
      const hex = (v: string | undefined, w: number): string => (int(v) ?? 0).toString(16).padStart(w, '0');
      const dev = a ? `${hex(a.attrs.domain, 4)}:${hex(a.attrs.bus, 2)}:${hex(a.attrs.slot, 2)}.${hex(a.attrs.function, 1)}` : '';
      return { driver: 'nvme', device: dev, namespace: int(s.attrs.namespace) ?? 1 };
    }
    case 'network':
      break;
    default:
      return ctx.unsupported(`storage source type '${s.type}' is not supported`);
  }
  const authSecret = (): string | undefined => {
    if (!s.auth) return undefined;
    const id = `${node}-auth-secret0`;
    secretObject(ctx, id, s.auth.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'secret'));
    return id;
  };
  const h0 = s.hosts[0];
  switch (s.protocol) {
    case 'nbd': {
      const o: Record<string, unknown> = { driver: 'nbd', server: inetServer(h0) };
      if (s.name) o.export = s.name;
      if (s.attrs.tls === 'yes') ctx.unsupported('NBD over TLS is not supported');
      return o;
    }
    case 'iscsi': {
      const name = s.name ?? '';
      const slash = name.lastIndexOf('/');
      const target = slash >= 0 ? name.slice(0, slash) : name;
      const lun = slash >= 0 ? Number(name.slice(slash + 1)) : 0;
      const secret = authSecret();
      const o: Record<string, unknown> = { driver: 'iscsi', portal: `${h0?.name?.includes(':') ? `[${h0.name}]` : h0?.name}:${h0?.port ?? 3260}`, target, lun, transport: 'tcp' };
      if (secret) {
        o.user = s.auth!.attrs.username;
        o['password-secret'] = secret;
      }
      const iqn = child(kid(s, 'initiator'), 'iqn');
      if (iqn) o['initiator-name'] = iqn.attrs.name;
      return o;
    }
    case 'rbd': {
      const name = s.name ?? '';
      const slash = name.indexOf('/');
      const o: Record<string, unknown> = { driver: 'rbd', pool: name.slice(0, slash), image: name.slice(slash + 1) };
      const ns = /^([^/]+)\/([^/]+)\/(.+)$/.exec(name);
      if (ns) Object.assign(o, { pool: ns[1], namespace: ns[2], image: ns[3] });
      const snap = kid(s, 'snapshot');
      if (snap) o.snapshot = snap.attrs.name;
      const conf = kid(s, 'config');
      if (conf) o.conf = conf.attrs.file;
      if (s.hosts.length) o.server = s.hosts.map((h) => ({ host: h.name, port: h.port !== undefined ? String(h.port) : '6789' }));
      const secret = authSecret();
      if (secret) {
        o.user = s.auth!.attrs.username;
        o['auth-client-required'] = ['cephx', 'none'];
        o['key-secret'] = secret;
      }
      return o;
    }
    case 'http':
    case 'https':
    case 'ftp':
    case 'ftps': {
      const port = h0?.port !== undefined ? `:${h0.port}` : '';
      const path = (s.name ?? '').startsWith('/') ? s.name : `/${s.name ?? ''}`;
      const o: Record<string, unknown> = { driver: s.protocol, url: `${s.protocol}://${h0?.name ?? ''}${port}${path}${s.attrs.query ? `?${s.attrs.query}` : ''}` };
      const secret = authSecret();
      if (secret) {
        o.username = s.auth!.attrs.username;
        o['password-secret'] = secret;
      }
      const ssl = kid(s, 'ssl');
      if (ssl?.attrs.verify) o.sslverify = ssl.attrs.verify === 'yes';
      const cookies = kid(s, 'cookies');
      if (cookies) {
        const id = `${node}-httpcookie-secret0`;
        const jar = cookies.children
          .filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'cookie')
          .map((c) => `${c.attrs.name}=${c.children.filter((t): t is string => typeof t === 'string').join('').trim()}`)
          .join('; ');
        secretObject(ctx, id, undefined, jar);
        o['cookie-secret'] = id;
      }
      const ra = kid(s, 'readahead');
      if (ra) o.readahead = int(ra.attrs.size);
      const to = kid(s, 'timeout');
      if (to) o.timeout = int(to.attrs.seconds);
      return o;
    }
    case 'nfs': {
      const o: Record<string, unknown> = { driver: 'nfs', server: { host: h0?.name, type: 'inet' }, path: s.name };
      const id = kid(s, 'identity');
      if (id?.attrs.user !== undefined) o.user = userId(id.attrs.user);
      if (id?.attrs.group !== undefined) o.group = userId(id.attrs.group);
      return o;
    }
    case 'ssh': {
      const o: Record<string, unknown> = { driver: 'ssh', path: s.name, server: { host: h0?.name, port: String(h0?.port ?? 22) } };
      if (s.auth) o.user = s.auth.attrs.username;
      return o;
    }
    case 'gluster': {
      const name = s.name ?? '';
      const slash = name.indexOf('/');
      return { driver: 'gluster', volume: name.slice(0, slash), path: name.slice(slash + 1), server: s.hosts.map((h) => (h.transport === 'unix' ? { type: 'unix', path: h.socket } : { type: 'inet', host: h.name, port: String(h.port ?? 24007) })) };
    }
    default:
      return ctx.unsupported(`network storage protocol '${s.protocol ?? ''}' is not supported`);
  }
}

/** libvirt's mocked uid/gid lookup of the test harness (`+N` is numeric; names are resolved by the host). */
function userId(v: string): number | string {
  if (/^\+?\d+$/.test(v)) return Number(v.replace(/^\+/, ''));
  return v;
}
