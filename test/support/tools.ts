import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/**
 * The machine tools some tests need, and how to install each: a test that needs a missing one is skipped, and
 * the global setup (test/support/tool-notice.ts) says so in one line per tool.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const hasValgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;

export const MISSING_TOOLS: readonly { readonly skipped: string; readonly missing: string; readonly install: string }[] = [
  ...(hasChromium ? [] : [{ skipped: 'the browser tests (test/browser: HTML viewer, Mermaid rendering)', missing: `${CHROMIUM} is not installed`, install: 'apt-get install chromium fonts-dejavu-core' }]),
  ...(hasValgrind ? [] : [{ skipped: 'the bench --instructions and --profile tests (test/bench/valgrind-*.test.ts)', missing: 'valgrind is not installed', install: 'apt-get install valgrind' }]),
];
