/**
 * `startDbusService`: serves polyvisor connections on D-Bus with
 * libvirt-dbus' interfaces, object paths, signals and error names, so
 * existing libvirt-dbus clients work unchanged.
 * @module
 */
import { execFile } from 'node:child_process';
import * as dbus from 'dbus-next';
import { openConnection, testDriver, type Connection, type Driver } from '@polyvisor/core';
import { DBUS_ERRORS, toDBusError } from './errors.js';
import { ConnectionExporter, type ExportContext } from './exporter.js';
import { createInterfaceClass, loadInterfaceSpecs, type ServiceInterfaceClass } from './interfaces.js';
import type { ObjectBackend } from './objects.js';
import { connectPathFor } from './paths.js';

/** Which bus to serve on. */
export type BusChoice = 'session' | 'system' | { address: string };

/** Options of {@link startDbusService}. */
export interface DbusServiceOptions {
  /** `session`, `system`, or an explicit bus address (e.g. `unix:path=/tmp/bus`). */
  bus: BusChoice;
  /** Connections to serve: open ones (left open on close) or URIs (opened with `drivers`, closed on close). */
  connections: ReadonlyArray<Connection | string>;
  /** Drivers used to open URI connections (default: the test driver). */
  drivers?: readonly Driver[];
  /** Well-known bus name to claim (default `org.libvirt`). */
  name?: string;
  /** Object path of the `Connect` object per URI, overriding libvirt-dbus' naming (`/org/libvirt/QEMU`, `/org/libvirt/Test`, ...). */
  connectPaths?: Readonly<Record<string, string>>;
  /** `LibVersion` reported by every `Connect` object (libvirt encoding major*1e6+minor*1e3+micro; default: this package's version). */
  libVersion?: number;
  /** Largest string argument accepted, in bytes (default 4 MiB, libvirt's RPC string limit); larger ones fail with `LimitsExceeded`. */
  maxStringBytes?: number;
  /** Where the interface XML files are (default: the ones shipped in `share/interfaces`). */
  interfacesDir?: string;
  /** Receives background failures (event handling, re-syncs); default: ignore. */
  onError?: (message: string, err?: unknown) => void;
  /** Give up connecting to the bus after this long (default 10 s). */
  connectTimeoutMs?: number;
}

/** A running service. */
export interface DbusService {
  /** The well-known name claimed. */
  readonly name: string;
  /** The unique bus name of the service's connection (`:1.N`). */
  readonly uniqueName: string;
  /** Object path of each served connection's `Connect` object, in the order given. */
  readonly connectPaths: readonly string[];
  /** The dbus-next bus connection. */
  readonly bus: dbus.MessageBus;
  /** Object paths exported right now (all connections). */
  objectPaths(): string[];
  /** Resolves when the bus connection ends (closed by {@link DbusService.close} or lost). */
  readonly closed: Promise<void>;
  /** Releases the name, unexports everything, disconnects, and closes the connections it opened. Idempotent. */
  close(): Promise<void>;
}

/** This package's version in libvirt's numeric encoding (0.1.0 → 1000). */
export const POLYVISOR_LIB_VERSION = 1000;

/** The hypervisor version libvirt would report for a connection (test driver: 2; QEMU: the emulator's version; else 0). */
export async function hypervisorVersion(conn: Connection): Promise<number> {
  if (conn.driverName === 'test') return 2;
  try {
    const caps = await conn.host.capabilities({ timeoutMs: 5000 });
    const v = caps.host.version;
    if (typeof v === 'number') return v;
    const emulator = caps.guests.find((g) => g.emulator)?.emulator;
    if (!emulator) return 0;
    const out = await new Promise<string>((resolve) => {
      execFile(emulator, ['--version'], { timeout: 3000 }, (err, stdout) => resolve(err ? '' : String(stdout)));
    });
    const m = /version\s+(\d+)\.(\d+)(?:\.(\d+))?/.exec(out);
    return m ? Number(m[1]) * 1_000_000 + Number(m[2]) * 1000 + Number(m[3] ?? 0) : 0;
  } catch {
    return 0;
  }
}

function stringBytes(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + stringBytes(x), 0);
  return 0;
}

function connectBus(choice: BusChoice): dbus.MessageBus {
  if (choice === 'system') return dbus.systemBus();
  if (choice === 'session') return dbus.sessionBus();
  if (!choice || typeof choice.address !== 'string' || !choice.address) throw new Error('bus must be "session", "system" or { address }');
  return dbus.sessionBus({ busAddress: choice.address });
}

/**
 * Starts the D-Bus service: connects to the bus, exports per connection an
 * `org.libvirt.Connect` object at libvirt-dbus' path and a `Domain`,
 * `Network`, `StoragePool`, `StorageVol` (and `DomainSnapshot` where the
 * driver has snapshots) object per item at UUID-derived paths, then claims
 * the bus name (default `org.libvirt`). Method failures become
 * `org.libvirt.Error` replies; malformed calls get the standard D-Bus
 * errors; the service keeps running either way.
 *
 * @example
 * ```ts
 * const svc = await startDbusService({ bus: 'session', connections: ['test:///default'] });
 * // busctl --user call org.libvirt /org/libvirt/Test org.libvirt.Connect ListDomains u 0
 * await svc.close();
 * ```
 */
