/**
 * libvirt's QEMU XML namespace (`http://libvirt.org/schemas/domain/qemu/1.0`):
 * `<qemu:commandline>` pass-through arguments and environment,
 * `<qemu:override>` device property overrides and `<qemu:deprecation>`.
 * Elements are matched by namespace URI, whatever prefix they use.
 * @module
 */
import type { XmlElement } from '@polyvisor/core';
import type { Ctx } from './common.js';

/** The namespace URI of libvirt's QEMU extensions. */
export const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';

interface NsElement {
  el: XmlElement;
  local: string;
  ns: Record<string, string>;
}

function scope(el: XmlElement, parent: Record<string, string>): Record<string, string> {
  const ns = { ...parent };
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k === 'xmlns') ns[''] = v;
    else if (k.startsWith('xmlns:')) ns[k.slice(6)] = v;
  }
  return ns;
}

function resolve(el: XmlElement, parent: Record<string, string>): NsElement {
  const ns = scope(el, parent);
  const i = el.name.indexOf(':');
  const prefix = i >= 0 ? el.name.slice(0, i) : '';
  return { el, local: i >= 0 ? el.name.slice(i + 1) : el.name, ns: { ...ns, '#uri': ns[prefix] ?? '' } };
}

function qemuChildren(n: NsElement, local?: string): NsElement[] {
  const out: NsElement[] = [];
  for (const c of n.el.children) {
    if (typeof c === 'string') continue;
    const r = resolve(c, n.ns);
    if (r.ns['#uri'] === QEMU_NS && (local === undefined || r.local === local)) out.push(r);
  }
  return out;
}

/** The domain-level elements of the QEMU namespace named `local`. */
function domainElements(ctx: Ctx, local: string): NsElement[] {
  const root: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.p.spec.extra?.attrs ?? {})) {
    if (k === 'xmlns') root[''] = v;
    else if (k.startsWith('xmlns:')) root[k.slice(6)] = v;
  }
  const out: NsElement[] = [];
  for (const c of ctx.p.spec.extra?.children ?? []) {
    const r = resolve(c.node, root);
    if (r.ns['#uri'] === QEMU_NS && r.local === local) out.push(r);
  }
  return out;
}

/** Environment variables from `<qemu:commandline><qemu:env>`. */
export function qemuNsEnv(ctx: Ctx): Record<string, string> {
  const env: Record<string, string> = {};
  for (const cl of domainElements(ctx, 'commandline')) for (const e of qemuChildren(cl, 'env')) if (e.el.attrs.name) env[e.el.attrs.name] = e.el.attrs.value ?? '';
  return env;
}

/** Pass-through arguments from `<qemu:commandline><qemu:arg>` (before `-sandbox`). */
export function renderQemuNsArgs(ctx: Ctx): void {
  for (const cl of domainElements(ctx, 'commandline')) for (const a of qemuChildren(cl, 'arg')) if (a.el.attrs.value !== undefined) ctx.add(a.el.attrs.value);
}

/** `-compat` from `<qemu:deprecation behavior=...>` (right after `-name`). */
export function renderCompat(ctx: Ctx): void {
  const d = domainElements(ctx, 'deprecation')[0];
  const behavior = d?.el.attrs.behavior;
  if (!behavior || behavior === 'none') return;
  const input = behavior === 'omit' ? 'reject' : behavior;
  const compat = { 'deprecated-output': behavior === 'omit' || behavior === 'reject' || behavior === 'crash' ? 'hide' : 'accept', 'deprecated-input': input };
  ctx.add('-compat', JSON.stringify(compat));
}

/** Front-end property overrides per device alias (`<qemu:override><qemu:device alias><qemu:frontend><qemu:property>`). */
export function deviceOverrides(ctx: Ctx): Map<string, Array<{ name: string; type: string; value?: string }>> {
  const out = new Map<string, Array<{ name: string; type: string; value?: string }>>();
  for (const ov of domainElements(ctx, 'override')) {
    for (const dev of qemuChildren(ov, 'device')) {
      const alias = dev.el.attrs.alias;
      if (!alias) continue;
      const list = out.get(alias) ?? [];
      for (const fe of qemuChildren(dev, 'frontend')) for (const p of qemuChildren(fe, 'property')) list.push({ name: p.el.attrs.name ?? '', type: p.el.attrs.type ?? 'string', value: p.el.attrs.value });
      out.set(alias, list);
    }
  }
  return out;
}

/** Applies overrides to a `-device` property object (in place). */
export function applyOverrides(props: Record<string, unknown>, list: Array<{ name: string; type: string; value?: string }>): void {
  for (const p of list) {
    switch (p.type) {
      case 'remove':
        delete props[p.name];
        break;
      case 'signed':
      case 'unsigned':
        props[p.name] = Number(p.value);
        break;
      case 'bool':
        props[p.name] = p.value === 'true';
        break;
      default:
        props[p.name] = p.value ?? '';
    }
  }
}
