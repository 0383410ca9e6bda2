/**
 * Reads libvirt-dbus' D-Bus interface files (with core's XML parser) and
 * generates dbus-next service interface classes from them at run time, so
 * method names, signatures, properties, signals and the introspection data
 * are exactly those of the files.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dbus from 'dbus-next';
import { childElements, parseXmlDocument, type XmlElement } from '@polyvisor/core';

/** Directory holding the `org.libvirt.*.xml` interface files shipped with this package. */
export const INTERFACES_DIR: string = fileURLToPath(new URL('../share/interfaces/', import.meta.url));

/** The libvirt-dbus interfaces this package serves. */
export const SERVED_INTERFACES = ['org.libvirt.Connect', 'org.libvirt.Domain', 'org.libvirt.DomainSnapshot', 'org.libvirt.Network', 'org.libvirt.StoragePool', 'org.libvirt.StorageVol'] as const;

/** Name of one served interface. */
export type ServedInterfaceName = (typeof SERVED_INTERFACES)[number];

/** A method or signal argument. */
export interface ArgSpec {
  /** Argument name from the interface file. */
  name: string;
  /** D-Bus type signature. */
  type: string;
}

/** A method of an interface. */
export interface MethodSpec {
  /** Member name. */
  name: string;
  /** Input arguments in order. */
  in: ArgSpec[];
  /** Output arguments in order. */
  out: ArgSpec[];
  /** Concatenated input signature. */
  inSignature: string;
  /** Concatenated output signature. */
  outSignature: string;
}

/** A property of an interface. */
export interface PropertySpec {
  /** Property name. */
  name: string;
  /** D-Bus type signature. */
  type: string;
  /** Access mode. */
  access: 'read' | 'write' | 'readwrite';
  /** `org.freedesktop.DBus.Property.EmitsChangedSignal` in force (property, else interface, else `true`). */
  emitsChanged: string;
}

/** A signal of an interface. */
export interface SignalSpec {
  /** Member name. */
  name: string;
  /** Arguments in order. */
  args: ArgSpec[];
  /** Concatenated signature. */
  signature: string;
}

/** One interface, as read from its XML file. */
export interface InterfaceSpec {
  /** Interface name, e.g. `org.libvirt.Domain`. */
  name: string;
  /** Methods by name. */
  methods: Map<string, MethodSpec>;
  /** Properties by name. */
  properties: Map<string, PropertySpec>;
  /** Signals by name. */
  signals: Map<string, SignalSpec>;
  /** The `<interface>` element, served verbatim as introspection data. */
  element: XmlElement;
}

function annotation(e: XmlElement, name: string): string | undefined {
  return childElements(e, 'annotation').find((a) => a.attrs.name === name)?.attrs.value;
}

const EMITS = 'org.freedesktop.DBus.Property.EmitsChangedSignal';

/** Parses the text of a D-Bus introspection file into its interfaces. */
export function parseInterfaceXml(text: string): InterfaceSpec[] {
  const root = parseXmlDocument(text, 'D-Bus interface file');
  const ifaces = root.name === 'interface' ? [root] : childElements(root, 'interface');
  return ifaces.map((ie) => {
    const name = ie.attrs.name;
    if (!name) throw new Error('D-Bus interface file: <interface> without a name');
    const args = (e: XmlElement, dir?: 'in' | 'out') =>
      childElements(e, 'arg')
        .filter((a) => dir === undefined || (a.attrs.direction ?? 'in') === dir)
        .map((a, i) => ({ name: a.attrs.name ?? `arg${i}`, type: a.attrs.type ?? '' }));
    const methods = new Map<string, MethodSpec>();
    for (const m of childElements(ie, 'method')) {
      const inArgs = args(m, 'in');
      const outArgs = args(m, 'out');
      methods.set(m.attrs.name!, { name: m.attrs.name!, in: inArgs, out: outArgs, inSignature: inArgs.map((a) => a.type).join(''), outSignature: outArgs.map((a) => a.type).join('') });
    }
    const ifaceEmits = annotation(ie, EMITS) ?? 'true';
    const properties = new Map<string, PropertySpec>();
    for (const p of childElements(ie, 'property')) {
      const access = (p.attrs.access ?? 'read') as PropertySpec['access'];
      properties.set(p.attrs.name!, { name: p.attrs.name!, type: p.attrs.type ?? '', access, emitsChanged: annotation(p, EMITS) ?? ifaceEmits });
    }
    const signals = new Map<string, SignalSpec>();
    for (const s of childElements(ie, 'signal')) {
      const a = args(s);
      signals.set(s.attrs.name!, { name: s.attrs.name!, args: a, signature: a.map((x) => x.type).join('') });
    }
    return { name, methods, properties, signals, element: ie };
  });
}