export async function startDbusService(options: DbusServiceOptions): Promise<DbusService> {
  const name = options.name ?? 'org.libvirt';
  const log = options.onError ?? (() => undefined);
  const maxString = options.maxStringBytes ?? 4 * 1024 * 1024;
  const specs = loadInterfaceSpecs(options.interfacesDir);
  const classes = new Map<string, ServiceInterfaceClass>();
  for (const [n, s] of specs) classes.set(n, createInterfaceClass(s));

  // Open the connections first, so a bad URI fails before touching the bus.
  const owned: Connection[] = [];
  const conns: Connection[] = [];
  try {
    for (const c of options.connections) {
      if (typeof c === 'string') {
        const conn = await openConnection(c, { drivers: options.drivers ?? [testDriver] });
        owned.push(conn);
        conns.push(conn);
      } else conns.push(c);
    }
  } catch (err) {
    await Promise.all(owned.map((c) => c.close().catch(() => undefined)));
    throw err;
  }
  if (conns.length === 0) throw new Error('startDbusService: no connections to serve');
  const paths = conns.map((c) => options.connectPaths?.[c.uri] ?? connectPathFor(c.uri, c.driverName));
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) {
    await Promise.all(owned.map((c) => c.close().catch(() => undefined)));
    throw new Error(`startDbusService: two connections map to ${dup}; give one a path with connectPaths`);
  }

  const bus = connectBus(options.bus);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let connected = false;
  const exporters: ConnectionExporter[] = [];
  let closing: Promise<void> | undefined;

  const shutdown = async (releaseName: boolean): Promise<void> => {
    for (const e of exporters) e.stop();
    if (releaseName && connected) await Promise.race([bus.releaseName(name).catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
    try {
      bus.disconnect();
    } catch {
      /* already gone */
    }
    await Promise.all(owned.map((c) => c.close().catch(() => undefined)));
    resolveClosed();
  };

  bus.on('error', (err: unknown) => {
    log('D-Bus connection error', err);
  });
  const rawConn = (bus as unknown as { _connection?: NodeJS.EventEmitter })._connection;
  rawConn?.on('end', () => {
    if (!closing) {
      log('D-Bus connection closed by the bus');
      closing = shutdown(false);
    }
  });

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`cannot connect to the D-Bus ${typeof options.bus === 'string' ? `${options.bus} bus` : `bus at ${options.bus.address}`}: timed out`)), options.connectTimeoutMs ?? 10_000);
      bus.once('connect', () => {
        clearTimeout(timer);
        connected = true;
        resolve();
      });
      bus.once('error', (err: unknown) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to the D-Bus bus: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      });
    });

    const registry = new Map<string, ObjectBackend>();
    const ctx: ExportContext = { bus, specs, classes, registry, log };
    const roots = paths.map((p) => `${p}/`);
    bus.addMethodHandler((msg: dbus.Message) => handleCall(ctx, msg, roots, paths, maxString));
    for (let i = 0; i < conns.length; i++) {
      const conn = conns[i]!;
      const e = new ConnectionExporter(ctx, conn, paths[i]!, { libVersion: options.libVersion ?? POLYVISOR_LIB_VERSION, hypervisorVersion: await hypervisorVersion(conn) });
      exporters.push(e);
      await e.start();
    }
    const reply = await bus.requestName(name, dbus.NameFlag.DO_NOT_QUEUE);
    if (reply !== dbus.RequestNameReply.PRIMARY_OWNER && reply !== dbus.RequestNameReply.ALREADY_OWNER) {
      throw new Error(`cannot claim bus name ${name}: ${reply === dbus.RequestNameReply.EXISTS ? 'another process owns it' : `request returned ${reply}`}`);
    }
  } catch (err) {
    closing = shutdown(false);
    await closing;
    throw err;
  }

  return {
    name,
    uniqueName: (bus as unknown as { name: string }).name,
    connectPaths: paths,
    bus,
    closed,
    objectPaths: () => exporters.flatMap((e) => e.paths()),
    close: async () => {
      closing ??= shutdown(true);
      await closing;
    },
  };
}

const STANDARD_IFACES = new Set(['org.freedesktop.DBus.Introspectable', 'org.freedesktop.DBus.Peer']);

function reply(ctx: ExportContext, msg: dbus.Message, signature: string, body: unknown[]): void {
  ctx.bus.send(dbus.Message.newMethodReturn(msg, signature, body));
}

function replyError(ctx: ExportContext, msg: dbus.Message, name: string, text: string): void {
  ctx.bus.send(dbus.Message.newError(msg as unknown as string, name, text));
}

