/**
 * The D-Bus service over the real KVM driver: a private dbus-daemon, an
 * embedded `qemu:///embed?root=<tmp>` connection served at
 * `/org/libvirt/QEMU`, and the tiny test guest booted under TCG, driven
 * by dbus-next (in this process) and `dbus-send` (argv) like any
 * libvirt-dbus client would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dbus from 'dbus-next';
import { openConnection, type Connection, type Driver } from '@polyvisor/core';
import { ensureGuest, guestDomainXml, killQemusMentioning, qemuPidsMentioning, waitForMarker } from '../../driver-kvm/test/fixtures/guest.js';
import { DOMAIN_EVENT, DOMAIN_EVENT_DETAIL, domainPath, startDbusService, type DbusService } from '../src/index.js';

// The KVM driver is imported at run time through a non-literal specifier (vitest's alias resolves it to
// packages/driver-kvm/src/index.ts): a static import would make `tsc -p packages/dbus` type-check the driver's
// sources, which import @polyvisor/host, a path this package's tsconfig does not map.
const KVM_DRIVER_MODULE: string = '@polyvisor/driver-kvm';
const QEMU = '/org/libvirt/QEMU';
const NAME = 'dbus-kvm-vm';

let root = '';
let busDir = '';
let daemonPid = 0;
let address = '';
let conn: Connection | undefined;
let svc: DbusService | undefined;
let client: dbus.MessageBus | undefined;
const serviceErrors: string[] = [];
const timings: Record<string, number> = {};

type Iface = dbus.ClientInterface;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(fn: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Runs dbus-send asynchronously (the service answers from this very process). */
function dbusSend(path: string, method: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('dbus-send', [`--bus=${address}`, '--print-reply', '--reply-timeout=120000', '--dest=org.libvirt', path, method, ...args], { timeout: 130_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: String(stdout), err: String(stderr) });
    });
  });
}

async function iface(path: string, name: string): Promise<Iface> {
  return (await client!.getProxyObject('org.libvirt', path)).getInterface(name);
}

async function prop(path: string, ifaceName: string, name: string): Promise<unknown> {
  const p = await iface(path, 'org.freedesktop.DBus.Properties');
  return ((await p.Get(ifaceName, name)) as dbus.Variant).value;
}

async function dbusError(p: Promise<unknown>): Promise<{ type: string; text: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { type?: string; text?: string; message?: string };
    return { type: e.type ?? 'none', text: e.text ?? e.message ?? '' };
  }
  throw new Error('expected a D-Bus error');
}

/** Bounds a cleanup step so a wedged close cannot hang afterAll. */
function bounded(p: Promise<unknown> | undefined, ms = 10_000): Promise<unknown> {
  return Promise.race([(p ?? Promise.resolve()).catch(() => undefined), sleep(ms)]);
}

