import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The PostgreSQL chaos test restarts the PostgreSQL server every few seconds, so it runs on its own, after the
// main suite, never beside other tests that use the same server (`npm test` runs both).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['packages/*/test/**/*.chaos.test.ts', 'packages/*/test/**/chaos.pg.test.ts'],
      exclude: [],
      fileParallelism: false,
    },
  }),
);
