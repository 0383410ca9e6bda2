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
  guardSingleRoot(parser as unknown as { saxParser: SaxHooks }, (msg) => {
    failure ??= new Error(msg);
  });
  try {
    parser.parseString(text, (err: unknown, res: Record<string, Xml2jsNode>) => {
      if (err) failure ??= err;
      else result = res;
    });
  } catch (err) {
    // sax can throw synchronously (e.g. "Unexpected end") instead of calling back.
    failure ??= err;
  }
  if (failure === undefined && !/>\s*$/.test(text)) failure = new Error('extra content at the end of the document');
  if (failure === undefined) {
    const dup = findRepeatedAttribute(text);
    if (dup) failure = new Error(`attribute '${dup}' redefined`);
  }
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

const START_TAG = /<[A-Za-z_][\w:.-]*((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))+)\s*\/?>/g;
const ATTR_NAME = /([^\s=>/]+)\s*=\s*(?:"[^"]*"|'[^']*')/g;

/** sax silently keeps the first of two same-named attributes; libxml2 rejects the document. */
function findRepeatedAttribute(text: string): string | undefined {
  for (const m of text.matchAll(START_TAG)) {
    const seen = new Set<string>();
    for (const a of m[1]!.matchAll(ATTR_NAME)) {
      if (seen.has(a[1]!)) return a[1];
      seen.add(a[1]!);
    }
  }
  return undefined;
}

interface SaxHooks {
  onopentag: (node: unknown) => void;
  onclosetag: (name: string) => void;
  ontext: (text: string) => void;
}

/** libxml2 (and so libvirt) rejects content after the root element; xml2js lets it pass. */
function guardSingleRoot(parser: { saxParser: SaxHooks }, fail: (msg: string) => void): void {
  const sax = parser.saxParser;
  let depth = 0;
  let roots = 0;
  const open = sax.onopentag.bind(sax);
  const close = sax.onclosetag.bind(sax);
  const text = sax.ontext.bind(sax);
  sax.onopentag = (node) => {
    if (depth === 0 && ++roots > 1) fail('extra content at the end of the document');
    depth++;
    open(node);
  };
  sax.onclosetag = (name) => {
    depth--;
    close(name);
  };
  sax.ontext = (t) => {
    if (depth === 0 && roots > 0 && t.trim() !== '') fail('extra content at the end of the document');
    text(t);
  };
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
