import { z } from 'zod';
import { XmlError } from '../errors.js';
import { cloneElement, type XmlElement, type XmlNode } from './node.js';

/** An unknown child element kept for round-tripping, anchored after a sibling. */
export interface XmlExtraChild {
  /** Name of the element it followed in the source document (`null`: it came first). */
  after: string | null;
  /** Which occurrence of `after` it followed (1-based). */
  nth?: number;
  /** The element itself, verbatim. */
  node: XmlElement;
}

/**
 * Parts of an XML element that the model does not know. They are carried on
 * the spec object (as `extra`) and written back unchanged by the formatter, so
 * no element or attribute is ever dropped.
 */
export interface XmlExtras {
  /** Unknown attributes. */
  attrs?: Record<string, string>;
  /** Unknown child elements with their position. */
  children?: XmlExtraChild[];
}

const XmlElementSchema: z.ZodType<XmlElement> = z.lazy(() =>
  z.object({ name: z.string(), attrs: z.record(z.string(), z.string()), children: z.array(z.union([z.string(), XmlElementSchema])) }),
);

/** zod schema for {@link XmlExtras}. */
export const XmlExtrasSchema: z.ZodType<XmlExtras> = z.object({
  attrs: z.record(z.string(), z.string()).optional(),
  children: z.array(z.object({ after: z.string().nullable(), nth: z.number().int().optional(), node: XmlElementSchema })).optional(),
});

/** zod schema for a raw XML element kept verbatim (metadata, unknown devices). */
export const RawXmlElementSchema = XmlElementSchema;

/**
 * Reads one element while recording which attributes and children were
 * consumed, so the rest can be kept as {@link XmlExtras}. Errors carry the
 * element's path.
 */
export class ElementReader {
  private readonly usedAttrs = new Set<string>();
  private readonly usedChildren = new Set<XmlElement>();

  /** Wraps `node`, located at `path` (e.g. `/domain/devices/disk[2]`). */
  constructor(
    readonly node: XmlElement,
    readonly path: string = `/${node.name}`,
  ) {}

  /** Element name. */
  get name(): string {
    return this.node.name;
  }

  /** Raises an {@link XmlError} located at this element (or one of its attributes). */
  fail(message: string, attr?: string): never {
    throw new XmlError(message, attr ? `${this.path}/@${attr}` : this.path);
  }

  /** Reads an attribute (marking it consumed). */
  attr(name: string): string | undefined {
    this.usedAttrs.add(name);
    return this.node.attrs[name];
  }

  /** Reads an attribute that must be present and non-empty. */
  requireAttr(name: string): string {
    const v = this.attr(name);
    if (v === undefined || v === '') this.fail(`missing required attribute '${name}' on <${this.node.name}>`, name);
    return v;
  }

  /** Reads an attribute restricted to a set of values. */
  enumAttr<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.attr(name);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) this.fail(`invalid value '${v}' for attribute '${name}' (expected one of ${values.join(', ')})`, name);
    return v as T;
  }

  /** Reads a non-negative integer attribute (decimal, or hex with 0x). */
  intAttr(name: string): number | undefined {
    const v = this.attr(name);
    if (v === undefined) return undefined;
    const n = parseInteger(v);
    if (n === undefined) this.fail(`invalid integer '${v}' for attribute '${name}'`, name);
    return n;
  }

  /** Reads a `yes`/`no` (or `on`/`off`) attribute as a boolean. */
  boolAttr(name: string): boolean | undefined {
    const v = this.attr(name);
    if (v === undefined) return undefined;
    if (v === 'yes' || v === 'on') return true;
    if (v === 'no' || v === 'off') return false;
    this.fail(`invalid boolean '${v}' for attribute '${name}' (expected yes or no)`, name);
  }

  /** All child elements named `name` (marking them consumed). */
  children(name: string): ElementReader[] {
    const out: ElementReader[] = [];
    let i = 0;
    for (const c of this.node.children) {
      if (typeof c === 'string' || c.name !== name) continue;
      i++;
      this.usedChildren.add(c);
      out.push(new ElementReader(c, `${this.path}/${name}[${i}]`));
    }
    return out;
  }

  /** The first child element named `name`, if any (marking it consumed). */
  child(name: string): ElementReader | undefined {
    for (const c of this.node.children) {
      if (typeof c !== 'string' && c.name === name) {
        this.usedChildren.add(c);
        return new ElementReader(c, `${this.path}/${name}`);
      }
    }
    return undefined;
  }

  /** All child elements in order, whatever their names (marking them consumed). */
  allChildren(): ElementReader[] {
    const counts = new Map<string, number>();
    const out: ElementReader[] = [];
    for (const c of this.node.children) {
      if (typeof c === 'string') continue;
      const n = (counts.get(c.name) ?? 0) + 1;
      counts.set(c.name, n);
      this.usedChildren.add(c);
      out.push(new ElementReader(c, `${this.path}/${c.name}[${n}]`));
    }
    return out;
  }

  /** Marks a child element as consumed without reading it. */
  consume(child: ElementReader): void {
    this.usedChildren.add(child.node);
  }

  /** The element's own text content, trimmed. */
  text(): string {
    let s = '';
    for (const c of this.node.children) if (typeof c === 'string') s += c;
    return s.trim();
  }

  /** Text of the first child named `name`, or undefined when absent. */
  childText(name: string): string | undefined {
    return this.child(name)?.text();
  }

  /** The attributes and child elements that were not consumed, or undefined if none. */
  extras(): XmlExtras | undefined {
    const attrs: Record<string, string> = {};
    let nAttrs = 0;
    for (const [k, v] of Object.entries(this.node.attrs)) {
      if (!this.usedAttrs.has(k)) {
        attrs[k] = v;
        nAttrs++;
      }
    }
    const children: XmlExtraChild[] = [];
    let prev: string | null = null;
    const counts = new Map<string, number>();
    for (const c of this.node.children) {
      if (typeof c === 'string') continue;
      const n = (counts.get(c.name) ?? 0) + 1;
      counts.set(c.name, n);
      if (!this.usedChildren.has(c)) {
        const entry: XmlExtraChild = { after: prev, node: cloneElement(c) };
        if (prev !== null) entry.nth = counts.get(prev);
        children.push(entry);
      }
      prev = c.name;
    }
    if (nAttrs === 0 && children.length === 0) return undefined;
    const out: XmlExtras = {};
    if (nAttrs) out.attrs = attrs;
    if (children.length) out.children = children;
    return out;
  }
}