beforeAll(async () => {
  let t = Date.now();
  ensureGuest();
  timings.ensureGuest = Date.now() - t;
  t = Date.now();
  root = mkdtempSync(join(tmpdir(), 'pv-dbus-kvm-'));
  busDir = mkdtempSync(join(tmpdir(), 'pv-dbus-kvm-bus-'));
  const conf = join(busDir, 'bus.conf');
  writeFileSync(conf, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(busDir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`);
  const r = spawnSync('dbus-daemon', [`--config-file=${conf}`, '--print-address=1', '--print-pid=1', '--fork'], { encoding: 'utf8', timeout: 10000 });
  if (r.status !== 0) throw new Error(`dbus-daemon failed: ${r.stderr}`);
  const [addr, pid] = r.stdout.trim().split('\n');
  address = addr!.trim();
  daemonPid = Number(pid);
  const { kvmDriver } = (await import(/* @vite-ignore */ KVM_DRIVER_MODULE)) as { kvmDriver: Driver };
  conn = await openConnection(`qemu:///embed?root=${root}`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
  svc = await startDbusService({ bus: { address }, connections: [conn], onError: (m, err) => serviceErrors.push(`${m}: ${err instanceof Error ? err.message : String(err ?? '')}`) });
  client = dbus.sessionBus({ busAddress: address });
  timings.setup = Date.now() - t;
}, 600_000);

afterAll(async () => {
  try {
    client?.disconnect();
  } catch {
    /* ignore */
  }
  await bounded(svc?.close());
  await bounded(conn?.close());
  if (root) killQemusMentioning(root);
  if (daemonPid > 0) {
    try {
      process.kill(daemonPid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  if (root) rmSync(root, { recursive: true, force: true });
  if (busDir) rmSync(busDir, { recursive: true, force: true });
  console.log(`dbus-kvm timings (ms): ${JSON.stringify(timings)}`);
}, 60_000);

describe('D-Bus service over the KVM driver (real QEMU, TCG)', () => {
  it('serves the embedded QEMU connection at /org/libvirt/QEMU', async () => {
    expect(svc!.connectPaths).toEqual([QEMU]);
    const c = await iface(QEMU, 'org.libvirt.Connect');
    expect(await c.ListDomains(0)).toEqual([]);
    const p = await iface(QEMU, 'org.freedesktop.DBus.Properties');
    const all = (await p.GetAll('org.libvirt.Connect')) as Record<string, dbus.Variant>;
    // QEMU's own version in libvirt's encoding (e.g. 7.2.22 -> 7002022).
    const v = /version\s+(\d+)\.(\d+)(?:\.(\d+))?/.exec(spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).stdout)!;
    expect(all.Version!.value).toBe(BigInt(Number(v[1]) * 1_000_000 + Number(v[2]) * 1000 + Number(v[3] ?? 0)));
    const list = await dbusSend(QEMU, 'org.libvirt.Connect.ListDomains', 'uint32:0');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/array \[\s*\]/);
  });

  it('defines, boots, inspects, refuses a second start, shuts down (ACPI) and undefines the test guest', async () => {
    const serialLog = join(root, `${NAME}.serial.log`);
    const c = await iface(QEMU, 'org.libvirt.Connect');
    const events: Array<[string, number, number]> = [];
    const onEvent = (p: string, e: number, d: number) => events.push([p, e, d]);
    c.on('DomainEvent', onEvent);
    await sleep(200); // let the match rule reach the bus
    const changes: Array<Record<string, dbus.Variant>> = [];
    const onChange = (_i: string, changed: Record<string, dbus.Variant>) => changes.push(changed);
    let props: Iface | undefined;
    try {
      // --- define ---
      let t = Date.now();
      const path = (await c.DomainDefineXML(guestDomainXml(NAME, { serialLog }))) as string;
      timings.define = Date.now() - t;
      const uuid = (await prop(path, 'org.libvirt.Domain', 'UUID')) as string;
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(path).toBe(domainPath(QEMU, uuid));
      const mine = (e: number, d: number) => events.find((x) => x[0] === path && x[1] === e && x[2] === d);
      await waitFor(() => mine(DOMAIN_EVENT.defined, DOMAIN_EVENT_DETAIL.defined.added!), 5000, 'Defined/Added');
      expect(await prop(path, 'org.libvirt.Domain', 'Name')).toBe(NAME);
      expect(await prop(path, 'org.libvirt.Domain', 'Active')).toBe(false);
      expect(await prop(path, 'org.libvirt.Domain', 'Persistent')).toBe(true);
      expect(await prop(path, 'org.libvirt.Domain', 'Id')).toBe(0xffffffff);
      expect(await prop(path, 'org.libvirt.Domain', 'OSType')).toBe('hvm');
      expect(await prop(path, 'org.libvirt.Domain', 'SchedulerType')).toEqual(['posix', 0]);

      // --- list and look up ---
      expect(await c.ListDomains(0)).toEqual([path]);
      expect(await c.ListDomains(2)).toEqual([path]); // INACTIVE
      expect(await c.ListDomains(1)).toEqual([]); // ACTIVE
      expect(await c.ListDomains(64)).toEqual([path]); // SHUTOFF
      expect(await c.DomainLookupByName(NAME)).toBe(path);
      expect(await c.DomainLookupByUUID(uuid)).toBe(path);
      const look = await dbusSend(QEMU, 'org.libvirt.Connect.DomainLookupByName', `string:${NAME}`);
      expect(look.out, look.err).toContain(`object path "${path}"`);
      const d = await iface(path, 'org.libvirt.Domain');
      expect((await d.GetState(0)) as number[]).toEqual([5, expect.any(Number)]); // shutoff
      expect((await d.GetXMLDesc(0)) as string).toContain(`<name>${NAME}</name>`);
      const missing = await dbusError(c.DomainLookupByName('no-such-kvm-domain'));
      expect(missing.type).toBe('org.libvirt.Error');
      expect(missing.text).toMatch(/no-such-kvm-domain/);

      props = await iface(path, 'org.freedesktop.DBus.Properties');
      props.on('PropertiesChanged', onChange);
      await sleep(200);

      // --- start through dbus-send ---
      t = Date.now();
      const create = await dbusSend(path, 'org.libvirt.Domain.Create', 'uint32:0');
      expect(create.code, create.err).toBe(0);
      timings.create = Date.now() - t;
      await waitFor(() => mine(DOMAIN_EVENT.started, DOMAIN_EVENT_DETAIL.started.booted!), 10_000, 'Started/Booted');
      await waitFor(() => changes.find((ch) => ch.Active?.value === true), 10_000, 'PropertiesChanged Active=true');
      expect(await prop(path, 'org.libvirt.Domain', 'Active')).toBe(true);
      expect(await d.GetState(0)).toEqual([1, 1]); // running, booted
      const state = await dbusSend(path, 'org.libvirt.Domain.GetState', 'uint32:0');
      expect(state.out, state.err).toMatch(/struct \{\s*int32 1\s*int32 1\s*\}/);
      const id = (await prop(path, 'org.libvirt.Domain', 'Id')) as number;
      expect(id).toBeGreaterThan(0);
      expect(id).not.toBe(0xffffffff);
      expect(await c.DomainLookupByID(id)).toBe(path);
      expect(await c.ListDomains(1)).toEqual([path]); // ACTIVE
      expect(await c.ListDomains(16)).toEqual([path]); // RUNNING
      expect(await c.ListDomains(2)).toEqual([]); // INACTIVE
      const live = (await d.GetXMLDesc(0)) as string;
      expect(live).toMatch(new RegExp(`<domain type='qemu' id='${id}'`));
      expect(live).toContain(uuid);
      const inactive = (await d.GetXMLDesc(2)) as string; // INACTIVE
      expect(inactive).not.toMatch(/ id='/);
      expect(qemuPidsMentioning(root).length).toBe(1);

      // --- KVM refuses a second start; the error maps to org.libvirt.Error and the service keeps answering ---
      const again = await dbusError(d.Create(0));
      expect(again.type).toBe('org.libvirt.Error');
      expect(again.text).toMatch(/already running/);
      const againCli = await dbusSend(path, 'org.libvirt.Domain.Create', 'uint32:0');
      expect(againCli.code).not.toBe(0);
      expect(againCli.err).toMatch(/org\.libvirt\.Error: .*already running/);
      expect(await d.GetState(0)).toEqual([1, 1]);
      expect(await c.ListDomains(0)).toEqual([path]);

      // --- the guest boots to its ready marker ---
      t = Date.now();
      await waitForMarker(serialLog, 300_000); // generous: TCG on a shared, loaded host
      timings.bootToMarker = Date.now() - t;
      expect(await d.GetState(0)).toEqual([1, 1]);

      // --- ACPI shutdown through dbus-send; the guest powers off ---
      t = Date.now();
      const shut = await dbusSend(path, 'org.libvirt.Domain.Shutdown', 'uint32:1'); // ACPI_POWER_BTN
      expect(shut.code, shut.err).toBe(0);
      await waitFor(() => mine(DOMAIN_EVENT.stopped, DOMAIN_EVENT_DETAIL.stopped.shutdown!), 180_000, 'Stopped/Shutdown');
      timings.acpiShutdown = Date.now() - t;
      await waitFor(() => changes.find((ch) => ch.Active?.value === false), 10_000, 'PropertiesChanged Active=false');
      expect(await d.GetState(0)).toEqual([5, 1]); // shutoff, shutdown
      expect(await prop(path, 'org.libvirt.Domain', 'Active')).toBe(false);
      expect(await prop(path, 'org.libvirt.Domain', 'Id')).toBe(0xffffffff);
      expect(await c.ListDomains(64)).toEqual([path]); // SHUTOFF
      await waitFor(() => qemuPidsMentioning(root).length === 0, 10_000, 'QEMU to exit');
      // The lifecycle as libvirt numbers it: Defined/Added, Started/Booted, Shutdown/Guest, Stopped/Shutdown.
      expect(events.filter((e) => e[0] === path).map((e) => [e[1], e[2]])).toEqual([
        [DOMAIN_EVENT.defined, 0], [DOMAIN_EVENT.started, 0], [DOMAIN_EVENT.shutdown, DOMAIN_EVENT_DETAIL.shutdown.guest], [DOMAIN_EVENT.stopped, 0],
      ]);

      // Shutting down a shut-off domain is refused too.
      const notRunning = await dbusError(d.Shutdown(0));
      expect(notRunning.type).toBe('org.libvirt.Error');
      expect(notRunning.text).toMatch(/not running/);

      // --- undefine ---
      await d.Undefine(0);
      await waitFor(() => mine(DOMAIN_EVENT.undefined, DOMAIN_EVENT_DETAIL.undefined.removed!), 5000, 'Undefined/Removed');
      await waitFor(() => !svc!.objectPaths().includes(path), 5000, 'the domain object to be unexported');
      const gone = await dbusSend(path, 'org.libvirt.Domain.GetState', 'uint32:0');
      expect(gone.code).not.toBe(0);
      expect(gone.err).toContain('org.freedesktop.DBus.Error.UnknownObject');
      expect(await c.ListDomains(0)).toEqual([]);
      expect(serviceErrors).toEqual([]);
    } finally {
      c.removeListener('DomainEvent', onEvent);
      props?.removeListener('PropertiesChanged', onChange);
    }
  }, 600_000);
});
