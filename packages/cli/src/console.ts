/**
 * Console and display verbs of the CLI, as in virsh: `console` (interactive
 * serial console, escape `Ctrl+]`), `vncdisplay`, `domdisplay` and
 * `screenshot`.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { ErrorCode, PolyvisorError, type Domain, type GraphicsInfo } from '@polyvisor/core';

/** What the console verbs need from the CLI. */
export interface ConsoleCommandDeps {
  /** Looks a domain up by name, UUID or id. */
  dom: (key: string) => Promise<Domain>;
  /** Prints a line. */
  out: (s: string) => void;
  /** The terminal `console` attaches to (default: the process's stdin and stdout). */
  terminal?: ConsoleTerminal;
}

/** The local side of an interactive console session. */
export interface ConsoleTerminal {
  /** Keyboard input; put into raw mode while attached when it is a TTY. */
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Where guest output goes. */
  output: Writable;
}

/** The byte that ends a console session: `Ctrl+]` (0x1d), as in virsh. */
export const CONSOLE_ESCAPE = 0x1d;

/**
 * Copies bytes between `terminal` and a console `stream` until the user types
 * `Ctrl+]`, the input ends, or the console closes (the domain stopped).
 * The terminal is put into raw mode for the session (when it is a TTY) and
 * restored afterwards; the console stream is closed. Resolves with why it
 * ended.
 */
export async function runConsoleSession(stream: Duplex, terminal: ConsoleTerminal): Promise<'escape' | 'input-closed' | 'console-closed'> {
  const { input, output } = terminal;
  const raw = input.isTTY === true && typeof input.setRawMode === 'function';
  if (raw) input.setRawMode!(true);
  let finish!: (why: 'escape' | 'input-closed' | 'console-closed') => void;
  const done = new Promise<'escape' | 'input-closed' | 'console-closed'>((r) => (finish = r));
  const onInput = (chunk: Buffer | string) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const esc = buf.indexOf(CONSOLE_ESCAPE);
    const data = esc >= 0 ? buf.subarray(0, esc) : buf;
    if (data.length && !stream.destroyed) stream.write(data);
    if (esc >= 0) finish('escape');
  };
  const onInputEnd = () => finish('input-closed');
  const onData = (d: Buffer) => output.write(d);
  const onClosed = () => finish('console-closed');
  input.on('data', onInput);
  input.once('end', onInputEnd);
  stream.on('data', onData);
  stream.once('end', onClosed);
  stream.once('close', onClosed);
  stream.on('error', onClosed);
  input.resume();
  try {
    return await done;
  } finally {
    input.off('data', onInput);
    input.off('end', onInputEnd);
    input.pause();
    if (raw) input.setRawMode!(false);
    stream.off('data', onData);
    stream.off('end', onClosed);
    stream.off('close', onClosed);
    stream.destroy();
  }
}

/** A VNC display in virsh's `vncdisplay` form: `127.0.0.1:0`, or `:0` when listening on every address. */
export function vncDisplay(g: GraphicsInfo): string | undefined {
  if (g.type !== 'vnc' || g.port === undefined) return undefined;
  const host = g.host === undefined || g.host === '0.0.0.0' || g.host === '::' ? '' : g.host.includes(':') ? `[${g.host}]` : g.host;
  return `${host}:${g.port - 5900}`;
}

/**
 * A display URI in virsh's `domdisplay` form: VNC by display number
 * (`vnc://127.0.0.1:0`, `localhost` for a wildcard listen address), sockets as
 * `vnc+unix:///path`, others as the driver reports them.
 */
export function displayUri(g: GraphicsInfo): string {
  if (g.socket) return `${g.type}+unix://${g.socket}`;
  if (g.port !== undefined && (g.type === 'vnc' || g.type === 'spice')) {
    const h = g.host === undefined || g.host === '0.0.0.0' || g.host === '::' ? 'localhost' : g.host;
    return `${g.type}://${h.includes(':') ? `[${h}]` : h}:${g.type === 'vnc' ? g.port - 5900 : g.port}`;
  }
  return g.uri;
}

function extensionFor(mimeType: string): string {
  if (mimeType === 'image/png') return 'png';
  if (mimeType === 'image/x-portable-pixmap') return 'ppm';
  return 'img';
}

/** Registers `console`, `vncdisplay`, `domdisplay` and `screenshot` on `program`. */
export function registerConsoleCommands(program: Command, deps: ConsoleCommandDeps): void {
  const { dom, out } = deps;

  program
    .command('console <domain>')
    .description('connect to the guest console (escape character: ^], i.e. Ctrl+])')
    .option('--devname <name>', 'character device to open (serial0, console1, ...; default: the first console)')
    .action(async (key: string, o: { devname?: string }) => {
      const d = await dom(key);
      const stream = await d.openConsole(o.devname ? { devname: o.devname } : {});
      out(`Connected to domain '${d.name}'`);
      out('Escape character is ^] (Ctrl + ])');
      const terminal = deps.terminal ?? { input: process.stdin, output: process.stdout };
      await runConsoleSession(stream, terminal);
      out('');
    });

  program
    .command('vncdisplay <domain>')
    .description('print the VNC display of a running domain (host:display)')
    .action(async (key: string) => {
      const d = await dom(key);
      const g = (await d.getGraphics()).find((x) => x.type === 'vnc');
      const shown = g && vncDisplay(g);
      if (!g || !shown) {
        throw new PolyvisorError(ErrorCode.OPERATION_INVALID, g?.socket ? `domain '${d.name}' has its VNC display on the socket '${g.socket}', not on a TCP port` : `domain '${d.name}' has no VNC display`);
      }
      out(shown);
    });

  program
    .command('domdisplay <domain>')
    .description('print the URI of the graphical display of a running domain')
    .option('--type <type>', 'only displays of this type (vnc, spice)')
    .option('--all', 'every display, one per line')
    .action(async (key: string, o: { type?: string; all?: boolean }) => {
      const d = await dom(key);
      const all = (await d.getGraphics()).filter((g) => !o.type || g.type === o.type);
      if (!all.length) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `No graphical display found for domain '${d.name}'`);
      out((o.all ? all : all.slice(0, 1)).map(displayUri).join('\n'));
    });

  program
    .command('screenshot <domain> [file]')
    .description('take a screenshot of the display (PNG or PPM, as QEMU writes it)')
    .option('--screen <n>', 'screen (video device) number', '0')
    .action(async (key: string, file: string | undefined, o: { screen: string }) => {
      const screen = Number(o.screen);
      if (!Number.isInteger(screen) || screen < 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid screen '${o.screen}'`);
      const d = await dom(key);
      const shot = await d.screenshot({ screen });
      const path = file ?? `${d.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.${extensionFor(shot.mimeType)}`;
      try {
        await writeFile(path, shot.data);
      } catch (err) {
        throw new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot write '${path}': ${(err as Error).message}`, { cause: err });
      }
      out(`Screenshot saved to ${path}, with type of ${shot.mimeType}`);
    });
}
