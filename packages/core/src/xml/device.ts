/**
 * Single device XML (`<disk>`, `<interface>`, ...) as used by hotplug
 * (`virDomainAttachDevice`). Parsed with the domain parser, so a device
 * means exactly what it means inside `<devices>`.
 * @module
 */
import { XmlError } from '../errors.js';
import { parseXmlDocument } from './parse.js';
import { serializeXml } from './serialize.js';
import { childElements, type XmlElement } from './node.js';
import { domainSpecFromXmlElement, domainSpecToXmlElement } from './domain.js';
import type { DevicesSpec, DomainSpec } from '../model/domain.js';

/** Device lists of {@link DevicesSpec} that hold arrays, by element name. */
export const DEVICE_LISTS = {
  disk: 'disks',
  controller: 'controllers',
  interface: 'interfaces',
  serial: 'serials',
  parallel: 'parallels',
  console: 'consoles',
  channel: 'channels',
  input: 'inputs',
  tpm: 'tpms',
  graphics: 'graphics',
  sound: 'sounds',
  video: 'videos',
  hostdev: 'hostdevs',
  watchdog: 'watchdogs',
  rng: 'rngs',
  panic: 'panics',
} as const satisfies Record<string, keyof DevicesSpec>;

/** A device element name the model knows. */
export type DeviceKind = keyof typeof DEVICE_LISTS | 'memballoon';

/** A parsed device: its kind and its spec (the element of the matching device list). */
export interface ParsedDevice {
  /** Element name. */
  kind: DeviceKind;
  /** The device spec. */
  device: unknown;
}

const WRAP = (inner: XmlElement): XmlElement => ({
  name: 'domain',
  attrs: { type: 'kvm' },
  children: [
    { name: 'name', attrs: {}, children: ['device'] },
    { name: 'memory', attrs: {}, children: ['1024'] },
    { name: 'devices', attrs: {}, children: [inner] },
  ],
});

/** Parses one device element. Throws `XML_ERROR` for malformed or unknown devices. */
export function parseDeviceXml(xml: string): ParsedDevice {
  const el = parseXmlDocument(xml, 'device');
  const kind = el.name as DeviceKind;
  if (!(kind in DEVICE_LISTS) && kind !== 'memballoon') throw new XmlError(`unsupported device type <${el.name}>`, `/${el.name}`);
  const spec = domainSpecFromXmlElement(WRAP(el));
  const devs = spec.devices!;
  if (kind === 'memballoon') return { kind, device: devs.memballoon };
  const list = devs[DEVICE_LISTS[kind]] as unknown[];
  if (list.length !== 1) throw new XmlError(`expected exactly one <${kind}>`, `/${kind}`);
  return { kind, device: list[0] };
}

/** Formats one device back to XML (as it appears inside `<devices>`). */
export function formatDeviceXml(kind: DeviceKind, device: unknown): string {
  const base: DomainSpec = { type: 'kvm', name: 'device', memory: 1024, vcpu: { count: 1 }, os: { type: 'hvm', boot: [] } } as unknown as DomainSpec;
  const devices = { disks: [], controllers: [], interfaces: [], serials: [], parallels: [], consoles: [], channels: [], inputs: [], tpms: [], graphics: [], sounds: [], videos: [], hostdevs: [], watchdogs: [], rngs: [], panics: [] } as unknown as DevicesSpec;
  if (kind === 'memballoon') (devices as { memballoon?: unknown }).memballoon = device;
  else (devices as unknown as Record<string, unknown[]>)[DEVICE_LISTS[kind]] = [device];
  const el = domainSpecToXmlElement({ ...base, devices }, { inactive: true });
  const devs = childElements(el, 'devices')[0]!;
  const found = childElements(devs).find((c) => c.name === kind);
  if (!found) throw new XmlError(`cannot format <${kind}>`, `/${kind}`);
  return serializeXml(found);
}
