import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench } from '../support/run-bench';
import { hasValgrind } from '../support/tools';

// The slowest tests (the checker under valgrind, a minute or more each alone): --instructions here and --profile in
// valgrind-profile.test.ts, files of their own so that vitest runs them beside each other and the rest.
describe.skipIf(!hasValgrind)('npm run bench --instructions', { timeout: 600_000 }, () => {
  // CI installs valgrind (.ci/run). V8 runs single-threaded there: two runs' counts are within a fraction of 1%.
  it('counts the instructions of the whole process under valgrind, same states, the same count twice from a cold model cache', () => {
    // An empty temp folder: the compiled-model cache is cold, as after an edit of the model. The bench compiles the
    // model before valgrind starts, so that neither count includes the TypeScript compiler.
    const env = { ...process.env, TMPDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-bench-')) };
    const args = ['--json', '--instructions', '--exact', '--filter', 'TwoPhase RM=5'];
    const r = runBench(args, env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string; distinct: number; generated: number; depth: number; instructions: number; instructionsPerGenerated: number }[]; ratios: unknown[] };
    const [b] = out.benchmarks;
    expect([b?.name, b?.distinct, b?.generated, b?.depth]).toEqual(['TwoPhase RM=5', 8832, 58146, 17]);
    // Node's own start-up is about 0.7 billion; this search about 2.1 billion in all.
    expect(b?.instructions).toBeGreaterThan(1e9);
    expect(b?.instructions).toBeLessThan(1e10);
    const again = JSON.parse(runBench(args, env).stdout) as typeof out;
    expect(Math.abs((again.benchmarks[0]?.instructions as number) / (b?.instructions as number) - 1)).toBeLessThan(0.01);
    expect(b?.instructionsPerGenerated).toBe(Math.round((b?.instructions as number) / 58146));
    // Seconds under valgrind are no measure of speed: no ratios.
    expect(out.ratios).toEqual([]);
    fs.rmSync(env.TMPDIR, { recursive: true, force: true });
  });
});
