/** Text output helpers shaped like virsh's. */

/** Renders rows as a virsh-style table: a header, a dashed rule, left-aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => ' ' + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 3, 0));
  return [line(headers), rule, ...rows.map(line)].join('\n') + '\n';
}

/** Renders `label: value` pairs with aligned values, like `virsh dominfo`. */
export function fields(pairs: Array<[string, string | number | boolean | undefined]>): string {
  const w = Math.max(16, ...pairs.map(([k]) => k.length + 2));
  return pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${`${k}:`.padEnd(w)}${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}`)
    .join('\n') + '\n';
}

/** Formats a KiB amount like virsh (`8388608 KiB`). */
export function kib(n: number): string {
  return `${n} KiB`;
}

/** Formats a byte count with a binary unit, like virsh's `vol-info` (`1.00 GiB`). */
export function bytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(2)} ${units[u]}`;
}
