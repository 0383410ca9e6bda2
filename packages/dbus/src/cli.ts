/**
 * The `polyvisor dbus-service` verb. Kept apart from the service so the CLI
 * loads dbus-next only when the verb runs.
 * @module
 */
import type { Command } from 'commander';
import type { Driver } from '@polyvisor/core';

/** What the verb needs from the CLI that registers it. */
export interface DbusVerbContext {
  /** The drivers to open connections with. */
  drivers: () => Promise<Driver[]>;
  /** Prints a line. */
  out: (s: string) => void;
  /** The URI to serve when no `--connect` is given (the CLI's default URI). */
  defaultUri: () => string;
}

/** The `--connect`/`-c` values anywhere on the command line (the global option swallows repeated ones). */
function connectArgs(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i]!;
    if ((a === '--connect' || a === '-c') && i + 1 < raw.length) out.push(raw[++i]!);
    else if (a.startsWith('--connect=')) out.push(a.slice('--connect='.length));
  }
  return out;
}

/**
 * Registers `dbus-service [--session|--system|--address ADDR] [--connect URI …]`
 * on `program`: serves the connections on D-Bus as `org.libvirt` (see
 * `startDbusService`) until SIGINT/SIGTERM, `--timeout`, or the bus goes away.
 */
export function registerDbusVerb(program: Command, ctx: DbusVerbContext): Command {
  return program
    .command('dbus-service')
    .description('serve connections on D-Bus with the libvirt-dbus API (org.libvirt)')
    .option('--session', 'use the session bus (default)')
    .option('--system', 'use the system bus (install share/org.libvirt.conf first)')
    .option('--address <address>', 'use the bus at this address, e.g. unix:path=/run/bus')
    .option('--connect <uri>', 'serve this URI (repeatable; default: the CLI connection URI)')
    .option('--name <name>', 'bus name to claim', 'org.libvirt')
    .option('--timeout <seconds>', 'stop after this many seconds')
    .action(async (o: { session?: boolean; system?: boolean; address?: string; name: string; timeout?: string }, cmd: Command) => {
      const chosen = [o.session, o.system, o.address !== undefined].filter(Boolean).length;
      if (chosen > 1) throw new Error('choose one of --session, --system and --address');
      let timeoutMs: number | undefined;
      if (o.timeout !== undefined) {
        const s = Number(o.timeout);
        if (!Number.isFinite(s) || s <= 0) throw new Error(`invalid timeout '${o.timeout}'`);
        timeoutMs = s * 1000;
      }
      const raw = (cmd.parent as (Command & { rawArgs?: string[] }) | null)?.rawArgs ?? [];
      const uris = connectArgs(raw);
      if (uris.length === 0) uris.push(ctx.defaultUri());
      const { startDbusService } = await import('./service.js');
      const svc = await startDbusService({
        bus: o.address !== undefined ? { address: o.address } : o.system ? 'system' : 'session',
        connections: [...new Set(uris)],
        drivers: await ctx.drivers(),
        name: o.name,
        onError: (msg, err) => process.stderr.write(`dbus-service: ${msg}${err instanceof Error ? `: ${err.message}` : ''}\n`),
      });
      ctx.out(`serving ${svc.name} (${svc.uniqueName}) on the ${o.address ?? (o.system ? 'system' : 'session')} bus: ${svc.connectPaths.join(', ')}`);
      const stop = () => void svc.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const timer = timeoutMs !== undefined ? setTimeout(stop, timeoutMs) : undefined;
      try {
        await svc.closed;
      } finally {
        if (timer) clearTimeout(timer);
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
      }
      ctx.out('D-Bus service stopped');
    });
}
