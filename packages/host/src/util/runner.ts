/**
 * Running host commands (`ip`, `nft`, `tc`, `sysctl`, `dnsmasq`) as argv
 * arrays, never through a shell. A {@link CommandRunner} decides where the
 * commands run: {@link hostRunner} on the host itself,
 * {@link netnsRunner} inside a network namespace (tests, sandboxes).
 * @module
 */
import { spawn } from 'node:child_process';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';

/** Options of {@link CommandRunner.run}. */
export interface RunOptions {
  /** Written to the command's stdin (then closed). */
  input?: string;
  /** Kills the command (SIGKILL) when it fires. */
  signal?: AbortSignal;
  /** When false, a non-zero exit is returned instead of thrown (default true). */
  check?: boolean;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** Outcome of a command. */
export interface RunResult {
  /** Exit code (null when killed by a signal). */
  code: number | null;
  /** Captured standard output. */
  stdout: string;
  /** Captured standard error. */
  stderr: string;
}

/** Runs commands given as argv arrays. */
export interface CommandRunner {
  /**
   * Runs `argv[0]` with `argv.slice(1)`. Resolves when the command exits
   * (a daemon that forks is not waited for). Throws a `SYSTEM_ERROR`
   * {@link PolyvisorError} on a non-zero exit unless `check: false`.
   */
  run(argv: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** The argv prefix this runner adds (`[]` on the host, `['ip','netns','exec',NS]` in a namespace). */
  readonly prefix: readonly string[];
}

/** Error thrown for a failed command; `detail` keeps argv, exit code and stderr. */
export class CommandError extends PolyvisorError {
  /** Creates the error for `argv` exiting with `code`. */
  constructor(argv: readonly string[], result: RunResult, driver = 'host') {
    const err = result.stderr.trim() || result.stdout.trim();
    super(ErrorCode.SYSTEM_ERROR, `command '${argv.join(' ')}' failed (exit ${result.code ?? 'signal'})${err ? `: ${err}` : ''}`, {
      driver,
      detail: { argv: [...argv], code: result.code, stderr: result.stderr },
    });
    this.name = 'CommandError';
  }
}

function execArgv(full: readonly string[], options: RunOptions, reportArgv: readonly string[]): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new PolyvisorError(ErrorCode.ABORTED, `command '${reportArgv.join(' ')}' aborted`, { driver: 'host' }));
      return;
    }
    const child = spawn(full[0]!, full.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let settled = false;
    const onAbort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      const result: RunResult = { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (options.signal?.aborted) {
        reject(new PolyvisorError(ErrorCode.ABORTED, `command '${reportArgv.join(' ')}' aborted`, { driver: 'host' }));
      } else if (code !== 0 && options.check !== false) {
        reject(new CommandError(reportArgv, result));
      } else {
        resolve(result);
      }
    };
    child.once('error', (e) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      reject(new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot run '${full[0]}': ${e.message}`, { driver: 'host', cause: e }));
    });
    // 'exit' rather than 'close': a daemonising child (dnsmasq) may keep the
    // pipes open after the command itself has exited. Give the pipes a
    // moment to drain, then settle.
    child.once('exit', (code) => {
      let drained = 0;
      const done = () => {
        drained++;
        if (drained === 2) finish(code);
      };
      if (child.stdout.readableEnded) done();
      else child.stdout.once('end', done);
      if (child.stderr.readableEnded) done();
      else child.stderr.once('end', done);
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, 200).unref();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Creates a runner that prefixes every argv with `prefix`. */
export function prefixedRunner(prefix: readonly string[]): CommandRunner {
  return {
    prefix,
    run(argv, options = {}) {
      if (argv.length === 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'empty command', { driver: 'host' });
      return execArgv([...prefix, ...argv], options, argv);
    },
  };
}

/** Runs commands directly on the host. */
export const hostRunner: CommandRunner = prefixedRunner([]);

/** Runs every command inside network namespace `ns` (`ip netns exec NS ...`). */
export function netnsRunner(ns: string): CommandRunner {
  if (!/^[A-Za-z0-9_.-]+$/.test(ns)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid network namespace name '${ns}'`, { driver: 'host' });
  return prefixedRunner(['ip', 'netns', 'exec', ns]);
}
