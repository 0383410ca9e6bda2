import { parseXmlDocument } from './parse.js';
import type { XmlElement } from './node.js';

/**
 * Canonical text of an element tree: attributes sorted, whitespace-only text
 * dropped and text trimmed, element order kept. Two documents are equal in
 * libvirt's sense when their canonical forms are equal.
 */
export function canonicalXml(node: XmlElement): string {
  const attrs = Object.keys(node.attrs)
    .sort()
    .map((k) => ` ${k}=${JSON.stringify(node.attrs[k])}`)
    .join('');
  const kids = node.children
    .map((c) => (typeof c === 'string' ? (c.trim() === '' ? '' : JSON.stringify(c.trim())) : canonicalXml(c)))
    .join('');
  return `<${node.name}${attrs}>${kids}</${node.name}>`;
}

/** True when two XML documents (text or trees) are equal ignoring attribute order and whitespace. */
export function xmlEqual(a: string | XmlElement, b: string | XmlElement): boolean {
  const ta = typeof a === 'string' ? parseXmlDocument(a) : a;
  const tb = typeof b === 'string' ? parseXmlDocument(b) : b;
  return canonicalXml(ta) === canonicalXml(tb);
}

/**
 * Describes the first difference between two trees as a path and the two
 * differing canonical fragments, or returns `undefined` when equal.
 */
export function xmlDiff(a: XmlElement, b: XmlElement, path = ''): string | undefined {
  const here = `${path}/${a.name}`;
  if (a.name !== b.name) return `${path}: element <${a.name}> vs <${b.name}>`;
  const ka = Object.keys(a.attrs).sort();
  const kb = Object.keys(b.attrs).sort();
  for (const k of new Set([...ka, ...kb])) {
    if (a.attrs[k] !== b.attrs[k]) return `${here}/@${k}: ${JSON.stringify(a.attrs[k])} vs ${JSON.stringify(b.attrs[k])}`;
  }
  const ca = a.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
  const cb = b.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
  const n = Math.max(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === undefined || y === undefined) {
      const extra = (x ?? y)!;
      return `${here}: ${x === undefined ? 'missing' : 'unexpected'} ${typeof extra === 'string' ? JSON.stringify(extra.trim()) : `<${extra.name}>`} at child ${i + 1}`;
    }
    if (typeof x === 'string' || typeof y === 'string') {
      if (typeof x !== typeof y || String(x).trim() !== String(y).trim()) return `${here}: text ${JSON.stringify(typeof x === 'string' ? x.trim() : `<${x.name}>`)} vs ${JSON.stringify(typeof y === 'string' ? y.trim() : `<${y.name}>`)}`;
      continue;
    }
    const d = xmlDiff(x, y, `${here}[${i + 1}]`);
    if (d) return d;
  }
  return undefined;
}
