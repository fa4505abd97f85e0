import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli, startCli, waitForFile } from './run-cli';

const LOST_UPDATE = 'models/examples/lost-update.ts';

describe('check --strategy dfs', () => {
  it('finds the violation depth-first and says that its counterexamples are not shortest', () => {
    const r = runCli(['check', LOST_UPDATE, '--strategy', 'dfs', '--no-progress', '--no-typecheck']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Verdict: VIOLATION \(NoLostUpdate\)\nStates: 8 distinct, 8 generated, depth 5;/);
    expect(r.stdout).toContain('Search: depth-first, one thread; depth is the longest path explored and counterexamples are not shortest ones (--strategy bfs finds shortest)');
    expect(r.stdout).toContain('Invariant NoLostUpdate is violated (5 states):');
    expect(r.stdout).toContain('Reproduce: npx interleave check models/examples/lost-update.ts --param tasks=2 --param atomic=false --strategy dfs\n');
  });

  it('--json carries search.strategy dfs, on one thread by default', () => {
    const r = runCli(['check', LOST_UPDATE, '--strategy', 'dfs', '--json', '--continue']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Record<string, any>;
    expect(json.search).toEqual({ strategy: 'dfs', workers: 1, symmetry: false });
    // --continue explores every state: the breadth-first counts (13 distinct, 15 generated).
    expect([json.distinctStates, json.generatedStates, json.depth]).toEqual([13, 15, 5]);
    expect(json.violations.map((v: { name: string; trace: unknown[] }) => [v.name, v.trace.length])).toEqual([['NoLostUpdate', 5]]);
    const bfs = JSON.parse(runCli(['check', LOST_UPDATE, '--json', '--continue']).stdout) as Record<string, any>;
    expect([bfs.distinctStates, bfs.generatedStates, bfs.search.strategy]).toEqual([13, 15, 'bfs']);
  });

  it('refuses what it cannot do with a coded error, exit 2, before the search', () => {
    const refused = (...args: string[]) => {
      const r = runCli(['check', LOST_UPDATE, '--no-progress', ...args]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      return [r.code, r.stderr.trim()];
    };
    expect(refused('--strategy', 'deep')).toEqual([2, 'interleave: error IL101: Option strategy (--strategy) must be "bfs" or "dfs", got "deep". Hint: bfs (the default) finds shortest counterexamples; dfs finds deep ones with less memory.']);
    expect(refused('--strategy', 'dfs', '--workers', '2')).toEqual([
      2,
      'interleave: error IL101: Strategy dfs (--strategy dfs) runs on one thread, but workers (--workers) is 2. Hint: Drop --workers (or pass --workers 1), or use --strategy bfs to share the search out between threads.',
    ]);
    expect(refused('--strategy', 'dfs', '--memory', '10')[1]).toMatch(/^interleave: error IL101: Strategy dfs \(--strategy dfs\) keeps no frontier to spill/);
    expect(refused('--strategy', 'dfs', '--fewest-switches')[1]).toMatch(/^interleave: error IL101: --fewest-switches is a breadth-first search of its own and cannot be combined with --strategy dfs\./);
    expect(refused('--strategy', 'dfs', '--max-switches', '1')[1]).toMatch(/^interleave: error IL101: --max-switches is a breadth-first search/);
  });

  it('refuses temporal properties naming --strategy bfs, and checks the others when they are selected', () => {
    const model = 'models/alloc/replay-allocator-stuck.ts';
    const r = runCli(['check', model, '--strategy', 'dfs', '--no-progress', '--no-typecheck']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('IL101: Strategy dfs (--strategy dfs) does not check temporal properties, and model alloc/replay-allocator-stuck has "ReplayEventuallyCompletes" to check');
    expect(r.stderr).toContain('Hint: Check them with --strategy bfs (the default), or check only the other properties with dfs: --invariant NoDiscardOfOpenBucket (option invariants).');
    const safety = runCli(['check', model, '--strategy', 'dfs', '--invariant', 'NoDiscardOfOpenBucket', '--no-progress', '--no-typecheck']);
    expect(safety.code).toBe(1);
    expect(safety.stdout).toMatch(/Verdict: DEADLOCK \(Deadlock\)\nStates: 9 distinct, 9 generated, depth 9;/);
  });

  it('--time-limit ends a run whose next() never returns, naming the action and the path to its state', () => {
    const r = runCli(['check', 'test/fixtures/stuck/hanging-next.ts', '--strategy', 'dfs', '--time-limit', '1', '--no-typecheck', '--json']);
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout) as Record<string, any>;
    expect(json).toMatchObject({ verdict: 'incomplete', reason: 'time-limit', search: { strategy: 'dfs' }, notReturned: { call: 'next', action: { type: 'Spin', actor: 'spinner' } } });
    // Depth-first: IncX as far as it goes (x = 5), then Spin there.
    expect(json.notReturned.trace.map((s: { state: { x: number } }) => s.state.x)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(json.distinctStates).toBe(6);
    expect(json.reproduce).toBe('npx interleave check test/fixtures/stuck/hanging-next.ts --param limit=3 --time-limit 1 --strategy dfs');
  });

  it('--max-states stops with exactly that many states', () => {
    const r = runCli(['check', 'test/fixtures/stuck/slow-count.ts', '--strategy', 'dfs', '--max-states', '100', '--no-typecheck', '--json']);
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout) as Record<string, any>;
    expect([json.verdict, json.reason, json.distinctStates, json.search.strategy]).toEqual(['incomplete', 'max-states', 100, 'dfs']);
  });

  it('SIGINT prints the partial result (interrupted, exit 130)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-dfs-'));
    const ready = path.join(dir, 'ready');
    const run = startCli(['check', 'test/fixtures/stuck/slow-count.ts', '--strategy', 'dfs', '--json', '--no-typecheck'], { INTERLEAVE_TEST_READY: ready });
    await waitForFile(ready, run);
    await new Promise((r) => setTimeout(r, 1500));
    run.signal('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    const json = JSON.parse(r.stdout) as Record<string, any>;
    expect(json).toMatchObject({ verdict: 'incomplete', reason: 'interrupted', model: 'slow-count', search: { strategy: 'dfs', workers: 1 } });
    expect(json.distinctStates).toBeGreaterThan(1);
    expect(json.notReturned).toBeUndefined();
    expect(json.reproduce).toBe('npx interleave check test/fixtures/stuck/slow-count.ts --param bits=20 --strategy dfs');
  }, 120_000);
});

