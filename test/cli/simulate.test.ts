import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const LOST = 'models/examples/lost-update.ts';
const KEYCACHE = 'models/keycache/flush-coherency.ts';
const JOURNAL = 'models/journal/fsync-error-race.ts';
const quick = ['--no-typecheck', '--no-progress'];

function timeless(json: string): unknown {
  return JSON.parse(json, (k, v: unknown) => (['durationMs', 'elapsedMs'].includes(k) ? undefined : v));
}

describe('interleave simulate (CLI)', () => {
  it('refuses bad input with IL101 and exit 2', () => {
    const cases: [string[], string][] = [
      [['--strategy', 'dfs'], '--strategy must be one of random, pct, coverage, got "dfs"'],
      [['--swarm', '4', '--shard', '3/2'], '--shard expects i/n with 1 <= i <= n (shard i of n), got "3/2"'],
      [['--depth', '0'], '--depth expects a whole number of at least 1, got "0"'],
      [['--seed', 'abc'], '--seed expects a whole number (0 to 2^53-1), got "abc"'],
      [['--shard', '1/2'], '--shard splits a swarm: give --swarm N too'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['simulate', LOST, ...args, ...quick]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error IL101: ${message}`);
      expect(r.stdout).toBe('');
    }
  });

  it('finds the lost update with the default (coverage) strategy, says how to replay it, and the replay finds it again', () => {
    const r = runCli(['simulate', LOST, '--seed', '5', '--runs', '100', ...quick]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Verdict: VIOLATION (NoLostUpdate) in 1 runs, 4 steps');
    expect(r.stdout).toContain('Invariant NoLostUpdate is violated (5 states)');
    const replay = /Replay: npx interleave (.*)/.exec(r.stdout)?.[1];
    expect(replay).toBe(`simulate ${LOST} --param tasks=2 --param atomic=false --seed 5 --strategy coverage --depth 200 --runs 1`);
    const again = runCli([...(replay as string).split(' '), ...quick]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Verdict: VIOLATION (NoLostUpdate) in 1 runs, 4 steps');
  });

  it('says that nothing was proven when nothing was found; the same seed gives the same JSON report', () => {
    const args = ['simulate', LOST, '--param', 'atomic=true', '--seed', '9', '--runs', '50', '--strategy', 'pct', ...quick];
    const human = runCli(args);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Verdict: OK: no violation found in 50 runs, 100 steps (a simulation proves nothing');
    expect(human.stdout).toContain('Reachable AllDone: witnessed');
    const a = runCli([...args, '--json']);
    const b = runCli([...args, '--json', '--workers', '2']);
    expect(timeless(b.stdout)).toEqual(timeless(a.stdout));
    const json = JSON.parse(a.stdout) as { seed: number; strategy: string; pctDepth: number; runs: number; coverage: { distinctStates: number } };
    expect([json.seed, json.strategy, json.pctDepth, json.runs, json.coverage.distinctStates]).toEqual([9, 'pct', 3, 50, 4]);
  });

  it('runs shards of a swarm that merge into one report', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-merge-'));
    const common = ['simulate', KEYCACHE, '-p', 'variant=buggy', '-p', 'faults=true', '--seed', '3', '--swarm', '4', '--runs', '20', '--json', ...quick];
    const files = ['1/2', '2/2'].map((shard, i) => {
      const r = runCli([...common, '--shard', shard]);
      expect(r.code).toBe(1);
      const file = path.join(dir, `shard${i + 1}.json`);
      fs.writeFileSync(file, r.stdout);
      return file;
    });
    const merged = runCli(['merge', ...files, '--json']);
    expect(merged.code).toBe(1);
    const whole = runCli(common);
    const strip = (text: string): unknown =>
      JSON.parse(text, (k, v: unknown) => (['durationMs', 'elapsedMs', 'reproduce', 'shard', 'merged', 'file'].includes(k) ? undefined : v));
    expect(strip(merged.stdout)).toEqual(strip(whole.stdout));
    const human = runCli(['merge', ...files]);
    expect(human.stdout).toContain('swarm of 4 configurations');
    const twice = runCli(['merge', files[0] as string, files[0] as string]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('error IL105');
  }, 120_000);
});

describe('interleave check --fewest-switches / --max-switches (CLI)', () => {
  it('reports a shortest counterexample with the fewest switches, and what finishing its level cost', () => {
    const r = runCli(['check', JOURNAL, '-p', 'variant=early-return', '--fewest-switches', ...quick]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Fewest switches for ErrorSeenOncePerFd: 2 actor switches in 16 states (the first counterexample found had 4).');
    expect(r.stdout).toContain('To finish the level of the first counterexample, the search expanded 3 more states and skipped 18 that could not do better.');
    expect(r.stdout).toContain('--fewest-switches');
    const json = JSON.parse(runCli(['check', JOURNAL, '-p', 'variant=early-return', '--fewest-switches', '--json', ...quick]).stdout) as {
      search: unknown;
      violations: { name: string; switches: unknown; trace: unknown[] }[];
    };
    expect(json.search).toEqual({ strategy: 'bfs', workers: 1, symmetry: false, fewestSwitches: { method: 'search', exact: true, expandedAfterFirst: 3, skippedAfterFirst: 18 } });
    expect(json.violations.map((v) => [v.name, v.switches, v.trace.length])).toEqual([['ErrorSeenOncePerFd', { fewest: 2, firstFound: 4 }, 16]]);
    // With --continue, every property's counterexample; --workers 2 is not used (a warning says so).
    const all = runCli(['check', KEYCACHE, '-p', 'variant=buggy', '-p', 'faults=true', '--continue', '--fewest-switches', '--workers', '2', ...quick]);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('Fewest switches for NoFlushAfterTopologyError: 3 actor switches in 6 states (the first counterexample found had 3).');
    expect(all.stdout).toContain('The fewest-switches search ran on one thread (workers: 2 was not used)');
    expect(all.stdout).toContain('--continue --fewest-switches');
  });

  it('holds up to 1 switch and is violated within 2 on the lost update', () => {
    const one = runCli(['check', LOST, '--max-switches', '1', ...quick]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Verdict: OK up to 1 actor switches');
    const two = runCli(['check', LOST, '--max-switches', '2', ...quick]);
    expect(two.code).toBe(1);
    expect(two.stdout).toContain('Verdict: VIOLATION (NoLostUpdate) within 2 actor switches');
    expect(runCli(['check', LOST, '--max-switches', '-1', ...quick]).code).toBe(2);
  });
});
