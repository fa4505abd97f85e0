import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTlcOutput, runTlc, tlcSetup, twoPhaseCfg } from '../../bench/tlc';
import { hasTlc, TLC_JAR } from '../support/tools';

const BENCH = path.resolve('dist/bench/run.js');

// The closing lines of TLC 2.20 on bench/tla/TwoPhase.tla with RM = {r1, ..., r5}, as it printed them.
const TLC_RM5 = `Model checking completed. No error has been found.
  Estimates of the probability that TLC did not check all reachable states
  because two distinct states had the same fingerprint:
  calculated (optimistic):  val = 2.4E-11
58146 states generated, 8832 distinct states found, 0 states left on queue.
The depth of the complete state graph search is 17.
Finished in 13s at (2026-12-08 01:23:51)`;

describe('the bench\'s TLC rows', () => {
  it('read the counts and depth TLC prints, and nothing from a run that found an error or stopped early', () => {
    expect(parseTlcOutput(TLC_RM5)).toEqual({ distinct: 8832, generated: 58146, depth: 17 });
    expect(parseTlcOutput(TLC_RM5.replace('No error has been found.', 'Error: Invariant TPTypeOK is violated.'))).toBeUndefined();
    expect(parseTlcOutput(TLC_RM5.replace('0 states left', '12 states left'))).toBeUndefined();
  });

  it('give TLC the constants and properties the TypeScript ports check', () => {
    expect(twoPhaseCfg(3)).toBe('CONSTANT RM = {r1, r2, r3}\nINIT TPInit\nNEXT TPNext\nINVARIANT TPTypeOK\nINVARIANT TCConsistent\n');
  });

  it('are skipped with a one-line notice when the jar is not named or not there', () => {
    expect(tlcSetup({})).toEqual({ skip: "TLC rows skipped: set INTERLEAVE_TLC_JAR to the path of TLC 2.20's tla2tools.jar to run them." });
    expect(tlcSetup({ INTERLEAVE_TLC_JAR: '/no/such/tla2tools.jar' })).toEqual({ skip: 'TLC rows skipped: INTERLEAVE_TLC_JAR names /no/such/tla2tools.jar, which does not exist.' });
    const env = { ...process.env, INTERLEAVE_TLC_JAR: '' };
    const r = spawnSync(process.execPath, [BENCH, '--json', '--exact', '--filter', 'TwoPhase RM=5'], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("TLC rows skipped: set INTERLEAVE_TLC_JAR to the path of TLC 2.20's tla2tools.jar to run them.\n");
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string }[]; ratios: unknown[] };
    expect(out.benchmarks.map((b) => b.name)).toEqual(['TwoPhase RM=5']);
    expect(out.ratios).toEqual([]);
  });
});

describe.skipIf(!hasTlc)('TLC on bench/tla/TwoPhase.tla', { timeout: 300_000 }, () => {
  it('finds the counts our TwoPhase ports find (RM=5: 8,832 distinct, 58,146 generated, depth 17)', async () => {
    const r = await runTlc(TLC_JAR as string, 5, 2);
    expect([r.distinct, r.generated, r.depth]).toEqual([8832, 58146, 17]);
  });

  it('runs in the bench before the rows compared with it, with their ratio against it', () => {
    const r = spawnSync(process.execPath, [BENCH, '--json', '--exact', '--filter', 'TwoPhase RM=5'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string; distinct: number; generated: number; depth: number }[]; ratios: { benchmark: string; against: string; ratio: number }[] };
    expect(out.benchmarks.map((b) => [b.name, b.distinct, b.generated, b.depth])).toEqual([
      ['TLC TwoPhase RM=5 2 workers', 8832, 58146, 17],
      ['TwoPhase RM=5', 8832, 58146, 17],
    ]);
    expect(out.ratios.map((x) => [x.benchmark, x.against])).toEqual([['TwoPhase RM=5', 'TLC TwoPhase RM=5 2 workers']]);
    expect(out.ratios[0]?.ratio).toBeGreaterThan(0);
  });
});
