/**
 * `vol-upload`, `vol-download`, `vol-clone`, `vol-resize`, `vol-wipe` verbs,
 * with progress bars (cli-progress) on a terminal.
 * @module
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { ErrorCode, PolyvisorError, type StorageVolume, type TransferProgress } from '@polyvisor/core';
import type { VerbContext } from './migrate.js';

function progressBar(ctx: VerbContext, label: string): { update(p: TransferProgress): void; stop(): void } {
  if (!ctx.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} MiB`, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update(p) {
      const mib = (n: number) => Math.round(n / 1024 / 1024);
      if (!started) {
        bar.start(mib(p.total ?? p.bytes) || 1, 0);
        started = true;
      }
      bar.update(mib(p.bytes));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Parses a size with an optional unit suffix (`10G`, `512M`, `1024`) into bytes. */
export function parseSize(s: string): number {
  const m = /^([0-9]+)\s*([KMGTP]i?B?|B)?$/i.exec(s.trim());
  if (!m) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid size '${s}'`);
  const unit = (m[2] ?? 'B').toUpperCase()[0]!;
  const pow = { B: 0, K: 1, M: 2, G: 3, T: 4, P: 5 }[unit as 'B'] ?? 0;
  return Number(m[1]) * 1024 ** pow;
}

/** Registers the verbs on `program`. */
export function registerVolumeVerbs(program: Command, ctx: VerbContext & { volume(name: string, pool?: string): Promise<StorageVolume> }): void {
  program
    .command('vol-upload <vol> <file>')
    .description('upload a file into a volume')
    .option('--pool <pool>', 'pool name or UUID')
    .option('--offset <bytes>', 'start offset in the volume')
    .option('--length <bytes>', 'at most this many bytes')
    .action(async (name: string, file: string, o: { pool?: string; offset?: string; length?: string }) => {
      const v = await ctx.volume(name, o.pool);
      const size = (await stat(file)).size;
      const bar = progressBar(ctx, 'Upload');
      try {
        await v.upload(createReadStream(file), {
          ...(o.offset ? { offset: Number(o.offset) } : {}),
          ...(o.length ? { length: Number(o.length) } : {}),
          onProgress: (p) => bar.update({ ...p, total: p.total ?? size }),
        });
      } finally {
        bar.stop();
      }
      ctx.out(`Uploaded ${size} bytes to volume ${v.name}`);
    });
  program
    .command('vol-download <vol> <file>')
    .description('download a volume into a file')
    .option('--pool <pool>', 'pool name or UUID')
    .option('--offset <bytes>', 'start offset in the volume')
    .option('--length <bytes>', 'at most this many bytes')
    .action(async (name: string, file: string, o: { pool?: string; offset?: string; length?: string }) => {
      const v = await ctx.volume(name, o.pool);
      const bar = progressBar(ctx, 'Download');
      let bytes = 0;
      try {
        const src = await v.download({
          ...(o.offset ? { offset: Number(o.offset) } : {}),
          ...(o.length ? { length: Number(o.length) } : {}),
          onProgress: (p) => {
            bytes = p.bytes;
            bar.update(p);
          },
        });
        await pipeline(src, createWriteStream(file, { mode: 0o600 }));
      } finally {
        bar.stop();
      }
      ctx.out(`Downloaded ${bytes} bytes from volume ${v.name}`);
    });
  program
    .command('vol-clone <vol> <newname>')
    .description('clone a volume within its pool')
    .option('--pool <pool>', 'pool name or UUID')
    .action(async (name: string, newName: string, o: { pool?: string }) => {
      const v = await ctx.volume(name, o.pool);
      const spec = await v.getSpec();
      const bar = progressBar(ctx, 'Clone');
      try {
        bar.update({ bytes: 0, total: (await v.getInfo()).capacity });
        await v.pool.createVolume({ ...spec, name: newName, key: undefined, target: { ...(spec as { target?: object }).target, path: undefined } } as never, { from: v });
        bar.update({ bytes: (await v.getInfo()).capacity, total: (await v.getInfo()).capacity });
      } finally {
        bar.stop();
      }
      ctx.out(`Vol ${newName} cloned from ${v.name}`);
    });
  program
    .command('vol-resize <vol> <capacity>')
    .description('resize a volume (e.g. 10G)')
    .option('--pool <pool>', 'pool name or UUID')
    .action(async (name: string, cap: string, o: { pool?: string }) => {
      const v = await ctx.volume(name, o.pool);
      await v.resize(parseSize(cap));
      ctx.out(`Size of volume '${v.name}' successfully changed to ${cap}`);
    });
  program
    .command('vol-wipe <vol>')
    .description('overwrite a volume with zeros')
    .option('--pool <pool>', 'pool name or UUID')
    .action(async (name: string, o: { pool?: string }) => {
      const v = await ctx.volume(name, o.pool);
      await v.wipe();
      ctx.out(`Vol ${v.name} wiped`);
    });
}