/** Parses a decimal or 0x-prefixed hexadecimal non-negative integer; undefined if invalid. */
export function parseInteger(v: string): number | undefined {
  const s = v.trim();
  if (/^[0-9]+$/.test(s)) return Number(s);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  return undefined;
}

type AttrValue = string | number | boolean | undefined | null;

/**
 * Builds one element in a fixed (libvirt) order, then merges back the
 * {@link XmlExtras} kept from parsing at their original positions.
 */
export class ElementWriter {
  private readonly attrs: Record<string, string> = {};
  private readonly kids: XmlNode[] = [];

  /** Starts an element named `name`. */
  constructor(readonly name: string) {}

  /** Sets an attribute; `undefined`/`null` are skipped, booleans become `yes`/`no`. */
  attr(name: string, value: AttrValue): this {
    if (value === undefined || value === null) return this;
    this.attrs[name] = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
    return this;
  }

  /** Sets an `on`/`off` attribute from a boolean. */
  onOff(name: string, value: boolean | undefined): this {
    if (value === undefined) return this;
    this.attrs[name] = value ? 'on' : 'off';
    return this;
  }

  /** Appends a child element (skipped when undefined). */
  child(node: XmlElement | ElementWriter | undefined | null): this {
    if (!node) return this;
    this.kids.push(node instanceof ElementWriter ? node.build() : node);
    return this;
  }

  /** Appends a text-only child `<name attrs>value</name>` (skipped when value is undefined). */
  textChild(name: string, value: AttrValue, attrs: Record<string, AttrValue> = {}): this {
    if (value === undefined || value === null) return this;
    const w = new ElementWriter(name);
    for (const [k, v] of Object.entries(attrs)) w.attr(k, v);
    w.text(String(value));
    return this.child(w);
  }

  /** Appends a text run. */
  text(value: string): this {
    this.kids.push(value);
    return this;
  }

  /** True when nothing has been added yet. */
  get empty(): boolean {
    return this.kids.length === 0 && Object.keys(this.attrs).length === 0;
  }

  /** Builds the element, merging `extras` (unknown attributes last, unknown children at their anchors). */
  build(extras?: XmlExtras): XmlElement {
    const attrs = { ...this.attrs };
    if (extras?.attrs) for (const [k, v] of Object.entries(extras.attrs)) if (!(k in attrs)) attrs[k] = v;
    const children = [...this.kids];
    if (extras?.children?.length) mergeExtraChildren(children, extras.children);
    return { name: this.name, attrs, children };
  }
}

function mergeExtraChildren(children: XmlNode[], extras: XmlExtraChild[]): void {
  // Where the last extra anchored to a given element went, so later extras with the same anchor keep their order.
  const lastAfter = new Map<XmlElement | null, XmlElement>();
  const known = children.filter((c): c is XmlElement => typeof c !== 'string');
  for (const x of extras) {
    const node = cloneElement(x.node);
    let anchor: XmlElement | null | undefined;
    if (x.after === null) anchor = null;
    else {
      const same = known.filter((c) => c.name === x.after);
      anchor = same[(x.nth ?? same.length) - 1] ?? same[same.length - 1];
      if (anchor === undefined) {
        // Anchor was an earlier extra element: follow it.
        const prevExtra = [...children].reverse().find((c): c is XmlElement => typeof c !== 'string' && c.name === x.after);
        anchor = prevExtra;
      }
    }
    if (anchor === undefined) {
      children.push(node);
      continue;
    }
    const after = lastAfter.get(anchor) ?? anchor;
    const idx = after === null ? -1 : children.indexOf(after);
    children.splice(idx + 1, 0, node);
    lastAfter.set(anchor, node);
  }
}
