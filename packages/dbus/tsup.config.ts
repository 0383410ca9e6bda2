import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The interface files are read at run time from ../share/interfaces relative to the module.
  shims: true,
  external: ['@polyvisor/core', 'dbus-next', 'commander'],
});
