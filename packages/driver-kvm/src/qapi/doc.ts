/**
 * Parsing of QAPI `##` documentation blocks into {@link QapiDoc}.
 *
 * The rules follow "Documentation comments" in `qapi-code-gen.rst`: the first
 * line `@SYMBOL:` names the definition, then an overview, then `@member:`
 * descriptions (continuation lines indented), a `Features:` section, and
 * tagged sections (`Since:`, `Returns:`, `Errors:`, `TODO:`) that start a
 * paragraph. The parser is lenient: it never fails, it only sorts text.
 * @module
 */
import type { QapiDoc, QapiDocSection } from './model.js';

/** A raw doc block: its text lines with the leading `#` (and one space) removed. */
export interface RawDocBlock {
  /** Lines between the opening and closing `##`. */
  lines: string[];
  /** 1-based line of the opening `##`. */
  line: number;
}

const SYMBOL_LINE = /^@([^:\s]+):\s*$/;
const MEMBER_LINE = /^@([^:\s]+):(?:\s+(.*))?$/;
const TAG_LINE = /^(Since|Returns|Errors|TODO):(?:\s+(.*))?$/;
const HEADING_LINE = /^(=+)\s+(.*)$/;

/** The documented symbol of a block (`@SYMBOL:` first line), or undefined for free-form docs. */
export function docSymbol(block: RawDocBlock): string | undefined {
  const first = block.lines[0];
  const m = first === undefined ? null : SYMBOL_LINE.exec(first);
  return m ? m[1] : undefined;
}

/** The `= Heading` of a free-form block, if its first line is one. */
export function docHeading(block: RawDocBlock): string | undefined {
  const first = block.lines[0];
  const m = first === undefined ? null : HEADING_LINE.exec(first);
  return m ? m[2].trim() : undefined;
}

type Target = { kind: 'body' } | { kind: 'member'; name: string } | { kind: 'feature'; name: string } | { kind: 'section'; index: number };

/**
 * Joins collected lines into text: leading/trailing blank lines dropped and
 * common indentation removed. With `hanging`, the first line is the text
 * after a `@name:` or `Tag:` and only the following lines are de-indented.
 */
function finish(lines: string[], hanging = false): string {
  const trimmed = [...lines];
  while (trimmed.length && trimmed[trimmed.length - 1].trim() === '') trimmed.pop();
  while (!hanging && trimmed.length && trimmed[0].trim() === '') trimmed.shift();
  const rest = hanging ? trimmed.slice(1) : trimmed;
  const indents = rest.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const out = hanging && trimmed.length ? [trimmed[0].trim(), ...rest.map((l) => l.slice(cut).trimEnd())] : rest.map((l) => l.slice(cut).trimEnd());
  while (out.length && out[0] === '') out.shift();
  return out.join('\n');
}

/** Parses a definition doc block (whose first line is `@SYMBOL:`). */
export function parseDefinitionDoc(block: RawDocBlock): QapiDoc {
  const symbol = docSymbol(block) ?? '';
  const body: string[] = [];
  const members = new Map<string, string[]>();
  const features = new Map<string, string[]>();
  const sections: { tag: string; lines: string[] }[] = [];
  let target: Target = { kind: 'body' };
  let inFeatures = false;
  let afterBlank = true;

  const append = (text: string): void => {
    switch (target.kind) {
      case 'body':
        body.push(text);
        break;
      case 'member':
        members.get(target.name)!.push(text);
        break;
      case 'feature':
        features.get(target.name)!.push(text);
        break;
      case 'section':
        sections[target.index].lines.push(text);
        break;
    }
  };
  const startSection = (tag: string, first: string | undefined): void => {
    sections.push({ tag, lines: [first ?? ''] });
    target = { kind: 'section', index: sections.length - 1 };
  };

  for (const line of block.lines.slice(1)) {
    if (line.trim() === '') {
      append('');
      afterBlank = true;
      continue;
    }
    const indented = /^\s/.test(line);
    const member = indented ? null : MEMBER_LINE.exec(line);
    const tag = indented || !afterBlank ? null : TAG_LINE.exec(line);
    if (!indented && line.trim() === 'Features:') {
      inFeatures = true;
      // Text between "Features:" and the first feature goes to an untagged section.
      target = { kind: 'section', index: sections.push({ tag: '', lines: [] }) - 1 };
    } else if (member) {
      const name = member[1];
      const map = inFeatures ? features : members;
      map.set(name, [member[2] ?? '']);
      target = inFeatures ? { kind: 'feature', name } : { kind: 'member', name };
    } else if (tag) {
      inFeatures = false;
      startSection(tag[1], tag[2]);
    } else if (!indented && afterBlank && target.kind !== 'body') {
      // A new, unindented paragraph after a description is free text.
      inFeatures = false;
      startSection('', line);
    } else {
      append(line);
    }
    afterBlank = false;
  }

  const toRecord = (m: Map<string, string[]>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of m) out[k] = finish(v, true);
    return out;
  };
  const doc: QapiDoc = {
    symbol,
    body: finish(body),
    members: toRecord(members),
    features: toRecord(features),
    sections: sections
      .map((s): QapiDocSection => ({ tag: s.tag, text: finish(s.lines, s.tag !== '') }))
      .filter((s) => s.tag !== '' || s.text !== ''),
  };
  const since = doc.sections.find((s) => s.tag === 'Since');
  if (since) doc.since = since.text;
  return doc;
}

/** The first paragraph of a doc text, on one line. */
export function firstParagraph(text: string | undefined): string {
  if (!text) return '';
  const lines = (text.split(/\n\s*\n/)[0] ?? '').split('\n');
  // A list keeps one item per line; ordinary text is joined into one line.
  if (lines.some((l) => /^\s*([*-]|\d+\.)\s/.test(l))) {
    const items: string[] = [];
    for (const l of lines) {
      const m = /^\s*(?:[*-]|\d+\.)\s+(.*)$/.exec(l);
      if (m || items.length === 0) items.push(m ? `- ${m[1].trim()}` : l.trim());
      else items[items.length - 1] += ` ${l.trim()}`;
    }
    return items.join('\n');
  }
  return lines
    .map((l) => l.trim())
    .join(' ')
    .trim();
}
