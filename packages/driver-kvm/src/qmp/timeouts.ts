/**
 * Per-command default timeouts for QMP. Commands are not all equal: a
 * `query-status` answers in microseconds, a `device_del` waits on the guest,
 * and a synchronous `savevm`, `screendump` or memory dump writes a file of the
 * guest's size. The table follows Proxmox qemu-server's `QMPClient` idea;
 * callers override single entries with {@link QmpTimeoutTable}.
 * @module
 */
import type { QmpCommandName } from './generated/qapi.js';

/**
 * Timeout overrides in milliseconds, by command name; `default` applies to
 * commands without an entry. `0` or `Infinity` mean "no limit".
 */
export type QmpTimeoutTable = { readonly [K in QmpCommandName]?: number } & {
  /** Timeout of commands that have no entry of their own. */
  readonly default?: number;
  /** Entries for commands outside the generated schema (vendor or newer commands). */
  readonly [command: string]: number | undefined;
};

/** Timeout of commands that have no entry in the table (30 s). */
export const DEFAULT_QMP_TIMEOUT_MS = 30_000;

const FAST = 5_000;
const DEVICE = 30_000;
const LONG = 120_000;
const JOB = 600_000;

/**
 * Built-in per-command timeouts in milliseconds. Commands not listed fall back
 * to the prefix rules of {@link qmpCommandTimeout} (`query-*` fast,
 * `snapshot-*` long, `x-*` like `query-*`) and then to {@link DEFAULT_QMP_TIMEOUT_MS}.
 */
export const QMP_COMMAND_TIMEOUTS: Readonly<Record<string, number>> = Object.freeze({
  // Handshake and cheap state queries.
  qmp_capabilities: FAST,
  'query-status': FAST,
  'query-version': FAST,
  'query-name': FAST,
  'query-uuid': FAST,
  'query-commands': FAST,
  'query-events': FAST,
  'query-kvm': FAST,
  'query-migrate': FAST,
  'query-jobs': FAST,
  'query-block-jobs': FAST,
  'query-cpus-fast': FAST,
  'query-hotpluggable-cpus': FAST,
  'query-chardev': FAST,
  'query-vnc': FAST,
  'query-spice': FAST,
  'qom-get': FAST,
  'qom-list': FAST,
  'qom-set': FAST,
  // Queries that walk I/O state or large structures.
  'query-block': DEVICE,
  'query-blockstats': DEVICE,
  'query-named-block-nodes': DEVICE,
  'query-qmp-schema': DEVICE,
  'query-pci': DEVICE,
  // Run state.
  stop: DEVICE,
  cont: DEVICE,
  system_reset: DEVICE,
  system_powerdown: DEVICE,
  system_wakeup: DEVICE,
  quit: DEVICE,
  // Hotplug and objects: may wait on the guest or on the block layer.
  device_add: DEVICE,
  device_del: DEVICE,
  'blockdev-add': DEVICE,
  'blockdev-del': DEVICE,
  'blockdev-reopen': DEVICE,
  netdev_add: DEVICE,
  netdev_del: DEVICE,
  'object-add': DEVICE,
  'object-del': DEVICE,
  'chardev-add': DEVICE,
  'chardev-change': DEVICE,
  'chardev-remove': DEVICE,
  block_resize: LONG,
  'block-commit': LONG,
  'blockdev-snapshot-sync': LONG,
  'blockdev-snapshot': LONG,
  'blockdev-backup': LONG,
  'blockdev-mirror': LONG,
  'drive-backup': LONG,
  'drive-mirror': LONG,
  'blockdev-create': LONG,
  'block-job-cancel': LONG,
  'block-job-complete': LONG,
  transaction: LONG,
  balloon: DEVICE,
  // Migration: starting it is quick, but set-up can block on the destination.
  migrate: LONG,
  'migrate-incoming': LONG,
  'migrate-recover': LONG,
  migrate_cancel: DEVICE,
  'migrate-set-capabilities': FAST,
  'migrate-set-parameters': FAST,
  // Whole-guest state: sized by guest RAM or the display.
  'snapshot-save': JOB,
  'snapshot-load': JOB,
  'snapshot-delete': JOB,
  'human-monitor-command': JOB, // savevm/loadvm are HMP-only and synchronous
  'dump-guest-memory': JOB,
  screendump: LONG,
  memsave: LONG,
  pmemsave: LONG,
});

const PREFIX_RULES: ReadonlyArray<readonly [prefix: string, ms: number]> = [
  ['query-', FAST * 2],
  ['x-query-', FAST * 2],
  ['snapshot-', JOB],
  ['job-', DEVICE],
  ['block-job-', LONG],
];

/**
 * Default timeout of `command` in milliseconds: the caller's override, then
 * the built-in table, then the prefix rules, then `overrides.default`, then
 * {@link DEFAULT_QMP_TIMEOUT_MS}.
 */
export function qmpCommandTimeout(command: string, overrides?: QmpTimeoutTable): number {
  const own = overrides?.[command];
  if (own !== undefined) return own;
  const builtin = QMP_COMMAND_TIMEOUTS[command];
  if (builtin !== undefined) return builtin;
  for (const [prefix, ms] of PREFIX_RULES) if (command.startsWith(prefix)) return ms;
  return overrides?.default ?? DEFAULT_QMP_TIMEOUT_MS;
}
