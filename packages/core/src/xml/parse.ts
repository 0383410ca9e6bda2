import { Parser } from 'xml2js';
import { XmlError } from '../errors.js';
import type { XmlElement, XmlNode } from './node.js';

interface Xml2jsNode {
  '#name': string;
  $?: Record<string, string>;
  $$?: Xml2jsNode[];
  _?: string;
}

const parserOptions = {
  explicitChildren: true,
  preserveChildrenOrder: true,
  charsAsChildren: true,
  includeWhiteChars: false,
  explicitCharkey: true,
  trim: false,
  normalize: false,
  normalizeTags: false,
  explicitRoot: true,
  async: false,
  strict: true,
} as const;

function convert(n: Xml2jsNode): XmlElement {
  const children: XmlNode[] = [];
  for (const c of n.$$ ?? []) {
    if (c['#name'] === '__text__') {
      if (c._ !== undefined) children.push(c._);
    } else if (c['#name'] === '__cdata__') {
      if (c._ !== undefined) children.push(c._);
    } else {
      children.push(convert(c));
    }
  }
  if (children.length === 0 && n._ !== undefined && n._.trim() !== '') children.push(n._);
  return { name: n['#name'], attrs: { ...(n.$ ?? {}) }, children };
}

/**
 * Parses an XML document into an ordered {@link XmlElement} tree (built on
 * xml2js). Throws {@link XmlError} for malformed input. Whitespace-only text
 * runs between elements are dropped.
 */
export function parseXmlDocument(text: string, what = 'document'): XmlElement {
  if (typeof text !== 'string') throw new XmlError(`${what}: XML input must be a string`, '');
  if (text.trim() === '') throw new XmlError(`${what}: empty XML document`, '');
  let result: Record<string, Xml2jsNode> | undefined;
  let failure: unknown;
  const parser = new Parser(parserOptions);
  parser.parseString(text, (err: unknown, res: Record<string, Xml2jsNode>) => {
    if (err) failure = err;
    else result = res;
  });
  if (failure !== undefined) {
    const msg = failure instanceof Error ? failure.message.split('\n').join('; ') : String(failure);
    throw new XmlError(`${what}: malformed XML: ${msg}`, '', { cause: failure });
  }
  if (!result) throw new XmlError(`${what}: malformed XML: no root element`, '');
  const keys = Object.keys(result);
  if (keys.length !== 1) throw new XmlError(`${what}: malformed XML: expected one root element`, '');
  const rootName = keys[0]!;
  const raw = result[rootName]!;
  // With explicitCharkey a text-only root can come back as a bare object.
  const root = convert({ ...raw, '#name': rootName } as Xml2jsNode);
  return stripWhitespace(root);
}

function stripWhitespace(node: XmlElement): XmlElement {
  const hasElements = node.children.some((c) => typeof c !== 'string');
  const children: XmlNode[] = [];
  for (const c of node.children) {
    if (typeof c === 'string') {
      if (hasElements && c.trim() === '') continue;
      children.push(c);
    } else children.push(stripWhitespace(c));
  }
  node.children = children;
  return node;
}