/** Loads the served interfaces from `dir` (default {@link INTERFACES_DIR}), keyed by interface name. */
export function loadInterfaceSpecs(dir: string = INTERFACES_DIR): Map<string, InterfaceSpec> {
  const out = new Map<string, InterfaceSpec>();
  for (const name of SERVED_INTERFACES) {
    for (const spec of parseInterfaceXml(readFileSync(join(dir, `${name}.xml`), 'utf8'))) out.set(spec.name, spec);
  }
  for (const name of SERVED_INTERFACES) if (!out.has(name)) throw new Error(`interface ${name} not found in ${dir}`);
  return out;
}

/** What a generated interface object delegates to. */
export interface InterfaceBackend {
  /** Runs method `member` with the unmarshalled arguments; resolves to the out value(s) (an array when there are several). */
  call(member: string, args: unknown[]): Promise<unknown>;
  /** Current (cached) value of a property. */
  get(property: string): unknown;
}

/** A dbus-next service interface generated from an {@link InterfaceSpec}. */
export interface ServiceInterface extends dbus.interface.Interface {
  /** The spec it was generated from. */
  readonly spec: InterfaceSpec;
  /** The object serving its calls. */
  readonly backend: InterfaceBackend;
  /** Emits signal `name` with `args` from the object this interface is exported on. */
  emitSignal(name: string, ...args: unknown[]): void;
}

/** Constructor of a generated interface class. */
export type ServiceInterfaceClass = new (backend: InterfaceBackend) => ServiceInterface;

function toXml2js(e: XmlElement): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (Object.keys(e.attrs).length) o.$ = { ...e.attrs };
  for (const c of childElements(e)) ((o[c.name] ??= []) as unknown[]).push(toXml2js(c));
  return o;
}

const METHOD_KEY = (n: string) => `$m_${n}`;
const SIGNAL_KEY = (n: string) => `$s_${n}`;

/**
 * Generates the dbus-next interface class for `spec`: every method forwards
 * to `backend.call`, every property getter to `backend.get`, every signal is
 * emitted with `emitSignal`, and introspection returns the interface file's
 * own element (argument names and annotations included).
 */
export function createInterfaceClass(spec: InterfaceSpec): ServiceInterfaceClass {
  class Generated extends dbus.interface.Interface {
    readonly spec = spec;
    constructor(readonly backend: InterfaceBackend) {
      super(spec.name);
    }
    emitSignal(name: string, ...args: unknown[]): void {
      const fn = (this as unknown as Record<string, (...a: unknown[]) => void>)[SIGNAL_KEY(name)];
      if (typeof fn !== 'function') throw new Error(`${spec.name} has no signal ${name}`);
      fn.apply(this, args);
    }
  }
  const proto = Generated.prototype as unknown as Record<string, unknown>;
  const methods: Record<string, dbus.interface.MethodOptions> = {};
  const properties: Record<string, dbus.interface.PropertyOptions> = {};
  const signals: Record<string, dbus.interface.SignalOptions> = {};
  for (const m of spec.methods.values()) {
    proto[METHOD_KEY(m.name)] = function (this: Generated, ...args: unknown[]) {
      return this.backend.call(m.name, args);
    };
    methods[METHOD_KEY(m.name)] = { name: m.name, inSignature: m.inSignature, outSignature: m.outSignature };
  }
  for (const p of spec.properties.values()) {
    Object.defineProperty(proto, p.name, {
      configurable: true,
      get(this: Generated) {
        return this.backend.get(p.name);
      },
      set() {
        /* writes are handled (asynchronously) by the service's Properties.Set handler */
      },
    });
    properties[p.name] = { name: p.name, signature: p.type, access: p.access };
  }
  for (const s of spec.signals.values()) {
    proto[SIGNAL_KEY(s.name)] = (...args: unknown[]) => (s.args.length === 1 ? args[0] : args);
    signals[SIGNAL_KEY(s.name)] = { name: s.name, signature: s.signature };
  }
  Generated.configureMembers({ methods, properties, signals });
  const introspection = toXml2js(spec.element);
  proto.$introspect = () => introspection;
  return Generated as unknown as ServiceInterfaceClass;
}
