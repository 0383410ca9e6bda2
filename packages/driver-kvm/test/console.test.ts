/**
 * Consoles, VNC and screenshots of the KVM driver on real QEMU (TCG) with the
 * tiny test guest, whose init keeps a shell on ttyS0; plus the CLI verbs
 * (`vncdisplay`, `domdisplay`, `screenshot`, the console session loop).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Duplex } from 'node:stream';
import { openConnection, testDriver, PolyvisorError, type Connection, type Domain } from '@polyvisor/core';
import { kvmDriver } from '../src/index.js';
import { resolveConsoleDevice } from '../src/driver/console.js';
import { runCli } from '../../cli/src/index.js';
import { runConsoleSession } from '../../cli/src/console.js';
import { ensureGuest, killQemusMentioning } from './fixtures/guest.js';

const root = mkdtempSync(join(tmpdir(), 'pv-con-'));
const uri = `qemu:///embed?root=${root}`;
const open = () => openConnection(uri, { drivers: [kvmDriver], driverOptions: { autostart: false } });

function domainXml(name: string, devices: string): string {
  const { kernel, initrd } = ensureGuest();
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${kernel}</kernel>
    <initrd>${initrd}</initrd>
    <cmdline>console=ttyS0 quiet cryptomgr.notests init_on_free=1</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
${devices}
    <memballoon model='none'/>
  </devices>
</domain>`;
}

/** Collects what a console prints. */
function collect(s: Duplex): { text: () => string; ended: Promise<void> } {
  let buf = '';
  s.on('data', (d: Buffer) => (buf += d.toString('latin1')));
  const ended = new Promise<void>((r) => {
    s.once('end', () => r());
    s.once('close', () => r());
  });
  return { text: () => buf, ended };
}

/** Types `echo polyvisor-$((6*7))` (again every 2 s, while the guest boots) until the shell answers 42. */
async function expectShell(s: Duplex, out: () => string, tag = 'polyvisor', timeoutMs = 90_000): Promise<void> {
  const from = out().length;
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  while (!out().slice(from).includes(`${tag}-42`)) {
    if (Date.now() > deadline) throw new Error(`no "${tag}-42" from the guest shell; console said: ${JSON.stringify(out().slice(-500))}`);
    if (Date.now() >= next) {
      s.write(`echo ${tag}-$((6*7))\n`);
      next = Date.now() + 2000;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function expectCode(p: Promise<unknown>, code: string, msg?: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err, `expected ${code}`).toBeInstanceOf(PolyvisorError);
  expect((err as PolyvisorError).code).toBe(code);
  if (msg) expect((err as PolyvisorError).message).toMatch(msg);
}

/** The first bytes a server sends on connect. */
function greeting(target: { port: number; host: string } | { path: string }, n = 12): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = netConnect(target as never);
    let buf = Buffer.alloc(0);
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error('no greeting'));
    }, 10_000);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= n) {
        clearTimeout(t);
        s.destroy();
        resolve(buf.subarray(0, n).toString('latin1'));
      }
    });
    s.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

/** Width and height from a PNG or binary PPM header. */
function imageSize(data: Buffer, mimeType: string): { width: number; height: number } {
  if (mimeType === 'image/png') {
    expect(data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR');
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  expect(mimeType).toBe('image/x-portable-pixmap');
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 32).toString('latin1'));
  expect(m).not.toBeNull();
  const width = Number(m![1]);
  const height = Number(m![2]);
  const header = m![0].length;
  expect(data.length).toBe(header + width * height * 3);
  return { width, height };
}

const KNOWN_MODES = ['720x400', '640x480', '640x400', '800x600', '1024x768', '1280x800'];

beforeAll(() => {
  ensureGuest();
}, 600_000);

afterAll(() => {
  killQemusMentioning(root);
  rmSync(root, { recursive: true, force: true });
});

describe('device resolution (pure)', () => {
  it('picks the first console (a serial-target console is serial0), then serials, by alias', async () => {
    const { parseDomainXml } = await import('@polyvisor/core');
    const spec = parseDomainXml(domainXml('x', `<serial type='pty'><target port='0'/></serial><serial type='file'><source path='/tmp/x'/><target port='1'/></serial>
      <console type='pty'><target type='serial' port='0'/></console><console type='pty'><target type='virtio' port='1'/></console>`));
    expect(resolveConsoleDevice(spec)).toMatchObject({ devname: 'console0', chardevId: 'charserial0' });
    expect(resolveConsoleDevice(spec, 'serial1')).toMatchObject({ chardevId: 'charserial1', chr: { type: 'file' } });
    expect(resolveConsoleDevice(spec, 'console1')).toMatchObject({ chardevId: 'charconsole1' });
    expect(() => resolveConsoleDevice(spec, 'serial9')).toThrow(/cannot find character device serial9/);
    const bare = parseDomainXml(domainXml('y', ''));
    expect(() => resolveConsoleDevice(bare)).toThrow(/no console or serial device/);
  });
});

