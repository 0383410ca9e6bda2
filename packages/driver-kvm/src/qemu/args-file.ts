/**
 * libvirt's `.args` text format: environment assignments, then the emulator
 * and its options, one shell word or "option value" pair per line, joined
 * with ` \` and a newline; values are single-quoted when they need quoting.
 * @module
 */
import { ErrorCode, PolyvisorError } from '@polyvisor/core';

/** A rendered command line: argv (emulator first) plus the environment to run it with. */
export interface QemuCommand {
  /** argv array, `argv[0]` is the emulator path. No shell quoting. */
  argv: string[];
  /** Environment variables, in the order libvirt sets them. */
  env: Record<string, string>;
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word for a POSIX shell the way libvirt's `virBufferEscapeShell` does (single quotes; `'` → `'\''`). */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Formats a command as libvirt's `.args` text (trailing newline included). */
export function formatArgsFile(cmd: QemuCommand): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(cmd.env)) lines.push(`${k}=${shellQuote(v)}`);
  const argv = cmd.argv;
  if (argv.length) lines.push(shellQuote(argv[0]!));
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a.startsWith('-') && next !== undefined && !next.startsWith('-')) {
      lines.push(`${shellQuote(a)} ${shellQuote(next)}`);
      i++;
    } else lines.push(shellQuote(a));
  }
  return lines.join(' \\\n') + '\n';
}

/**
 * Tokenises shell text with POSIX quoting rules (single quotes, double
 * quotes with `\` escapes, backslash-newline continuations, unquoted `\`).
 * @throws PolyvisorError `INVALID_ARG` on an unterminated quote.
 */
export function tokenizeShell(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') {
      const nx = text[i + 1];
      if (nx === '\n') {
        i += 2;
        continue;
      }
      if (nx !== undefined) {
        cur += nx;
        inWord = true;
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'unterminated single quote in shell text');
      cur += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= text.length) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'unterminated double quote in shell text');
        const c = text[i]!;
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') cur += text[i + 1];
          i += 2;
          continue;
        }
        cur += c;
        i++;
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      i++;
      continue;
    }
    cur += ch;
    inWord = true;
    i++;
  }
  if (inWord) out.push(cur);
  return out;
}

/** Parses `.args` text back into environment and argv (leading `NAME=value` words are the environment). */
export function parseArgsFile(text: string): QemuCommand {
  const words = tokenizeShell(text);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  return { env, argv: words.slice(i) };
}
