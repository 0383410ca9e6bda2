/**
 * @polyvisor/driver-xen — the pure half of the Xen driver: the libxl IDL
 * reader and generated `libxl_domain_config` types, DomainSpec →
 * `libxl_domain_config` JSON, xl.cfg parse/format and DomainSpec ⇄ xl.cfg
 * mapping, and the `xen-xl` / `xen-xm` / `xen-libxl-json` native formats.
 * @module
 */
export * from './libxl/idl.js';
export * from './libxl/schema.js';
export { generateLibxlTypes, idlDigest, type GenerateOptions } from './libxl/codegen.js';
export * from './libxl/generated/types.js';
export * from './libxl/cpuid.js';
export * from './libxl/config.js';
export * from './xlcfg/syntax.js';
export * from './xlcfg/specs.js';
export * from './xlcfg/from-domain.js';
export * from './xlcfg/to-domain.js';
export * from './native.js';
export * from './toolstack/index.js';
export * from './driver/index.js';
