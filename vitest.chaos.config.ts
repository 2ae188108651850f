import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The PostgreSQL chaos test restarts the PostgreSQL server every few seconds, so it runs on its own, after the
// main suite, never beside other tests that use the same server (`npm test` runs both). The base test options are
// spread, not merged: vitest's mergeConfig would concatenate the include lists and run every test again.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['packages/*/test/**/chaos.pg.test.ts', 'packages/*/test/**/*.chaos.test.ts'],
    exclude: [...configDefaults.exclude],
    fileParallelism: false,
  },
});