function replyAsync(ctx: ExportContext, msg: dbus.Message, work: () => Promise<[string, unknown[]]>): void {
  work().then(
    ([sig, body]) => reply(ctx, msg, sig, body),
    (err: unknown) => {
      const e = toDBusError(err);
      replyError(ctx, msg, e.type, e.text);
    },
  );
}

/** The service's method handler, run before dbus-next's own dispatch. Returns true when it answered. */
function handleCall(ctx: ExportContext, msg: dbus.Message, roots: string[], connectPaths: string[], maxString: number): boolean {
  const path = msg.path;
  const member = msg.member;
  const iface = msg.interface;
  const sig = msg.signature ?? '';
  if (!path || !member) return false;
  if (iface && STANDARD_IFACES.has(iface)) return false;
  const obj = ctx.registry.get(path);
  const ours = obj !== undefined || connectPaths.includes(path) || roots.some((r) => path.startsWith(r));
  if (!ours) return false;

  if (iface === 'org.freedesktop.DBus.Properties') {
    if (!obj) {
      replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_OBJECT, `No such object path '${path}'`);
      return true;
    }
    const props = obj.spec.properties;
    const wrongIface = (name: string) => name !== '' && name !== obj.spec.name;
    if (member === 'Get' && sig === 'ss') {
      const [ifName, prop] = msg.body as [string, string];
      const p = props.get(prop);
      if (wrongIface(ifName)) replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_INTERFACE, `No such interface '${ifName}'`);
      else if (!p) replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_PROPERTY, `No such property '${prop}'`);
      else {
        replyAsync(ctx, msg, async () => {
          if (!(await obj.refresh())) throw new dbus.DBusError(DBUS_ERRORS.UNKNOWN_OBJECT, `Object '${path}' no longer exists`);
          return ['v', [new dbus.Variant(p.type, obj.get(prop))]];
        });
      }
      return true;
    }
    if (member === 'GetAll' && sig === 's') {
      const [ifName] = msg.body as [string];
      if (wrongIface(ifName)) return false;
      replyAsync(ctx, msg, async () => {
        if (!(await obj.refresh())) throw new dbus.DBusError(DBUS_ERRORS.UNKNOWN_OBJECT, `Object '${path}' no longer exists`);
        const all: Record<string, dbus.Variant> = {};
        for (const p of props.values()) if (p.access !== 'write') all[p.name] = new dbus.Variant(p.type, obj.get(p.name));
        return ['a{sv}', [all]];
      });
      return true;
    }
    if (member === 'Set' && sig === 'ssv') {
      const [ifName, prop, value] = msg.body as [string, string, dbus.Variant];
      const p = props.get(prop);
      if (wrongIface(ifName)) replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_INTERFACE, `No such interface '${ifName}'`);
      else if (!p) replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_PROPERTY, `No such property '${prop}'`);
      else if (p.access === 'read') replyError(ctx, msg, DBUS_ERRORS.PROPERTY_READ_ONLY, `Property '${prop}' is read-only`);
      else if (value.signature !== p.type) replyError(ctx, msg, DBUS_ERRORS.INVALID_ARGS, `Property '${prop}' has type '${p.type}', got '${value.signature}'`);
      else {
        replyAsync(ctx, msg, async () => {
          await obj.setProperty(prop, value.value);
          return ['', []];
        });
      }
      return true;
    }
    replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_METHOD, `Method '${member}' with signature '${sig}' on interface 'org.freedesktop.DBus.Properties' does not exist`);
    return true;
  }

  if (!obj) {
    replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_OBJECT, `No such object path '${path}'`);
    return true;
  }
  if (iface && iface !== obj.spec.name) {
    replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_INTERFACE, `No such interface '${iface}' at object path '${path}'`);
    return true;
  }
  const m = obj.spec.methods.get(member);
  if (!m) {
    replyError(ctx, msg, DBUS_ERRORS.UNKNOWN_METHOD, `No such method '${member}' on interface '${obj.spec.name}'`);
    return true;
  }
  if (m.inSignature !== sig) {
    replyError(ctx, msg, DBUS_ERRORS.INVALID_ARGS, `Type of message, '(${sig})', does not match expected type '(${m.inSignature})' of ${obj.spec.name}.${member}`);
    return true;
  }
  const size = stringBytes(msg.body);
  if (size > maxString) {
    replyError(ctx, msg, DBUS_ERRORS.LIMITS_EXCEEDED, `string arguments of ${size} bytes exceed the service limit of ${maxString} bytes`);
    return true;
  }
  if (!iface) {
    // dbus-next dispatches by interface; a call without one is routed here.
    replyAsync(ctx, msg, async () => {
      const r = await obj.call(member, msg.body);
      return [m.outSignature, m.out.length === 0 ? [] : m.out.length === 1 ? [r] : (r as unknown[])];
    });
    return true;
  }
  return false;
}
