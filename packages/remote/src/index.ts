/**
 * `@polyvisor/remote`: the remote driver (any polyvisor driver on another
 * host over SSH, libvirt's remote-driver design) and the agent serving it
 * (`polyvisor agent --stdio`).
 *
 * ```ts
 * import { openConnection } from '@polyvisor/core';
 * import { remoteDriver } from '@polyvisor/remote';
 * const conn = await openConnection('qemu+ssh://root@host/system?keyfile=/root/.ssh/id_ed25519', { drivers: [remoteDriver] });
 * ```
 * @module
 */
export { remoteDriver, driver, RemoteDriverConnection, rewriteMigrationUri } from './driver.js';
export type { RemoteTransport, RemoteTransportFactory, RemoteConnectionOptions, RemoteDriverOptions } from './driver.js';
export { serveAgent, AgentSession, listMethods, AGENT_PROTOCOL_VERSION } from './agent.js';
export type { ServeAgentOptions, AgentLocalConnection, AgentSessionResult } from './agent.js';
export { Channel, isReadableLike } from './channel.js';
export type { ChannelTransport, ChannelOptions, EncodeScope, DecodeScope } from './channel.js';
export * from './protocol.js';
export { shellQuote, farUri, defaultAgentCommand, sshOptionsFromUri, openSshTransport, SSH_URI_PARAMS } from './ssh.js';
export type { SshTransportOptions } from './ssh.js';
export { parseKnownHosts, checkHostKey, hostMatches, knownHostName, keyTypeOfBlob } from './knownhosts.js';
export type { KnownHostEntry, HostKeyCheck } from './knownhosts.js';
