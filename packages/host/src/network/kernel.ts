/**
 * Link and address operations through iproute2's JSON interface
 * (`ip -json ...`), run through a {@link CommandRunner}; plus the tap
 * helpers the hypervisor drivers use for `<interface type='network'>`.
 * @module
 */
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import { hostRunner, type CommandRunner } from '../util/runner.js';

/** A link as `ip -json link show` reports it (the fields we use). */
export interface IpLink {
  /** Interface name. */
  ifname: string;
  /** Interface index. */
  ifindex: number;
  /** MTU. */
  mtu: number;
  /** Flags (`UP`, `BROADCAST`, ...). */
  flags: string[];
  /** Operational state. */
  operstate?: string;
  /** MAC address. */
  address?: string;
  /** Master device (bridge) name. */
  master?: string;
  /** Kind details with `-details` (`linkinfo.info_kind`). */
  linkinfo?: { info_kind?: string; info_slave_kind?: string };
}

/** Longest interface name the kernel accepts (IFNAMSIZ - 1). */
export const MAX_IFNAME = 15;

/** Throws `INVALID_ARG` unless `name` is a valid interface name. */
export function validateIfname(name: string, what = 'interface'): string {
  if (!name || name.length > MAX_IFNAME || name === '.' || name === '..' || /[\s/:%]/.test(name)) {
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid ${what} name '${name}' (1-${MAX_IFNAME} characters, no '/', ':', '%' or spaces)`, { driver: 'host' });
  }
  return name;
}

/** Lists links (`ip -json -details link show`). */
export async function listLinks(runner: CommandRunner = hostRunner, signal?: AbortSignal): Promise<IpLink[]> {
  const r = await runner.run(['ip', '-json', '-details', 'link', 'show'], { ...(signal ? { signal } : {}) });
  return JSON.parse(r.stdout || '[]') as IpLink[];
}

/** One link, or undefined when it does not exist. */
export async function getLink(name: string, runner: CommandRunner = hostRunner, signal?: AbortSignal): Promise<IpLink | undefined> {
  const r = await runner.run(['ip', '-json', '-details', 'link', 'show', 'dev', name], { check: false, ...(signal ? { signal } : {}) });
  if (r.code !== 0) return undefined;
  const links = JSON.parse(r.stdout || '[]') as IpLink[];
  return links[0];
}

/** Addresses of a link as `ip -json addr show` reports them. */
export interface IpAddrInfo {
  /** `inet` or `inet6`. */
  family: string;
  /** Address. */
  local: string;
  /** Prefix length. */
  prefixlen: number;
  /** Scope (`global`, `link`). */
  scope?: string;
}

/** Addresses of `dev`. */
export async function getAddresses(dev: string, runner: CommandRunner = hostRunner): Promise<IpAddrInfo[]> {
  const r = await runner.run(['ip', '-json', 'addr', 'show', 'dev', dev]);
  const links = JSON.parse(r.stdout || '[]') as Array<{ addr_info?: IpAddrInfo[] }>;
  return links[0]?.addr_info ?? [];
}

/** Options of {@link attachTap}. */
export interface AttachTapOptions {
  /** The network: its bridge name, or an object with `bridge` (core's `NetworkInfo`). */
  network: string | { bridge?: string; name?: string };
  /** Tap device name (e.g. `vnet0`). */
  tapName: string;
  /**
   * Guest MAC. The tap gets it with the first byte set to `0xfe` (as
   * libvirt does), so the bridge never adopts the guest's address.
   */
  mac?: string;
  /** MTU; default the bridge's MTU. */
  mtu?: number;
  /** Create a multi-queue tap. */
  multiQueue?: boolean;
  /** Where to run `ip` (default the host). */
  runner?: CommandRunner;
  /** Cancels the operation. */
  signal?: AbortSignal;
}

/** The tap MAC libvirt derives from a guest MAC: same bytes, first one `fe`. */
export function tapMacFor(guestMac: string): string {
  const parts = guestMac.toLowerCase().split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-f]{1,2}$/.test(p))) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid MAC address '${guestMac}'`, { driver: 'host' });
  return ['fe', ...parts.slice(1).map((p) => p.padStart(2, '0'))].join(':');
}

/**
 * Creates a persistent tap device (`ip tuntap add dev TAP mode tap`), sets
 * its MAC/MTU, enslaves it to the network's bridge and brings it up. On
 * failure the tap is removed again. The hypervisor then opens it by name
 * (`/dev/net/tun`, `IFF_TAP`).
 */
export async function attachTap(opts: AttachTapOptions): Promise<void> {
  const runner = opts.runner ?? hostRunner;
  const bridge = typeof opts.network === 'string' ? opts.network : opts.network.bridge;
  if (!bridge) {
    const name = typeof opts.network === 'string' ? opts.network : opts.network.name;
    throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `network${name ? ` "${name}"` : ''} has no bridge to attach a tap to`, { driver: 'host' });
  }
  validateIfname(opts.tapName, 'tap');
  const s = opts.signal ? { signal: opts.signal } : {};
  const br = await getLink(bridge, runner, opts.signal);
  if (!br) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `bridge '${bridge}' does not exist`, { driver: 'host' });
  await runner.run(['ip', 'tuntap', 'add', 'dev', opts.tapName, 'mode', 'tap', ...(opts.multiQueue ? ['multi_queue'] : [])], s);
  try {
    if (opts.mac) await runner.run(['ip', 'link', 'set', 'dev', opts.tapName, 'address', tapMacFor(opts.mac)], s);
    await runner.run(['ip', 'link', 'set', 'dev', opts.tapName, 'mtu', String(opts.mtu ?? br.mtu)], s);
    await runner.run(['ip', 'link', 'set', 'dev', opts.tapName, 'master', bridge], s);
    await runner.run(['ip', 'link', 'set', 'dev', opts.tapName, 'up'], s);
  } catch (err) {
    await runner.run(['ip', 'tuntap', 'del', 'dev', opts.tapName, 'mode', 'tap', ...(opts.multiQueue ? ['multi_queue'] : [])], { check: false }).catch(() => undefined);
    throw err;
  }
}

/** Removes a tap created by {@link attachTap} (no error when it is already gone). */
export async function detachTap(tapName: string, opts: { runner?: CommandRunner; signal?: AbortSignal } = {}): Promise<void> {
  const runner = opts.runner ?? hostRunner;
  validateIfname(tapName, 'tap');
  const link = await getLink(tapName, runner, opts.signal);
  if (!link) return;
  await runner.run(['ip', 'link', 'del', 'dev', tapName], opts.signal ? { signal: opts.signal } : {});
}
