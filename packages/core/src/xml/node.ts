/**
 * A small ordered XML tree. libvirt XML needs element order, repeated
 * siblings and unknown content kept exactly, which xml2js' default object
 * shape loses; this tree keeps all of it.
 * @module
 */

/** An XML element: name (with any namespace prefix), attributes in document order, and children. */
export interface XmlElement {
  /** Qualified element name, e.g. `disk` or `qemu:commandline`. */
  name: string;
  /** Attributes, in document order. */
  attrs: Record<string, string>;
  /** Child nodes: elements and text runs, in document order. */
  children: XmlNode[];
}

/** A child node: an element or a text run. */
export type XmlNode = XmlElement | string;

/** True when `node` is an element. */
export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** Creates an element. */
export function el(name: string, attrs: Record<string, string | number | boolean | undefined> = {}, children: XmlNode[] = []): XmlElement {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a[k] = String(v);
  return { name, attrs: a, children };
}

/** The element children of `node`, optionally only those named `name`. */
export function childElements(node: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of node.children) if (typeof c !== 'string' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

/** The concatenated text content directly inside `node` (not of descendants). */
export function textOf(node: XmlElement): string {
  let s = '';
  for (const c of node.children) if (typeof c === 'string') s += c;
  return s;
}

/** Deep-copies an element tree. */
export function cloneElement(node: XmlElement): XmlElement {
  return { name: node.name, attrs: { ...node.attrs }, children: node.children.map((c) => (typeof c === 'string' ? c : cloneElement(c))) };
}
