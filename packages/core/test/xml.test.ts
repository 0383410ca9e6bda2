import { describe, expect, it } from 'vitest';
import { parseXmlDocument, serializeXml, canonicalXml, xmlEqual, xmlDiff, ElementReader, ElementWriter, XmlError } from '@polyvisor/core';

describe('XML tree', () => {
  it.each(['<a><b>', '<a', '<a></b>', '<a/><b/>', '<a>x</a>trailing', '\u0000', '', '   ', '<a x="1" x="2"/>'])('rejects malformed %j with XML_ERROR', (t) => {
    expect(() => parseXmlDocument(t)).toThrowError(XmlError);
  });

  it('keeps order, repeated siblings, namespaces and text', () => {
    const t = parseXmlDocument(`<?xml version="1.0"?>\n<!-- c --><r xmlns:q="urn:q"><a n="1"/><b>t &amp; u</b><a n="2"/><q:x/></r>`);
    expect(t.children.map((c) => (typeof c === 'string' ? c : c.name))).toEqual(['a', 'b', 'a', 'q:x']);
    expect(serializeXml(t)).toBe(`<r xmlns:q='urn:q'>\n  <a n='1'/>\n  <b>t &amp; u</b>\n  <a n='2'/>\n  <q:x/>\n</r>\n`);
    expect(xmlEqual(serializeXml(t), t)).toBe(true);
  });

  it('compares ignoring attribute order and whitespace, and reports the first difference', () => {
    expect(xmlEqual(`<a x='1' y='2'>\n  <b/>\n</a>`, `<a y="2" x="1"><b/></a>`)).toBe(true);
    const d = xmlDiff(parseXmlDocument(`<a><b k='1'/><c/></a>`), parseXmlDocument(`<a><b k='2'/><c/></a>`));
    expect(d).toBe('/a[1]/b/@k: "1" vs "2"');
    expect(canonicalXml(parseXmlDocument(`<a y='2' x='1'/>`))).toBe('<a x="1" y="2"></a>');
  });

  it('keeps unknown attributes and children at their positions through reader and writer', () => {
    const src = parseXmlDocument(`<dev known='k' odd='o'><u1/><name>n</name><u2/><u3/><tail/><u4/></dev>`);
    const r = new ElementReader(src);
    const known = r.attr('known');
    const name = r.childText('name');
    r.child('tail');
    const extra = r.extras();
    expect(extra?.attrs).toEqual({ odd: 'o' });
    expect(extra?.children?.map((c) => [c.after, c.node.name])).toEqual([[null, 'u1'], ['name', 'u2'], ['u2', 'u3'], ['tail', 'u4']]);
    const out = new ElementWriter('dev').attr('known', known).textChild('name', name).child(new ElementWriter('tail')).build(extra);
    expect(xmlEqual(out, src)).toBe(true);
    expect(() => new ElementReader(src).requireAttr('missing')).toThrowError(/missing required attribute 'missing' on <dev> \(at \/dev\/@missing\)/);
  });
});
