/**
 * `migrate`, `save`, `restore`, `managedsave` verbs, with a progress bar
 * (cli-progress) for migrations on a terminal.
 * @module
 */
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { openConnection, type Connection, type Domain, type Driver, type MigrationProgress } from '@polyvisor/core';

/** What the verbs need from the CLI core. */
export interface VerbContext {
  /** Opens (once) the `-c` connection. */
  connect(): Promise<Connection>;
  /** Looks a domain up on that connection. */
  dom(key: string): Promise<Domain>;
  /** Writes a line to stdout. */
  out(s: string): void;
  /** Drivers to open further connections with. */
  drivers(): Promise<Driver[]>;
  /** True when stdout is a terminal (progress bars only then). */
  isTTY: boolean;
}

const mib = (n: number | undefined) => ((n ?? 0) / 1024 / 1024).toFixed(1);

/** Registers the verbs on `program`. */
export function registerMigrateVerbs(program: Command, ctx: VerbContext): void {
  program
    .command('migrate <domain> <desturi>')
    .description('live-migrate a domain to another connection (virsh migrate)')
    .option('--live', 'keep the guest running during the transfer (default)')
    .option('--offline', 'pause the guest for the transfer')
    .option('--persistent', 'define the domain on the destination')
    .option('--undefinesource', 'undefine the domain on the source after success')
    .option('--bandwidth <MiBs>', 'bandwidth limit in MiB/s')
    .option('--max-downtime <ms>', 'maximum tolerable downtime in ms')
    .option('--postcopy', 'allow post-copy')
    .option('--auto-converge', 'throttle vCPUs when the guest dirties memory too fast')
    .option('--migrateuri <uri>', 'transport URI (tcp:HOST[:PORT] or unix:PATH)')
    .option('--timeout <seconds>', 'abort after this long')
    .action(async (key: string, destUri: string, o: Record<string, string | boolean | undefined>) => {
      const d = await ctx.dom(key);
      const dest = await openConnection(destUri, { drivers: await ctx.drivers() });
      const bar = ctx.isTTY ? new SingleBar({ format: 'Migration [{bar}] {percentage}% | {transferred}/{total} MiB | {phase}', hideCursor: true }, Presets.shades_classic) : undefined;
      let started = false;
      let final: MigrationProgress | undefined;
      try {
        const t0 = Date.now();
        await d.migrate(dest, {
          live: o.offline !== true,
          persistent: o.persistent === true,
          undefineSource: o.undefinesource === true,
          ...(o.bandwidth !== undefined ? { bandwidthMiBs: Number(o.bandwidth) } : {}),
          ...(o.maxDowntime !== undefined ? { maxDowntimeMs: Number(o.maxDowntime) } : {}),
          postcopy: o.postcopy === true,
          autoConverge: o.autoConverge === true,
          ...(typeof o.migrateuri === 'string' ? { uri: o.migrateuri } : {}),
          ...(o.timeout !== undefined ? { signal: AbortSignal.timeout(Number(o.timeout) * 1000) } : {}),
          onProgress: (p) => {
            final = p;
            if (!bar) return;
            const total = Math.max(1, Math.round((p.totalBytes ?? 0) / 1024 / 1024));
            const done = Math.round((p.transferredBytes ?? 0) / 1024 / 1024);
            if (!started && p.totalBytes) {
              bar.start(total, 0, { transferred: '0.0', total: mib(p.totalBytes), phase: p.phase });
              started = true;
            }
            if (started) bar.update(Math.min(done, total), { transferred: mib(p.transferredBytes), total: mib(p.totalBytes), phase: p.phase });
          },
        });
        if (started) {
          bar!.update(bar!.getTotal());
          bar!.stop();
        }
        ctx.out(`Migration: [100 %]`);
        ctx.out(`Domain '${d.name}' migrated to ${dest.uri}: total time ${final?.totalTimeMs ?? Date.now() - t0} ms, downtime ${final?.downtimeMs ?? '?'} ms`);
      } finally {
        if (started) bar!.stop();
        await dest.close();
      }
    });

  program
    .command('save <domain> <file>')
    .description('save a running domain to a file and stop it')
    .option('--paused', 'restore it paused')
    .action(async (key: string, file: string, o: { paused?: boolean }) => {
      const d = await ctx.dom(key);
      await d.save(file, { paused: o.paused === true });
      ctx.out(`Domain '${d.name}' saved to ${file}`);
    });
  program
    .command('restore <file>')
    .description('restore a domain from a saved file')
    .option('--paused', 'leave it paused')
    .action(async (file: string, o: { paused?: boolean }) => {
      const d = await (await ctx.connect()).domains.restore(file, { paused: o.paused === true });
      ctx.out(`Domain '${d.name}' restored from ${file}`);
    });
  program
    .command('managedsave <domain>')
    .description('save a domain so that the next start restores it')
    .action(async (key: string) => {
      const d = await ctx.dom(key);
      await d.managedSave();
      ctx.out(`Domain '${d.name}' state saved`);
    });
  program
    .command('managedsave-remove <domain>')
    .description('remove the managed save image')
    .action(async (key: string) => {
      const d = await ctx.dom(key);
      await d.removeManagedSave();
      ctx.out(`Removed managedsave image for domain '${d.name}'`);
    });
}
