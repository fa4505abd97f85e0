import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BENCH = path.resolve(__dirname, '..', '..', 'dist', 'bench', 'run.js');

/** Runs `npm run bench`'s script (the built `dist/bench/run.js`) with these arguments and environment. */
export function runBench(args: readonly string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
