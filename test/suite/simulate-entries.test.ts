import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite';
import { runEntry } from '../../src/suite/run-entry';
import type { SuiteEntry } from '../../src/suite/types';

const SPEC = path.resolve(__dirname, '../../specs/simulate.spec.ts');

describe("suite entries with mode 'simulate' and maxSwitches", () => {
  it('pass when the expected violations are found within the budget or the switch bound', async () => {
    const suite = loadSuite(SPEC);
    const results = [];
    for (const { entry, modelPath } of suite.entries) results.push(await runEntry({ suite: 'simulate', specFile: SPEC, entry, modelPath }));
    expect(results.map((r) => [r.entry, r.passed, r.verdict])).toEqual([
      ['keycache buggy faults, 200 random runs', true, 'violation'],
      ['early-bucket-race buggy, 200 PCT runs', true, 'violation'],
      ['bcache buggy, 1000 coverage-guided runs', true, 'violation'],
      ['early-bucket-race buggy, up to 1 switch', true, 'violation'],
    ]);
    const bounded = results[3]!.properties.find((p) => p.name === 'LockedKeyIsCurrent');
    expect(bounded?.traceLength).toBe(6);
    expect(results[3]!.reproduce).toContain('check models/alloc/early-bucket-race.ts');
    expect(results[3]!.reproduce).toContain('--max-switches 1 --continue');
  }, 300_000);

  it('fail when the budget is too small to find an expected violation, saying so', async () => {
    const { entries } = loadSuite(SPEC);
    const { entry, modelPath } = entries[2]!;
    const small: SuiteEntry = { ...entry, simulate: { runs: 5, seed: 1, strategy: 'coverage' } };
    const r = await runEntry({ suite: 'simulate', specFile: SPEC, entry: small, modelPath });
    expect(r.passed).toBe(false);
    expect(r.properties.find((p) => p.name === 'NoStaleHit')?.problems).toEqual(['expected a violation, but none was found in 5 runs (seed 1, coverage)']);
    const tooFew: SuiteEntry = { ...entries[3]!.entry, maxSwitches: 0 };
    const b = await runEntry({ suite: 'simulate', specFile: SPEC, entry: tooFew, modelPath: entries[3]!.modelPath });
    expect(b.properties.find((p) => p.name === 'LockedKeyIsCurrent')?.problems).toEqual(['expected a violation, but none was found up to 0 actor switches']);
  }, 120_000);
});
