/**
 * Devices for `xl block-attach` / `xl network-attach` and for editing a
 * definition's device lists (libvirt's `virDomainAttachDeviceFlags` /
 * `virDomainDetachDeviceFlags` on the libxl driver): the xl disk and vif
 * specifications come from the same xl.cfg renderer `xl create` gets, so a
 * hot-plugged device is written exactly as a cold-plugged one.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode, PolyvisorError, type DevicesSpec, type DiskSpec, type DomainSpec, type InterfaceSpec } from '@polyvisor/core';
import { domainToXlConfig, type ToXlOptions } from '../xlcfg/from-domain.js';

const DRIVER = 'xen';

/** An empty device list set (for specs without `<devices>`). */
export function emptyDevices(): DevicesSpec {
  return { disks: [], controllers: [], interfaces: [], serials: [], parallels: [], consoles: [], channels: [], inputs: [], tpms: [], graphics: [], sounds: [], videos: [], hostdevs: [], watchdogs: [], rngs: [], panics: [] } as unknown as DevicesSpec;
}

/** The domain's device lists, created when absent (mutates `spec`). */
export function devicesOf(spec: DomainSpec): DevicesSpec {
  if (!spec.devices) spec.devices = emptyDevices();
  return spec.devices;
}

/** `spec` with only the given disks and interfaces as devices (everything else of the domain kept). */
function withOnly(spec: DomainSpec, disks: DiskSpec[], interfaces: InterfaceSpec[]): DomainSpec {
  return { ...spec, devices: { ...emptyDevices(), ...(spec.devices?.emulator ? { emulator: spec.devices.emulator } : {}), disks, interfaces } as DevicesSpec };
}

/**
 * The xl-disk-configuration string of one disk of `spec`'s domain (what
 * `xl block-attach DOM SPEC` takes), e.g.
 * `format=raw,vdev=xvdb,access=rw,backendtype=qdisk,target=/img`.
 * @throws PolyvisorError `INVALID_ARG` when xl cannot express the disk.
 */
export function diskAttachSpec(spec: DomainSpec, disk: DiskSpec, opts: ToXlOptions = {}): string {
  const cfg = domainToXlConfig(withOnly(spec, [disk], []), opts);
  const list = cfg.get('disk');
  if (!Array.isArray(list) || typeof list[0] !== 'string') throw new PolyvisorError(ErrorCode.INVALID_ARG, 'the disk has no xl disk specification', { driver: DRIVER });
  return list[0];
}

/**
 * The xl-network-configuration settings of one interface (what
 * `xl network-attach DOM KEY=VALUE...` takes, one argv word each), e.g.
 * `['mac=00:16:3e:..', 'bridge=xenbr0', 'script=vif-bridge']`.
 * @throws PolyvisorError `INVALID_ARG` when xl cannot express the interface.
 */
export function vifAttachSettings(spec: DomainSpec, iface: InterfaceSpec, opts: ToXlOptions = {}): string[] {
  const cfg = domainToXlConfig(withOnly(spec, [], [iface]), opts);
  const list = cfg.get('vif');
  if (!Array.isArray(list) || typeof list[0] !== 'string') throw new PolyvisorError(ErrorCode.INVALID_ARG, 'the interface has no xl vif specification', { driver: DRIVER });
  // A vif spec is KEY=VALUE pairs joined by commas; no value the renderer writes contains a comma.
  return list[0].split(',').filter((w) => w !== '' && !w.endsWith('='));
}

/** A random MAC in Xen's OUI 00:16:3e (what libxl picks when none is given). */
export function randomXenMac(): string {
  const b = randomBytes(3);
  return `00:16:3e:${[(b[0]! & 0x7f), b[1]!, b[2]!].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

/** Case-insensitive MAC comparison. */
export function sameMac(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Index of the disk with `want`'s target device, or -1. */
export function findDiskIndex(list: readonly DiskSpec[], want: DiskSpec): number {
  return list.findIndex((d) => d.target.dev === want.target.dev);
}

/** Index of the interface with `want`'s MAC (or, without one, the only interface on the same bridge), or -1. */
export function findInterfaceIndex(list: readonly InterfaceSpec[], want: InterfaceSpec): number {
  if (want.mac) return list.findIndex((n) => sameMac(n.mac?.address, want.mac!.address));
  return list.length === 1 ? 0 : -1;
}
