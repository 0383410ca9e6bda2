import type { XmlElement } from './node.js';

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;');
}

/** Options for {@link serializeXml}. */
export interface SerializeOptions {
  /** Indentation per level (default two spaces, as libvirt). */
  indent?: string;
}

/**
 * Serialises an element tree the way libvirt formats XML: two-space
 * indentation, single-quoted attributes, self-closing empty elements, and
 * text-only elements on one line. Output ends with a newline.
 */
export function serializeXml(root: XmlElement, options: SerializeOptions = {}): string {
  const indent = options.indent ?? '  ';
  const out: string[] = [];
  const write = (node: XmlElement, depth: number): void => {
    const pad = indent.repeat(depth);
    let open = `${pad}<${node.name}`;
    for (const [k, v] of Object.entries(node.attrs)) open += ` ${k}='${escapeAttr(v)}'`;
    if (node.children.length === 0) {
      out.push(`${open}/>`);
      return;
    }
    const onlyText = node.children.every((c) => typeof c === 'string');
    if (onlyText) {
      out.push(`${open}>${escapeText((node.children as string[]).join(''))}</${node.name}>`);
      return;
    }
    out.push(`${open}>`);
    for (const c of node.children) {
      if (typeof c === 'string') {
        if (c.trim() !== '') out.push(pad + indent + escapeText(c.trim()));
      } else write(c, depth + 1);
    }
    out.push(`${pad}</${node.name}>`);
  };
  write(root, 0);
  return out.join('\n') + '\n';
}
