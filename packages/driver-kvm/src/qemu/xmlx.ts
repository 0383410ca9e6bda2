/**
 * Small helpers for device elements the domain model keeps verbatim in
 * `extra` (audio, redirdev, hub, filesystem, memory, iommu, vsock, ...).
 * @module
 */
import { childElements, type DeviceAddress, type DomainSpec, type XmlElement } from '@polyvisor/core';

/** An unmodelled `<devices>` child kept verbatim in the spec. */
export interface ExtraDevice {
  /** Element name (`audio`, `redirdev`, `filesystem`, ...). */
  name: string;
  /** The element itself (mutable: address assignment writes an `<address>` child). */
  node: XmlElement;
}

/** All unmodelled device elements of `spec`, in document order. */
export function extraDevices(spec: DomainSpec, name?: string): ExtraDevice[] {
  const out: ExtraDevice[] = [];
  for (const c of spec.devices?.extra?.children ?? []) if (name === undefined || c.node.name === name) out.push({ name: c.node.name, node: c.node });
  return out;
}

/** First child element `name` of `e`. */
export function child(e: XmlElement | undefined, name: string): XmlElement | undefined {
  return e ? childElements(e, name)[0] : undefined;
}

/** The unknown child elements of a spec object's `extra` named `name`. */
export function extraChild(obj: { extra?: { children?: Array<{ node: XmlElement }> } } | undefined, name: string): XmlElement | undefined {
  return obj?.extra?.children?.find((c) => c.node.name === name)?.node;
}

/** All unknown child elements of a spec object's `extra` named `name`. */
export function extraChildren(obj: { extra?: { children?: Array<{ node: XmlElement }> } } | undefined, name: string): XmlElement[] {
  return (obj?.extra?.children ?? []).filter((c) => c.node.name === name).map((c) => c.node);
}

/** An unknown attribute of a spec object's `extra`. */
export function extraAttr(obj: { extra?: { attrs?: Record<string, string> } } | undefined, name: string): string | undefined {
  return obj?.extra?.attrs?.[name];
}

/** Reads the `<address>` child of a verbatim element as a {@link DeviceAddress}. */
export function nodeAddress(node: XmlElement): DeviceAddress | undefined {
  const a = child(node, 'address');
  if (!a) return undefined;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.attrs)) if (k !== 'type') attrs[k] = v;
  return { type: a.attrs.type, attrs };
}

/** Writes (replaces) the `<address>` child of a verbatim element. */
export function setNodeAddress(node: XmlElement, addr: DeviceAddress): void {
  node.children = node.children.filter((c) => typeof c === 'string' || c.name !== 'address');
  const attrs: Record<string, string> = {};
  if (addr.type) attrs.type = addr.type;
  Object.assign(attrs, addr.attrs ?? {});
  node.children.push({ name: 'address', attrs, children: [] });
}

/** Parses an integer attribute value (decimal or 0x hex). */
export function int(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = /^0x/i.test(v) ? parseInt(v, 16) : Number(v);
  return Number.isFinite(n) ? n : undefined;
}
