/**
 * Small helpers over core's XML tree. The Xen renderers read a DomainSpec
 * through its XML tree view (`domainSpecToXmlElement`) because several
 * Xen-relevant parts (`<bootloader>`, interface `<script>`/`<ip>`/
 * `<bandwidth>`, hostdev `writeFiltering`, `<xen:commandline>`, NUMA
 * distances, ...) live in the spec's `extra` and are easiest to read where
 * libvirt puts them.
 * @module
 */
import { childElements, el, textOf, type XmlElement, type XmlNode } from '@polyvisor/core';

/** First child element named `name`. */
export function child(node: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

/** Child elements named `name`. */
export function kids(node: XmlElement | undefined, name?: string): XmlElement[] {
  return node ? childElements(node, name) : [];
}

/** Follows a `/`-separated path of child element names. */
export function at(node: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = node;
  for (const p of path.split('/')) cur = child(cur, p);
  return cur;
}

/** Attribute value. */
export function attr(node: XmlElement | undefined, name: string): string | undefined {
  return node?.attrs[name];
}

/** Trimmed text content of a child (or of the node itself when `name` is omitted). */
export function text(node: XmlElement | undefined, name?: string): string | undefined {
  const n = name === undefined ? node : child(node, name);
  if (!n) return undefined;
  return textOf(n).trim();
}

/** Builds an element, dropping undefined attributes and children. */
export function mk(name: string, attrs: Record<string, string | number | boolean | undefined> = {}, children: Array<XmlNode | undefined | false> = []): XmlElement {
  return el(name, attrs, children.filter((c): c is XmlNode => c !== undefined && c !== false));
}

/** An element with text content. */
export function mkText(name: string, value: string, attrs: Record<string, string | number | undefined> = {}): XmlElement {
  return el(name, attrs, [value]);
}

/** Parses an integer attribute (decimal or 0x hex). */
export function intAttr(node: XmlElement | undefined, name: string): number | undefined {
  const v = attr(node, name);
  if (v === undefined) return undefined;
  const n = /^0x/i.test(v) ? Number.parseInt(v, 16) : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Expands a libvirt CPU bitmap string (`0-3,^2,5`) into sorted ids. */
export function parseBitmap(s: string): number[] {
  const set = new Set<number>();
  for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
    const neg = part.startsWith('^');
    const body = neg ? part.slice(1) : part;
    const [a, b] = body.split('-').map(Number) as [number, number | undefined];
    for (let i = a; i <= (b ?? a); i++) (neg ? set.delete(i) : set.add(i));
  }
  return [...set].sort((x, y) => x - y);
}

/** Formats sorted ids as a libvirt bitmap string (`0-3,5`). */
export function formatBitmap(ids: number[]): string {
  const s = [...new Set(ids)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : `${s[i]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** Scales a libvirt `<memory unit=...>`-style element value to KiB. */
export function kib(node: XmlElement | undefined, valueAttr?: string): number | undefined {
  if (!node) return undefined;
  const raw = valueAttr ? attr(node, valueAttr) : textOf(node).trim();
  if (raw === undefined || raw === '') return undefined;
  const unit = (attr(node, 'unit') ?? 'KiB').toLowerCase();
  const f: Record<string, number> = { b: 1 / 1024, bytes: 1 / 1024, k: 1, kib: 1, kb: 1000 / 1024, m: 1024, mib: 1024, mb: 1e6 / 1024, g: 1024 ** 2, gib: 1024 ** 2, gb: 1e9 / 1024, t: 1024 ** 3, tib: 1024 ** 3 };
  return Math.ceil(Number(raw) * (f[unit] ?? 1));
}

/**
 * Distance from NUMA cell `i` to cell `j` of `<cpu><numa>`, completed the way
 * libvirt does: a missing value takes the reverse direction's value, else 10
 * for the local node and 20 for a remote one.
 */
export function numaDistance(cells: XmlElement[], i: number, j: number): number {
  const get = (a: number, b: number): number | undefined => {
    const s = kids(child(cells[a], 'distances'), 'sibling').find((x) => Number(attr(x, 'id')) === b);
    return s ? Number(attr(s, 'value')) : undefined;
  };
  return get(i, j) ?? get(j, i) ?? (i === j ? 10 : 20);
}
