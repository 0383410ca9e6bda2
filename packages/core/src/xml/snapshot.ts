/**
 * libvirt `<domainsnapshot>` XML ↔ {@link DomainSnapshotSpec}.
 * @module
 */
import { ElementReader, ElementWriter } from './mapping.js';
import { parseXmlDocument } from './parse.js';
import { serializeXml } from './serialize.js';
import { XmlError } from '../errors.js';
import { domainSpecFromXmlElement, domainSpecToXmlElement } from './domain.js';
import { SnapshotStates, type DomainSnapshotSpec, type SnapshotDisk } from '../model/snapshot.js';

/** Parses `<domainsnapshot>` XML. Throws `XML_ERROR` with the offending path. */
export function parseDomainSnapshotXml(xml: string): DomainSnapshotSpec {
  const root = parseXmlDocument(xml, 'domain snapshot');
  if (root.name !== 'domainsnapshot') throw new XmlError(`expected <domainsnapshot>, found <${root.name}>`, `/${root.name}`);
  const r = new ElementReader(root);
  const out: DomainSnapshotSpec = {};
  const name = r.childText('name');
  if (name !== undefined) {
    if (name === '' || name.includes('/') || name.startsWith('.')) r.fail(`invalid snapshot name '${name}'`);
    out.name = name;
  }
  const desc = r.childText('description');
  if (desc !== undefined) out.description = desc;
  const state = r.childText('state');
  if (state !== undefined) {
    if (!(SnapshotStates as readonly string[]).includes(state)) r.fail(`invalid snapshot state '${state}'`);
    out.state = state as DomainSnapshotSpec['state'];
  }
  const ct = r.childText('creationTime');
  if (ct !== undefined) {
    if (!/^[0-9]+$/.test(ct)) r.fail(`invalid creationTime '${ct}'`);
    out.creationTime = Number(ct);
  }
  const parent = r.child('parent');
  if (parent) {
    const pn = parent.childText('name');
    if (pn) out.parent = pn;
  }
  const mem = r.child('memory');
  if (mem) {
    const snap = mem.enumAttr('snapshot', ['no', 'internal', 'external', 'manual'] as const) ?? mem.fail("missing attribute 'snapshot' on <memory>", 'snapshot');
    const file = mem.attr('file');
    out.memory = { snapshot: snap, ...(file ? { file } : {}), ...(mem.extras() ? { extra: mem.extras()! } : {}) };
  }
  const disks = r.child('disks');
  if (disks) {
    out.disks = disks.children('disk').map((d): SnapshotDisk => {
      const disk: SnapshotDisk = { name: d.requireAttr('name') };
      const snap = d.enumAttr('snapshot', ['no', 'internal', 'external', 'manual'] as const);
      if (snap) disk.snapshot = snap;
      const drv = d.child('driver');
      const t = drv?.attr('type');
      if (t) disk.driverType = t;
      const src = d.child('source');
      const f = src?.attr('file');
      if (f) disk.sourceFile = f;
      const x = d.extras();
      if (x) disk.extra = x;
      return disk;
    });
  }
  const dom = r.child('domain');
  if (dom) out.domain = domainSpecFromXmlElement(dom.node);
  const active = r.childText('active');
  if (active !== undefined) out.active = active === '1';
  const x = r.extras();
  if (x) out.extra = x;
  return out;
}

/** Formats a snapshot as libvirt `<domainsnapshot>` XML. */
export function formatDomainSnapshotXml(spec: DomainSnapshotSpec): string {
  const w = new ElementWriter('domainsnapshot');
  w.textChild('name', spec.name);
  w.textChild('description', spec.description);
  w.textChild('state', spec.state);
  if (spec.parent) w.child(new ElementWriter('parent').textChild('name', spec.parent));
  w.textChild('creationTime', spec.creationTime);
  if (spec.memory) w.child(new ElementWriter('memory').attr('snapshot', spec.memory.snapshot).attr('file', spec.memory.file).build(spec.memory.extra));
  if (spec.disks) {
    const ds = new ElementWriter('disks');
    for (const d of spec.disks) {
      const dw = new ElementWriter('disk').attr('name', d.name).attr('snapshot', d.snapshot);
      if (d.driverType) dw.child(new ElementWriter('driver').attr('type', d.driverType));
      if (d.sourceFile) dw.child(new ElementWriter('source').attr('file', d.sourceFile));
      ds.child(dw.build(d.extra));
    }
    w.child(ds);
  }
  if (spec.domain) w.child(domainSpecToXmlElement(spec.domain, { inactive: true }));
  if (spec.active !== undefined) w.textChild('active', spec.active ? 1 : 0);
  return serializeXml(w.build(spec.extra));
}
