import { describe, expect, it } from 'vitest';
import { createDevice, defineModel, submit, withCrashes, type Device } from '../../src/index';
import { simulate } from '../../src/search/simulate/simulate';
import type { Strategy } from '../../src/search/simulate/types';

/**
 * A writer submits one write per step to its own sector and never waits for them: after k steps a state has 2^k
 * crash outcomes (every subset of the writes in flight may have landed) and one other successor. `Finished` is
 * violated after the tenth step, so a run must take ten steps without a crash; `NoLateCrash` by a crash after the
 * eighth or ninth write, with one of its 2^8 or 2^9 outcomes.
 */
interface S {
  readonly disk: Device;
  readonly pc: number;
  readonly crashedAt: number | null;
}
const STEPS = 10;
const writer = withCrashes(
  defineModel<S, { type: 'write'; actor: 'writer' }, Record<string, never>>({
    name: 'many-writes',
    params: {},
    init: () => [{ disk: createDevice(STEPS), pc: 0, crashedAt: null }],
    actions: (s) => (s.pc < STEPS && s.crashedAt === null ? [{ type: 'write', actor: 'writer' }] : []),
    next: (s) => ({ ...s, disk: submit(s.disk, { id: `w${s.pc}`, sector: s.pc, data: [s.pc] }), pc: s.pc + 1 }),
    invariants: { Finished: (s) => s.pc < STEPS },
    terminal: () => true,
  }),
  {
    devices: (s) => ({ disk: s.disk }),
    recover: (images, before) => ({ disk: { sectors: images.disk ?? [], cache: [] }, pc: before.pc, crashedAt: before.pc }),
    // A crash once the writes are all submitted is forced (nothing else is enabled) and does not count.
    afterCrash: { NoLateCrash: (s) => s.crashedAt === null || s.crashedAt < 8 || s.crashedAt === STEPS },
  },
);

async function runsToFind(name: string, strategy: Strategy): Promise<number | undefined> {
  const r = await simulate(writer, { invariants: [name], deadlock: false, seed: 1, runs: 200, depth: 50, strategy, pctDepth: 3, workers: 1, shrink: false, continue: false });
  return r.violations[0]?.runsUntil;
}

describe('crash points', () => {
  // Uniform over successors, ten crash-free steps have probability prod 1/(1 + 2^k) < 2^-44 per run.
  it('reach a bug behind ten crash-free steps where crashes are nearly every successor', async () => {
    expect(await runsToFind('Finished', 'random')).toBe(1);
    expect(await runsToFind('Finished', 'pct')).toBe(1);
    expect(await runsToFind('Finished', 'coverage')).toBe(1);
  });

  // A crash point lands at step 9 or 10 of the 11 a crash-free run takes in about 1 run in 11 (1/2 * 2/11).
  it('reach a bug that needs a crash late in the run', async () => {
    expect(await runsToFind('NoLateCrash', 'random')).toBe(9);
    expect(await runsToFind('NoLateCrash', 'coverage')).toBe(9);
  });
});