describe('console, VNC and screenshots (real QEMU, TCG)', { timeout: 180_000 }, () => {
  let conn: Connection;
  const sockPath = join(root, 'con-unix.serial.sock');
  const fileLog = join(root, 'con-unix.file.log');
  let pty: Domain;
  let unix: Domain;

  beforeAll(async () => {
    conn = await open();
    pty = await conn.domains.define(domainXml('con-pty', `    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <graphics type='vnc' autoport='yes'/>
    <video><model type='vga'/></video>`));
    unix = await conn.domains.define(domainXml('con-unix', `    <serial type='unix'><source mode='bind' path='${sockPath}'/><target port='0'/></serial>
    <serial type='file'><source path='${fileLog}'/><target port='1'/></serial>
    <graphics type='vnc'><listen type='socket'/></graphics>`));
    await Promise.all([pty.start(), unix.start()]);
  }, 120_000);

  afterAll(async () => {
    for (const d of [pty, unix]) {
      if (!d) continue;
      await d.destroy().catch(() => undefined);
      await d.undefine().catch(() => undefined);
    }
    await conn?.close();
  });

  it('talks to the shell on a pty serial console; one session per device; closing leaves the guest running', async () => {
    const live = await pty.getXML();
    const m = /<serial type='pty'>\s*<source path='(\/dev\/pts\/\d+)'\/>/.exec(live);
    expect(m, live).not.toBeNull();
    expect(live).toMatch(/<console type='pty'>\s*<source path='\/dev\/pts\/\d+'\/>/);

    const s = await pty.openConsole();
    const out = collect(s);
    await expectShell(s, out.text);
    // libvirt semantics: a second session on the same device is refused while the first is open.
    await expectCode(pty.openConsole(), 'RESOURCE_BUSY', /active console session/);
    await expectCode(pty.openConsole({ devname: 'serial0' }), 'RESOURCE_BUSY');
    s.destroy();
    await out.ended;
    await pty.refresh();
    expect(pty.state).toBe('running');
    // Open again: the same shell answers.
    const s2 = await pty.openConsole({ devname: 'serial0' });
    const out2 = collect(s2);
    await expectShell(s2, out2.text, 'again', 20_000);
    s2.end();
    await out2.ended;
    expect(pty.active).toBe(true);
  });

  it('talks to the shell on a unix-socket serial console and refuses a file serial', async () => {
    const s = await unix.openConsole();
    const out = collect(s);
    await expectShell(s, out.text);
    await expectCode(unix.openConsole({ devname: 'serial0' }), 'RESOURCE_BUSY');
    await expectCode(unix.openConsole({ devname: 'serial1' }), 'OPERATION_INVALID', /writes to the file .* cannot be opened interactively/);
    await expectCode(unix.openConsole({ devname: 'serial7' }), 'INVALID_ARG', /cannot find character device serial7/);
    s.destroy();
    await out.ended;
    const s2 = await unix.openConsole({ devname: 'serial0' });
    const out2 = collect(s2);
    await expectShell(s2, out2.text, 'unix', 20_000);
    s2.destroy();
    await out2.ended;
  });

  it('allocates a VNC port at start, records it in the live XML and serves RFB there', async () => {
    const g = await pty.getGraphics();
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ type: 'vnc', host: '127.0.0.1' });
    expect(g[0]!.port).toBeGreaterThanOrEqual(5900);
    expect(g[0]!.uri).toBe(`vnc://127.0.0.1:${g[0]!.port}`);
    const live = await pty.getXML();
    expect(live).toContain(`<graphics type='vnc' port='${g[0]!.port}' autoport='yes' listen='127.0.0.1'>`);
    expect(live).toContain(`<listen type='address' address='127.0.0.1'/>`);
    expect(await greeting({ host: '127.0.0.1', port: g[0]!.port! })).toBe('RFB 003.008\n');
    // The inactive definition keeps asking for an automatic port.
    expect(await pty.getXML({ inactive: true })).toContain(`<graphics type='vnc' autoport='yes'/>`);
  });

  it('puts a VNC display with <listen type=socket/> on a socket in the runtime directory', async () => {
    const g = await unix.getGraphics();
    expect(g).toHaveLength(1);
    expect(g[0]!.socket).toBe(join(root, 'run', 'qemu', 'con-unix', 'vnc.sock'));
    expect(g[0]!.uri).toBe(`vnc+unix://${g[0]!.socket}`);
    expect(await unix.getXML()).toContain(`<listen type='socket' socket='${g[0]!.socket}'/>`);
    expect(await greeting({ path: g[0]!.socket! })).toBe('RFB 003.008\n');
  });

  it('takes screenshots through a private temporary file', async () => {
    const shot = await pty.screenshot();
    const { width, height } = imageSize(shot.data, shot.mimeType);
    expect(KNOWN_MODES).toContain(`${width}x${height}`);
    const dir = join(root, 'run', 'qemu', 'con-pty');
    expect(readdirSync(dir).filter((f) => f.startsWith('screenshot-'))).toEqual([]);
    await expectCode(pty.screenshot({ screen: 1 }), 'INVALID_ARG', /no screen with ID 1/);
    // No video device, no display.
    await expectCode(unix.screenshot(), 'OPERATION_INVALID', /domain has no display/);
  });

  it('refuses consoles, graphics and screenshots of an inactive domain', async () => {
    const off = await conn.domains.define(domainXml('con-off', `<serial type='pty'/><video><model type='vga'/></video>`));
    try {
      await expectCode(off.openConsole(), 'OPERATION_INVALID', /not running/);
      await expectCode(off.getGraphics(), 'OPERATION_INVALID', /not running/);
      await expectCode(off.screenshot(), 'OPERATION_INVALID', /not running/);
    } finally {
      await off.undefine();
    }
  });

  it('runs a console session loop: input to the guest, output to the terminal, Ctrl+] ends it', async () => {
    const s = await pty.openConsole();
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString('latin1')));
    const session = runConsoleSession(s, { input, output });
    const deadline = Date.now() + 30_000;
    let next = 0;
    while (!printed.includes('session-42')) {
      if (Date.now() > deadline) throw new Error(`no answer through the session: ${JSON.stringify(printed.slice(-300))}`);
      if (Date.now() >= next) {
        input.write('echo session-$((6*7))\r');
        next = Date.now() + 2000;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    input.write(Buffer.from([0x1d]));
    expect(await session).toBe('escape');
    expect(s.destroyed).toBe(true);
    // The device is free again.
    const s2 = await pty.openConsole();
    s2.destroy();
  });

  describe('CLI verbs (in-process)', () => {
    async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = '';
      let err = '';
      const code = await runCli(['-c', uri, ...argv], { drivers: [testDriver, kvmDriver], env: {}, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } });
      return { code, out, err };
    }

    // QEMU serves one QMP client: hand the monitors to the CLI's connections, take them back afterwards.
    beforeAll(async () => {
      await conn.close();
    });
    afterAll(async () => {
      conn = await open();
      pty = await conn.domains.lookup('con-pty');
      unix = await conn.domains.lookup('con-unix');
    });

    it('prints vncdisplay and domdisplay like virsh', async () => {
      const v = await cli('vncdisplay', 'con-pty');
      expect(v.err).toBe('');
      expect(v.code).toBe(0);
      expect(v.out).toMatch(/^127\.0\.0\.1:\d+\n$/);
      const display = Number(v.out.trim().split(':')[1]);
      expect((await cli('domdisplay', 'con-pty')).out).toBe(`vnc://127.0.0.1:${display}\n`);
      expect((await cli('domdisplay', 'con-unix')).out).toBe(`vnc+unix://${join(root, 'run', 'qemu', 'con-unix', 'vnc.sock')}\n`);
      const bad = await cli('vncdisplay', 'con-unix');
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/on the socket/);
    });

    it('saves a screenshot to a file', async () => {
      const file = join(root, 'shot.img');
      const r = await cli('screenshot', 'con-pty', file);
      expect(r.err).toBe('');
      expect(r.out).toMatch(new RegExp(`^Screenshot saved to ${file}, with type of image/(png|x-portable-pixmap)\\n$`));
      const mime = /type of (\S+)\n/.exec(r.out)![1]!;
      expect(existsSync(file) && statSync(file).size > 0).toBe(true);
      const { width, height } = imageSize(readFileSync(file), mime);
      expect(KNOWN_MODES).toContain(`${width}x${height}`);
      const bad = await cli('screenshot', 'con-unix', join(root, 'none.img'));
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/domain has no display/);
    });
  });
});
