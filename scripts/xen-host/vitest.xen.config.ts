/**
 * vitest config of the real-Xen integration suite (`pnpm test:xen`): boots
 * Xen under QEMU (see build.sh / packages/driver-xen/test/fixtures/xen-host.ts).
 * Kept out of the default `pnpm test` run: its file is `*.xen-test.ts`.
 * One host is booted for the whole run by global-setup.ts.
 */
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: src('../..'),
  resolve: {
    alias: [
      { find: /^@polyvisor\/core\/testing$/, replacement: src('../../packages/core/src/testing/index.ts') },
      { find: /^@polyvisor\/core$/, replacement: src('../../packages/core/src/index.ts') },
      { find: /^@polyvisor\/driver-xen$/, replacement: src('../../packages/driver-xen/src/index.ts') },
    ],
  },
  test: {
    // `pnpm test:xen` (in CI): every real-Xen file: conformance suite, self-check, feature suite.
    // `pnpm test:xen:features` runs the feature suite alone.
    include: [process.env.POLYVISOR_XEN_SUITE === 'features' ? 'packages/driver-xen/test/features.xen-test.ts' : 'packages/driver-xen/test/**/*.xen-test.ts'],
    // One Xen host for the run (booted here), test files one after another against it.
    globalSetup: [src('./global-setup.ts')],
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