describe("suite entries with strategy: 'dfs'", () => {
  it('run depth-first: their pinned traces are the depth-first ones, and the reproduce line says --strategy dfs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-dfs-suite-'));
    const model = JSON.stringify(path.join(ROOT, 'models/alloc/early-bucket-race.ts'));
    const race = `model: ${model}, params: { variant: 'buggy', code: '2023' }, strategy: 'dfs', expect: { NoDoubleAllocation: 'violated', LockedKeyIsCurrent: 'violated' }`;
    const spec = path.join(dir, 'dfs.spec.ts');
    fs.writeFileSync(
      spec,
      `import { defineSuite } from 'interleave';
export default defineSuite({ name: 'dfs', entries: [
  { name: 'race depth-first', ${race}, traces: { NoDoubleAllocation: { length: 12 }, LockedKeyIsCurrent: { length: 8 } } },
  { name: 'race pinned shortest', ${race}, traces: { NoDoubleAllocation: { length: 10 } } },
  { name: 'typo', model: ${model}, strategy: 'deep' as 'dfs', expect: {} },
] });
`,
    );
    const r = runCli(['suite', spec, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/ok {5}dfs\/race depth-first /);
    expect(r.stdout).toContain('FAIL dfs/race pinned shortest (expected: violates NoDoubleAllocation, LockedKeyIsCurrent): NoDoubleAllocation: the counterexample has 12 states, the entry pins 10');
    expect(r.stdout).toContain('--param buckets=2 --continue --strategy dfs\n');
    expect(r.stdout).toContain('IL402: Spec file ' + spec + ', entry 3 ("typo"): strategy must be "bfs" or "dfs", not "deep".');
  });
});
