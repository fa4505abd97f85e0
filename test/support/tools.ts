import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/**
 * The machine tools some tests need, and how to install each: a test that needs a missing one is skipped, and
 * the global setup (test/support/tool-notice.ts) says so in one line per tool.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const hasValgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;

export const hasJava = spawnSync('java', ['-version'], { encoding: 'utf8' }).status === 0;
/** TLC 2.20's tla2tools.jar, for the bench's TLC rows (not part of the repository). */
export const TLC_JAR = process.env['INTERLEAVE_TLC_JAR'];
export const hasTlc = hasJava && TLC_JAR !== undefined && TLC_JAR !== '' && fs.existsSync(TLC_JAR);

export const MISSING_TOOLS: readonly { readonly skipped: string; readonly missing: string; readonly install: string }[] = [
  ...(hasChromium ? [] : [{ skipped: 'the browser tests (test/browser: HTML viewer, Mermaid rendering)', missing: `${CHROMIUM} is not installed`, install: 'apt-get install chromium fonts-dejavu-core' }]),
  ...(hasTlc ? [] : [{ skipped: 'the bench\'s TLC runs (test/bench/tlc.test.ts)', missing: hasJava ? 'INTERLEAVE_TLC_JAR does not name TLC\'s tla2tools.jar' : 'java is not installed', install: hasJava ? 'export INTERLEAVE_TLC_JAR=/path/to/tla2tools.jar (TLC 2.20)' : 'apt-get install default-jre-headless; export INTERLEAVE_TLC_JAR=/path/to/tla2tools.jar' }]),
  ...(hasValgrind ? [] : [{ skipped: 'the bench --instructions and --profile tests (test/bench/valgrind-*.test.ts)', missing: 'valgrind is not installed', install: 'apt-get install valgrind' }]),
];
