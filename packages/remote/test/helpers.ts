/** Shared helpers: an in-process client↔agent pair over pipes (no SSH), and a test-driver connection with streams and a slow call. */
import { PassThrough, Duplex, Readable } from 'node:stream';
import { AbortError, ErrorCode, PolyvisorError, openConnection, testDriver, type CallContext, type DriverConnection, type DomainRef, type VolumeRef, type TransferProgress } from '@polyvisor/core';
import { serveAgent, type AgentLocalConnection, type AgentSession } from '../src/agent.js';
import type { RemoteTransport } from '../src/driver.js';

/** Two pipes wired as a client transport and an agent transport. */
export function pipePair(): { client: RemoteTransport & { destroy(): void }; agent: { input: PassThrough; output: PassThrough } } {
  const c2a = new PassThrough();
  const a2c = new PassThrough();
  return {
    client: {
      input: a2c,
      output: c2a,
      label: 'in-process agent',
      close: () => {
        c2a.end();
      },
      destroy: () => {
        a2c.destroy();
        c2a.destroy();
      },
    },
    agent: { input: c2a, output: a2c },
  };
}

/** Opens the local test driver as the agent's local connection. */
export async function openLocalTest(opts: { readOnly: boolean; signal: AbortSignal }): Promise<AgentLocalConnection> {
  const conn = await openConnection('test:///default', { drivers: [testDriver], readOnly: opts.readOnly, signal: opts.signal });
  return { driver: conn.driverName, connection: conn.driverConnection() };
}

/** Starts an agent on a fresh pipe pair and returns the client transport (for `driverOptions.transport`). */
export function inProcessTransport(open: (o: { readOnly: boolean; signal: AbortSignal }) => Promise<AgentLocalConnection> = openLocalTest, sessions: AgentSession[] = [], transports: Array<ReturnType<typeof pipePair>['client']> = []) {
  return async (): Promise<RemoteTransport> => {
    const p = pipePair();
    sessions.push(serveAgent({ input: p.agent.input, output: p.agent.output, open }));
    transports.push(p.client);
    return p.client;
  };
}

/** What the extended local connection records. */
export interface ExtrasLog {
  /** Names of domains whose slow shutdown saw its signal abort. */
  cancelled: string[];
  /** Uploaded volume data by volume name. */
  volumes: Map<string, Buffer>;
}

/**
 * The test driver plus what it lacks, to exercise the protocol: a console
 * (an upper-casing echo), volume upload/download (in memory, with
 * progress) and a shutdown that only ends when cancelled.
 */
export async function openLocalWithExtras(log: ExtrasLog, opts: { readOnly: boolean; signal: AbortSignal }): Promise<AgentLocalConnection> {
  const base = (await openLocalTest(opts)).connection;
  const domains = {
    ...base.domains!,
    openConsole: async (ref: DomainRef): Promise<Duplex> => {
      if (ref.name === 'no-console') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'no console', { driver: 'test' });
      return new Duplex({
        read() {},
        write(chunk: Buffer, _e, cb) {
          const s = chunk.toString();
          if (s.includes('quit')) this.push(null);
          else this.push(Buffer.from(s.toUpperCase()));
          cb();
        },
      });
    },
    shutdown: (ref: DomainRef, o: { wait?: boolean }, ctx: CallContext): Promise<void> => {
      if (!o.wait) return base.domains!.shutdown!(ref, o, ctx);
      return new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => {
          log.cancelled.push(ref.name);
          reject(new AbortError('cancelled'));
        }, { once: true });
      });
    },
  };
  const storage = {
    ...base.storage!,
    uploadVolume: async (ref: VolumeRef, source: NodeJS.ReadableStream, o: { onProgress?: (p: TransferProgress) => void }): Promise<void> => {
      const chunks: Buffer[] = [];
      let n = 0;
      for await (const c of source as AsyncIterable<Buffer>) {
        chunks.push(c);
        n += c.length;
        o.onProgress?.({ bytes: n });
      }
      log.volumes.set(ref.name, Buffer.concat(chunks));
    },
    downloadVolume: async (ref: VolumeRef, o: { onProgress?: (p: TransferProgress) => void }): Promise<NodeJS.ReadableStream> => {
      const data = log.volumes.get(ref.name) ?? Buffer.alloc(0);
      const parts: Buffer[] = [];
      for (let i = 0; i < data.length; i += 100_000) parts.push(data.subarray(i, i + 100_000));
      let n = 0;
      return Readable.from(
        (async function* () {
          for (const p of parts) {
            n += p.length;
            o.onProgress?.({ bytes: n, total: data.length });
            yield p;
          }
        })(),
      );
    },
  };
  const conn: DriverConnection = {
    uri: base.uri,
    domains,
    storage,
    ...(base.networks ? { networks: base.networks } : {}),
    ...(base.host ? { host: base.host } : {}),
    ...(base.events ? { events: base.events } : {}),
    close: (ctx) => base.close(ctx),
  };
  return { driver: 'test', connection: conn };
}
