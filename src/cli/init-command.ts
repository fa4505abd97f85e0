import * as path from 'node:path';
import type { Io } from './io';
import { scaffold } from '../init/scaffold';
import { EXIT } from '../errors/interleave-error';

/** `interleave init [dir]`: scaffolds the example model, spec, test, scripts and CI workflow; says what to do next. */
export function initCommand(dir: string | undefined, io: Io): number {
  const root = path.resolve(dir ?? '.');
  const result = scaffold(root);
  const where = path.relative(process.cwd(), root) || '.';
  const lines = [`Wrote into ${where}:`, ...result.written.map((f) => `  ${f}`)];
  if (result.scripts.length > 0) lines.push(`Added npm scripts: ${result.scripts.join(', ')}`);
  if (result.vitestConfig !== undefined) lines.push(`Add 'specs/**' to test.exclude in ${result.vitestConfig}: specs/*.spec.ts are interleave suites, not vitest files.`);
  lines.push('', 'Next:');
  if (result.missingPackages.length > 0) lines.push(`  npm install --save-dev ${result.missingPackages.join(' ')}`);
  lines.push(
    '  npx interleave suite                 # the buggy lock violates MutualExclusion, the fixed one holds, as pinned',
    '  npm run interleave:baseline          # writes interleave-baseline.json; commit it with the workflow',
    '  npx interleave check models/lock.ts --param variant=buggy --out reports/lock   # the counterexample and its viewer',
  );
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
