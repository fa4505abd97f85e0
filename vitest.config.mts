import { defineConfig } from 'vitest/config';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Test files that only call the library in-process (conformance counts, traces, symmetry, state encoding, exports
 * to strings): they share one module graph per worker rather than import src/ afresh each (about 0.9 CPU seconds a
 * file). Every other file keeps its own process: the loader, CLI, worker-thread, temp-folder and server tests change
 * `require` hooks, the environment and caches that must not leak from file to file.
 */
const SHARED = [
  'test/models/**/*.test.ts',
  'test/model/**/*.test.ts',
  'test/trace/**/*.test.ts',
  'test/symmetry/**/*.test.ts',
  'test/graph/**/*.test.ts',
  'test/crash/**/*.test.ts',
  'test/state/!(fingerprint-store).test.ts',
  'test/export/!(write-trace-files).test.ts',
];

const resolve = { alias: { interleave: path.resolve(root, 'src/index.ts') } };
const timeouts = { testTimeout: 120_000, hookTimeout: 120_000 };

export default defineConfig({
  resolve,
  test: {
    // Many test files spend their time waiting on a child process (the CLI, npm, valgrind): run at least two
    // files at once even on a two-core machine, where vitest's default (cores - 1) runs them one by one.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    globalSetup: ['test/support/tool-notice.ts'],
    projects: [
      { resolve, test: { ...timeouts, name: 'shared', include: SHARED, isolate: false } },
      { resolve, test: { ...timeouts, name: 'isolated', include: ['test/**/*.test.ts'], exclude: SHARED } },
    ],
  },
});
