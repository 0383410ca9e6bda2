/**
 * A guest console as a byte stream: `xl console DOM` run through the
 * toolstack runner (locally, or over SSH on a pseudo-terminal so that closing
 * the stream hangs the remote `xl console` up), its stdout and stdin joined
 * into one {@link Duplex}. Destroying the stream ends the process; the stream
 * ends when the process does (the domain went away, or another client took
 * the console).
 * @module
 */
import { Duplex } from 'node:stream';
import type { RunnerProcess } from '../toolstack/runner.js';

/** Joins a console process's stdout (readable side) and stdin (writable side) into one stream. */
export function consoleDuplex(proc: RunnerProcess): Duplex {
  let finished = false;
  const d = new Duplex({
    read() {
      proc.stdout.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      if (finished) return cb();
      proc.stdin.write(chunk, (err) => cb(err ?? null));
    },
    final(cb) {
      proc.kill();
      cb();
    },
    destroy(err, cb) {
      finished = true;
      proc.kill();
      cb(err);
    },
  });
  proc.stdout.on('data', (b: Buffer) => {
    if (!d.push(b)) proc.stdout.pause();
  });
  proc.stdout.once('end', () => {
    finished = true;
    d.push(null);
  });
  // stderr (local transport): not console data; drained so the process never blocks on it.
  proc.stderr.resume();
  void proc.exited.then(() => {
    finished = true;
    d.push(null);
  });
  return d;
}
