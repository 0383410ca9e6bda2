/**
 * libvirt's domain metadata semantics (`virDomainSetMetadata` /
 * `virDomainGetMetadata`) applied to a {@link DomainSpec}, shared by drivers.
 * @module
 */
import { ErrorCode, PolyvisorError } from '../errors.js';
import { parseXmlDocument } from '../xml/parse.js';
import { serializeXml } from '../xml/serialize.js';
import { childElements, cloneElement, type XmlElement } from '../xml/node.js';
import type { DomainSpec } from './domain.js';
import type { MetadataType } from '../types.js';

/** The namespace URI an element is in (from its prefix's `xmlns:` or its default `xmlns`). */
export function namespaceOf(e: XmlElement): string | undefined {
  const prefix = e.name.includes(':') ? e.name.slice(0, e.name.indexOf(':')) : undefined;
  return prefix ? e.attrs[`xmlns:${prefix}`] : e.attrs.xmlns;
}

/**
 * Sets (or with `null`/empty removes) the title, the description, or the
 * `<metadata>` child in namespace `uri`, rewritten to use prefix `key`.
 * Mutates `spec`. Throws `INVALID_ARG` for bad input.
 */
export function applyDomainMetadata(spec: DomainSpec, type: MetadataType, value: string | null, opts: { uri?: string; key?: string } = {}): void {
  if (type === 'title') {
    if (value !== null && value.includes('\n')) throw new PolyvisorError(ErrorCode.INVALID_ARG, "title can't contain newlines");
    if (value === null || value === '') delete spec.title;
    else spec.title = value;
    return;
  }
  if (type === 'description') {
    if (value === null || value === '') delete spec.description;
    else spec.description = value;
    return;
  }
  if (!opts.uri) throw new PolyvisorError(ErrorCode.INVALID_ARG, "metadata of type 'element' needs a namespace uri");
  let element: XmlElement | undefined;
  if (value !== null && value !== '') {
    if (!opts.key || !/^[A-Za-z_][\w.-]*$/.test(opts.key)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid metadata namespace key '${opts.key ?? ''}'`);
    const parsed = parseXmlDocument(value, 'metadata element');
    const local = parsed.name.includes(':') ? parsed.name.slice(parsed.name.indexOf(':') + 1) : parsed.name;
    const attrs: Record<string, string> = { [`xmlns:${opts.key}`]: opts.uri };
    for (const [k, v] of Object.entries(parsed.attrs)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) attrs[k] = v;
    element = { name: `${opts.key}:${local}`, attrs, children: parsed.children };
  }
  const md: XmlElement = spec.metadata ? cloneElement(spec.metadata) : { name: 'metadata', attrs: {}, children: [] };
  md.children = md.children.filter((c) => typeof c === 'string' || namespaceOf(c) !== opts.uri);
  if (element) md.children.push(element);
  if (childElements(md).length) spec.metadata = md;
  else delete spec.metadata;
}

/**
 * Reads the title, the description, or the `<metadata>` child in namespace
 * `uri` as XML text. Throws `INVALID_ARG` ("metadata not found") when absent.
 */
export function readDomainMetadata(spec: DomainSpec, type: MetadataType, opts: { uri?: string } = {}): string {
  const missing = () => new PolyvisorError(ErrorCode.INVALID_ARG, 'metadata not found: requested metadata element is not present');
  if (type === 'title') {
    if (spec.title === undefined) throw missing();
    return spec.title;
  }
  if (type === 'description') {
    if (spec.description === undefined) throw missing();
    return spec.description;
  }
  const found = spec.metadata ? childElements(spec.metadata).find((c) => namespaceOf(c) === opts.uri) : undefined;
  if (!found) throw missing();
  return serializeXml(found).trimEnd();
}
