import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run against the TypeScript sources of every workspace package, so no build is needed first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@hotpilot\/hotmart$/, replacement: src('./packages/hotmart/src/index.ts') },
      {
        find: /^@hotpilot\/hotmart\/webhooks$/,
        replacement: src('./packages/hotmart/src/webhooks/index.ts'),
      },
      { find: /^@hotpilot\/emulator$/, replacement: src('./packages/emulator/src/index.ts') },
      { find: /^@hotpilot\/fakes$/, replacement: src('./packages/fakes/src/index.ts') },
      { find: /^@hotpilot\/fakes\/smtp$/, replacement: src('./packages/fakes/src/smtp/smtp-catcher.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    // The PostgreSQL chaos test restarts the shared server: it runs alone (vitest.chaos.config.ts).
    exclude: [...configDefaults.exclude, '**/chaos.pg.test.ts', '**/*.chaos.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
