/** `interleave check --workers N` (the built CLI): the same report whatever N, and N validated. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli';

describe('check --workers', () => {
  it('reports the same counts with 1 and 2 workers (TwoPhase RM = 7 runs long enough for threads to start)', () => {
    const run = (workers: string, rm = 7) => {
      const r = runCli(['check', 'models/conformance/two-phase.ts', '--param', `rm=${rm}`, '--workers', workers, '--json', '--no-progress', '--no-typecheck']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const one = run('1');
    const two = run('2');
    expect(one.verdict).toBe('ok');
    expect(two.verdict).toBe('ok');
    for (const key of ['distinctStates', 'generatedStates', 'depth', 'statesPerDepth']) expect(two[key], key).toEqual(one[key]);
    // Successors per action type are the same; which action reached a state first depends on the threads.
    type Coverage = Record<string, { enabled: number; distinct: number }>;
    const enabled = (r: Record<string, unknown>) => Object.entries(r.coverage as Coverage).map(([t, c]) => [t, c.enabled]);
    const found = (r: Record<string, unknown>) => Object.values(r.coverage as Coverage).reduce((n, c) => n + c.distinct, 0);
    expect(enabled(two)).toEqual(enabled(one));
    expect(found(two)).toBe(found(one));
    expect(two.search).toEqual({ strategy: 'parallel-bfs', workers: 2, symmetry: false });
    expect([one.distinctStates, one.generatedStates, one.depth]).toEqual([296_448, 2_744_706, 23]);
    // A search that ends before a level is worth the threads (see workerDelay) starts none.
    expect(run('2', 5).search).toEqual({ strategy: 'bfs', workers: 1, symmetry: false });
  });

  it('refuses a number of workers that is not a whole positive number (IL101, usage exit code)', () => {
    for (const bad of ['0', '1.5', 'many']) {
      const r = runCli(['check', 'models/examples/lost-update.ts', '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('IL101');
    }
  });
});
