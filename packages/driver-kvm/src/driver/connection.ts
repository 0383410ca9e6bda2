/**
 * `qemu:///system`, `qemu:///session` and `qemu:///embed?root=DIR`: the
 * QEMU driver's connection and its {@link Driver} object.
 * @module
 */
import { hostname, cpus, totalmem, arch } from 'node:os';
import {
  EventHub, ErrorCode, PolyvisorError, type CallContext, type Driver, type DriverConnection, type DriverOpenOptions, type HostCapabilities, type HostDriver, type NodeInfo,
  type ParsedUri, type PolyvisorEvent, type EventDriver,
} from '@polyvisor/core';
import { kvmPathsFor, type KvmPaths } from './paths.js';
import { chooseAccel, probeKvm, type KvmProbe } from './accel.js';
import { KvmDomains, type ArgvRenderer, type InterfaceHost } from './domains.js';
import { HostNetworks, HostStorage, attachTap, detachTap, hostRunner, netnsRunner, tapMacFor } from '@polyvisor/host';
import { dirname, join } from 'node:path';
import { defaultArgvRenderer } from './argv-renderer.js';
import { qemuArgvFormat } from '../qemu/native.js';

/** Options a caller can pass as `openConnection(uri, { driverOptions })`. */
export interface KvmDriverOptions {
  /** Command-line renderer (default: the libvirt-compatible renderer with capabilities probed from the binary). */
  argv?: ArgvRenderer;
  /** Environment to read `POLYVISOR_ACCEL`, XDG dirs etc. from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Start domains marked autostart when the connection opens (default true, like libvirtd). */
  autostart?: boolean;
  /**
   * Run QEMU and every host networking command inside this network
   * namespace (tests use it to keep bridges, taps and dnsmasq off the host).
   */
  netns?: string;
}

/** A connection of the QEMU driver. */
export class KvmConnection implements DriverConnection {
  /** Canonical URI. */
  readonly uri: string;
  /** Domain operations. */
  readonly domains: KvmDomains;
  /** Virtual networks (the host package's bridges, dnsmasq and nftables). */
  readonly networks: HostNetworks;
  /** Storage pools and volumes (the host package's directories, filesystems, LVM and qemu-img). */
  readonly storage: HostStorage;
  /** Host information. */
  readonly host: HostDriver;
  /** Event source. */
  readonly events: EventDriver;
  /** The state directories. */
  readonly paths: KvmPaths;
  /** The KVM usability probe. */
  readonly kvm: KvmProbe;
  private readonly hub = new EventHub();

  /** @internal Use `openConnection`. */
  constructor(uri: ParsedUri, options: DriverOpenOptions, kvmOptions: KvmDriverOptions) {
    const env = kvmOptions.env ?? process.env;
    this.paths = kvmPathsFor(uri, env);
    this.uri = this.paths.uri;
    this.kvm = probeKvm(env);
    const publish = (ev: PolyvisorEvent) => this.hub.publish(ev);
    const runner = kvmOptions.netns ? netnsRunner(kvmOptions.netns) : hostRunner;
    // Networks are a host service (libvirt keeps them in their own driver): state sits beside the QEMU state.
    this.networks = new HostNetworks({
      configDir: join(dirname(this.paths.configDir), 'network'),
      runDir: join(dirname(this.paths.runDir), 'network'),
      publish,
      runner,
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
    });
    const networks = this.networks;
    this.storage = new HostStorage({
      configDir: join(dirname(this.paths.configDir), 'storage'),
      runDir: join(dirname(this.paths.runDir), 'storage'),
      publish,
      autostart: kvmOptions.autostart !== false && options.readOnly !== true,
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
    });
    const storage = this.storage;
    const net: InterfaceHost = {
      attachToNetwork: async (network, tapName, mac, signal) => {
        const info = await networks.lookupByName(network).catch((err: unknown) => {
          throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `network '${network}' is not defined: ${(err as Error).message}`, { driver: 'kvm', cause: err });
        });
        if (!info.active) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `network '${network}' is not active`, { driver: 'kvm' });
        await networks.attachTap({ network, tapName, ...(mac ? { mac } : {}), signal });
      },
      attachToBridge: (bridge, tapName, mac, signal) => attachTap({ network: bridge, tapName, ...(mac ? { mac } : {}), runner, signal }),
      createTap: async (tapName, mac, signal) => {
        await runner.run(['ip', 'tuntap', 'add', 'dev', tapName, 'mode', 'tap'], { signal });
        if (mac) await runner.run(['ip', 'link', 'set', 'dev', tapName, 'address', tapMacFor(mac)], { signal });
        await runner.run(['ip', 'link', 'set', 'dev', tapName, 'up'], { signal });
      },
      removeTap: (tapName) => detachTap(tapName, { runner }),
    };
    this.domains = new KvmDomains({
      net,
      volumes: (pool, volume) => storage.resolveVolumeDisk(pool, volume),
      ...(kvmOptions.netns ? { netns: kvmOptions.netns } : {}),
      paths: this.paths,
      publish,
      argv: kvmOptions.argv ?? defaultArgvRenderer(this.paths),
      accelFor: (type) => chooseAccel(type, this.kvm),
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
    });
    this.events = { subscribe: (p) => this.hub.listen(p) };
    this.host = {
      info: async () => nodeInfo(),
      capabilities: async () => this.capabilities(),
      hostname: async () => hostname(),
    };
  }

  private capabilities(): HostCapabilities {
    const a = arch() === 'x64' ? 'x86_64' : arch();
    return {
      host: { arch: a, kvm: { usable: this.kvm.usable, reason: this.kvm.reason }, stateDir: this.paths.configDir, runDir: this.paths.runDir },
      guests: [{ osType: 'hvm', arch: 'x86_64', wordsize: 64, emulator: '/usr/bin/qemu-system-x86_64', machines: ['pc', 'q35'], domainTypes: this.kvm.usable ? ['qemu', 'kvm'] : ['qemu'] }],
    };
  }

  /** @internal */
  async init(ctx: CallContext, autostart: boolean): Promise<void> {
    await this.domains.init(ctx.signal);
    if (autostart) await this.networks.autostartAll(ctx).catch(() => undefined);
    if (autostart) await this.domains.autostart(ctx).catch(() => undefined);
  }

  /** Detaches from QEMU processes (they keep running). */
  async close(): Promise<void> {
    await this.domains.close();
  }
}

function nodeInfo(): NodeInfo {
  const c = cpus();
  return { model: arch() === 'x64' ? 'x86_64' : arch(), memory: Math.floor(totalmem() / 1024), cpus: c.length, mhz: c[0]?.speed ?? 0, nodes: 1, sockets: 1, cores: c.length, threads: 1 };
}

/**
 * The QEMU/KVM driver. Pass it to `openConnection`:
 * ```ts
 * const conn = await openConnection('qemu:///embed?root=/tmp/pv', { drivers: [kvmDriver] });
 * ```
 */
export const kvmDriver: Driver = {
  name: 'kvm',
  schemes: ['qemu'],
  nativeFormats: [qemuArgvFormat],
  async open(uri: ParsedUri, options: DriverOpenOptions): Promise<DriverConnection> {
    const kvmOptions = (options.driverOptions ?? {}) as KvmDriverOptions;
    const conn = new KvmConnection(uri, options, kvmOptions);
    await conn.init({ signal: options.signal }, kvmOptions.autostart !== false && options.readOnly !== true);
    return conn;
  },
};
