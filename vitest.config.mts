import { defineConfig } from 'vitest/config';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { interleave: path.resolve(root, 'src/index.ts') } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Many test files spend their time waiting on a child process (the CLI, npm, valgrind): run at least two
    // files at once even on a two-core machine, where vitest's default (cores - 1) runs them one by one.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    globalSetup: ['test/support/tool-notice.ts'],
  },
});
