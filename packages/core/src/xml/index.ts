export * from './node.js';
export { parseXmlDocument } from './parse.js';
export { serializeXml, type SerializeOptions } from './serialize.js';
export { canonicalXml, xmlEqual, xmlDiff } from './compare.js';
export * from './mapping.js';
