import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@polyvisor\/core\/testing$/, replacement: src('./packages/core/src/testing/index.ts') },
      { find: /^@polyvisor\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@polyvisor\/driver-kvm$/, replacement: src('./packages/driver-kvm/src/index.ts') },
      { find: /^@polyvisor\/host$/, replacement: src('./packages/host/src/index.ts') },
      { find: /^@polyvisor\/driver-xen$/, replacement: src('./packages/driver-xen/src/index.ts') },
      { find: /^@polyvisor\/dbus$/, replacement: src('./packages/dbus/src/index.ts') },
      { find: /^@polyvisor\/remote$/, replacement: src('./packages/remote/src/index.ts') },
      { find: /^@polyvisor\/dbus\/cli$/, replacement: src('./packages/dbus/src/cli.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'conformance/test/**/*.test.ts'],
    // 2 cores: keep workers to two.
    maxWorkers: 2,
    testTimeout: 30000,
  },
});
