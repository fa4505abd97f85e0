import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check, defineModel, type CheckResult } from 'interleave';
import twoPhase from '../../models/conformance/two-phase';
import lostUpdate from '../../models/examples/lost-update';
import { breadthFirstSearch } from '../../src/search/bfs/bfs';
import { resolveOptions } from '../../src/check/options';
import type { AnyModel } from '../../src/model/types';

/** TwoPhase where the TM may commit before every RM prepared: TCConsistent breaks. */
const brokenTwoPhase = defineModel({
  ...twoPhase,
  name: 'TwoPhase-early-commit',
  next: (s, a, p) =>
    a.type === 'TMCommit' && s.tmState === 'init'
      ? { ...s, tmState: 'committed' as const, msgs: new Set([...s.msgs, { type: 'Commit' as const }]) }
      : twoPhase.next(s, a, p),
});

function summary(r: CheckResult): unknown {
  return {
    verdict: r.verdict,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.depth,
    perDepth: r.statesPerDepth,
    coverage: r.coverage,
    violations: r.violations.map((v) => ({ kind: v.kind, name: v.name, trace: v.trace })),
  };
}

describe('memoryMb', () => {
  it('gives the same counts with a 32 KB frontier budget, spilling to the given folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-test-'));
    try {
      const free = check(twoPhase, { params: { rm: 5 } });
      const tight = check(twoPhase, { params: { rm: 5 }, memoryMb: 1 / 32, spillDir: dir });
      expect([tight.verdict, tight.distinctStates, tight.generatedStates, tight.depth]).toEqual(['ok', 8_832, 58_146, 17]);
      expect(summary(tight)).toEqual(summary(free));
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same shortest traces, with Sets in the states, and with continue', () => {
    const free = check(brokenTwoPhase, { params: { rm: 4 }, continue: true });
    const tight = check(brokenTwoPhase, { params: { rm: 4 }, continue: true, memoryMb: 1 / 64 });
    expect(free.verdict).toBe('violation');
    expect(free.violations.map((v) => [v.name, v.trace.map((t) => t.action?.type ?? null)])).toEqual([
      ['TCConsistent', [null, 'TMCommit', 'RMChooseToAbort', 'RMRcvCommitMsg']],
    ]);
    expect(summary(tight)).toEqual(summary(free));

    const race = check(lostUpdate, { continue: true });
    expect(summary(check(lostUpdate, { continue: true, memoryMb: 1 / 64 }))).toEqual(summary(race));
  });

  it('writes frontier levels to disk only beyond the budget', () => {
    const plan = { invariants: Object.entries(twoPhase.invariants), actionInvariants: [], reachable: [], deadlock: true } as const;
    const search = (memoryMb?: number) =>
      breadthFirstSearch(twoPhase as unknown as AnyModel, { rm: 5 }, plan, resolveOptions(memoryMb === undefined ? {} : { memoryMb }));
    const tight = search(1 / 32);
    expect(tight.spilledBytes).toBeGreaterThan(0);
    expect(tight.store.size).toBe(8_832);
    expect(search(16).spilledBytes).toBe(0);
    expect(search().spilledBytes).toBe(0);
  });

  it('rejects a budget that is not a positive number', () => {
    expect(() => check(lostUpdate, { memoryMb: 0 })).toThrow(expect.objectContaining({ code: 'IL101' }));
  });
});
