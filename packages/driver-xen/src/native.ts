/**
 * Native configuration formats of the Xen driver for `domxml-to-native` /
 * `domxml-from-native`: `xen-xl` (xl.cfg text, both directions),
 * `xen-xm` (legacy xend config, import only) and `xen-libxl-json`
 * (`libxl_domain_config` JSON, export only).
 * @module
 */
import type { NativeFormat } from '@polyvisor/core';
import { buildLibxlDomainConfig, type LibxlBuildOptions } from './libxl/config.js';
import { domainToXlConfig, type ToXlOptions } from './xlcfg/from-domain.js';
import { formatXlConfig, parseXlConfig } from './xlcfg/syntax.js';
import { xlConfigToDomain, type FromXlOptions } from './xlcfg/to-domain.js';

/** Options shared by the native format factories. */
export interface XenNativeOptions extends ToXlOptions, FromXlOptions {}

/** Creates the `xen-xl` format (xl.cfg ⇄ DomainSpec) with host-dependent options. */
export function createXenXlFormat(opts: XenNativeOptions = {}): NativeFormat {
  return {
    name: 'xen-xl',
    description: 'Xen xl.cfg domain configuration (xl create)',
    toNative: (spec) => formatXlConfig(domainToXlConfig(spec, opts)),
    fromNative: (text) => xlConfigToDomain(parseXlConfig(text), opts),
  };
}

/** Creates the `xen-xm` format (legacy xm/xend config → DomainSpec). */
export function createXenXmFormat(opts: XenNativeOptions = {}): NativeFormat {
  return {
    name: 'xen-xm',
    description: 'Legacy Xen xm/xend domain configuration (import only)',
    fromNative: (text) => xlConfigToDomain(parseXlConfig(text), opts, 'xm'),
  };
}

/** Creates the `xen-libxl-json` format (DomainSpec → `libxl_domain_config` JSON). */
export function createXenLibxlJsonFormat(opts: LibxlBuildOptions = {}): NativeFormat {
  return {
    name: 'xen-libxl-json',
    description: 'libxl_domain_config JSON, as printed by `xl create -n` (export only)',
    toNative: (spec) => `${JSON.stringify(buildLibxlDomainConfig(spec, opts), null, 4)}\n`,
  };
}

/** The `xen-xl` format with default options. */
export const xenXlFormat: NativeFormat = createXenXlFormat();

/** The `xen-xm` format with default options. */
export const xenXmFormat: NativeFormat = createXenXmFormat();

/** The `xen-libxl-json` format with default options. */
export const xenLibxlJsonFormat: NativeFormat = createXenLibxlJsonFormat();

/** Every native format of the Xen driver. */
export const xenNativeFormats: readonly NativeFormat[] = [xenXlFormat, xenXmFormat, xenLibxlJsonFormat];
