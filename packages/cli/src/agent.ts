/**
 * `polyvisor agent --stdio --connect URI`: serves a local connection over
 * stdin/stdout in the remote protocol of `@polyvisor/remote`. The remote
 * driver runs it on the far host through SSH (like libvirt's
 * `virt-ssh-helper`); it is not meant to be run by hand.
 * @module
 */
import type { Command } from 'commander';
import { openConnection, ErrorCode, PolyvisorError, type Driver, type DriverConnection } from '@polyvisor/core';

/** What the agent verb needs from the CLI. */
export interface AgentCommandDeps {
  /** The drivers the CLI loaded. */
  drivers: () => Promise<Driver[]>;
  /** The URI to serve (`-c/--connect`, else the CLI default). */
  uri: () => string;
  /** True with the global `-r/--readonly`. */
  readOnly: () => boolean;
  /** Protocol streams and diagnostics sink (default: the process's stdin, stdout and stderr). */
  stdio?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; log: (line: string) => void };
}

/** The part of `@polyvisor/remote` the agent uses (loaded on demand, as the CLI's optional drivers are). */
interface RemoteAgentModule {
  serveAgent(options: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    open(o: { readOnly: boolean; signal: AbortSignal }): Promise<{ driver: string; connection: DriverConnection }>;
    software?: string;
    log?: (line: string) => void;
  }): { done: Promise<{ clean: boolean; reason: PolyvisorError }> };
}

async function loadRemote(): Promise<RemoteAgentModule> {
  const pkg = '@polyvisor/remote';
  try {
    return (await import(pkg)) as RemoteAgentModule;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new PolyvisorError(ErrorCode.NO_DRIVER, `the agent needs the @polyvisor/remote package, which is not installed`);
    }
    throw err;
  }
}

/** Registers `agent --stdio`. */
export function registerAgentCommand(program: Command, deps: AgentCommandDeps): void {
  program
    .command('agent')
    .description('serve the connection (-c URI) to a remote polyvisor client over stdin/stdout (run by the remote driver through SSH)')
    .option('--stdio', 'speak the remote protocol on stdin/stdout')
    .action(async (o: { stdio?: boolean }) => {
      if (!o.stdio) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'agent: only --stdio mode exists (the remote driver runs `polyvisor agent --stdio --connect URI`)');
      const remote = await loadRemote();
      const stdio = deps.stdio ?? { input: process.stdin, output: process.stdout, log: (l: string) => void process.stderr.write(`polyvisor agent: ${l}\n`) };
      if (!deps.stdio) {
        // stdout carries the protocol: keep stray console output off it.
        console.log = console.error;
        console.info = console.error;
        console.debug = console.error;
      }
      const uri = deps.uri();
      const session = remote.serveAgent({
        input: stdio.input,
        output: stdio.output,
        software: 'polyvisor-cli',
        log: stdio.log,
        open: async ({ readOnly, signal }) => {
          const conn = await openConnection(uri, { drivers: await deps.drivers(), readOnly: readOnly || deps.readOnly(), signal });
          return { driver: conn.driverName, connection: conn.driverConnection() };
        },
      });
      const r = await session.done;
      if (!r.clean) throw r.reason;
    });
}
