/**
 * The `xl.cfg` file syntax (xl.cfg(5), libxlu_cfg): `KEY = VALUE` settings
 * separated by newlines or `;`, `#` comments, values that are quoted strings
 * (single or double quotes, taken verbatim as libvirt's virConf does), bare numbers/words, or lists
 * `[ v, v, ... ]` (nested lists allowed, trailing comma allowed, may span
 * lines). Parse and format are pure; errors carry the line number.
 * @module
 */
import { ErrorCode, PolyvisorError } from '@polyvisor/core';

/** A value in an xl config: a string, a number or a (possibly nested) list. */
export type XlValue = string | number | XlValue[];

/** A parsed xl config: settings in file order (a later duplicate replaces the earlier value in place). */
export type XlConfig = Map<string, XlValue>;

/** Raises a syntax error at `line` as a typed `INVALID_ARG` error. */
function syntaxError(message: string, line: number): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, `xl.cfg line ${line}: ${message}`, { driver: 'xen', detail: { line } });
}

/**
 * Parses xl.cfg text. Throws `INVALID_ARG` (message `xl.cfg line N: ...`,
 * `detail.line` = N) on a syntax error.
 */
export function parseXlConfig(text: string): XlConfig {
  const out: XlConfig = new Map();
  let i = 0;
  let line = 1;
  const n = text.length;

  const skipBlank = (newlines: boolean): void => {
    while (i < n) {
      const c = text[i]!;
      if (c === '#') {
        while (i < n && text[i] !== '\n') i++;
      } else if (c === ' ' || c === '\t' || c === '\r') {
        i++;
      } else if (c === '\n' && newlines) {
        line++;
        i++;
      } else break;
    }
  };

  const readString = (): string => {
    const q = text[i]!;
    const start = line;
    i++;
    let s = '';
    while (i < n && text[i] !== q) {
      const c = text[i]!;
      if (c === '\n') throw syntaxError('unterminated string', start);
      s += c;
      i++;
    }
    if (i >= n) throw syntaxError('unterminated string', start);
    i++;
    return s;
  };

  const readValue = (): XlValue => {
    skipBlank(false);
    if (i >= n) throw syntaxError('missing value', line);
    const c = text[i]!;
    if (c === '"' || c === "'") return readString();
    if (c === '[') {
      i++;
      const list: XlValue[] = [];
      for (;;) {
        skipBlank(true);
        if (i >= n) throw syntaxError("unterminated list (missing ']')", line);
        if (text[i] === ']') {
          i++;
          return list;
        }
        list.push(readValueInList());
        skipBlank(true);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return list;
        }
        throw syntaxError(`expected ',' or ']' in list, found ${i < n ? `'${text[i]}'` : 'end of file'}`, line);
      }
    }
    const m = /^[^\s,;\]#"'[]+/.exec(text.slice(i));
    if (!m) throw syntaxError(`unexpected '${c}'`, line);
    i += m[0].length;
    const word = m[0];
    if (/^-?(0|[1-9][0-9]*)$/.test(word)) return Number(word);
    if (/^0x[0-9a-fA-F]+$/.test(word)) return Number.parseInt(word, 16);
    return word;
  };
  const readValueInList = (): XlValue => {
    skipBlank(true);
    return readValue();
  };

  for (;;) {
    skipBlank(true);
    if (i >= n) break;
    if (text[i] === ';') {
      i++;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (!m) throw syntaxError(`expected a setting name, found '${text[i]}'`, line);
    const key = m[0];
    i += key.length;
    skipBlank(false);
    if (text[i] !== '=') throw syntaxError(`expected '=' after '${key}'`, line);
    i++;
    const value = readValue();
    out.set(key, value);
    skipBlank(false);
    if (i < n && text[i] !== '\n' && text[i] !== ';') throw syntaxError(`unexpected '${text[i]}' after value of '${key}'`, line);
  }
  return out;
}

function quote(s: string): string {
  // Like virConf, strings are written verbatim (no escapes); pick the quote the text does not contain.
  return s.includes('"') && !s.includes("'") ? `'${s}'` : `"${s}"`;
}

/** Formats one value the way libvirt's virConf writes it (strings double-quoted, lists `[ a, b ]`). */
export function formatXlValue(v: XlValue): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return quote(v);
  return v.length === 0 ? '[  ]' : `[ ${v.map(formatXlValue).join(', ')} ]`;
}

/** Formats a config as `key = value` lines, in map order. */
export function formatXlConfig(cfg: XlConfig): string {
  let out = '';
  for (const [k, v] of cfg) out += `${k} = ${formatXlValue(v)}\n`;
  return out;
}
