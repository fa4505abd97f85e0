import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, startCli, waitForFile } from './run-cli';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-trust-'));
}

/** No stack trace reaches the user. */
function noStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
}

describe('--time-limit holds when the model does not return', () => {
  it('ends a run whose next() never returns: incomplete, time-limit, counts so far, the action, exit 4', () => {
    const started = Date.now();
    const r = runCli(['check', 'test/fixtures/stuck/hanging-next.ts', '--time-limit', '1', '--workers', '1', '--no-typecheck']);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/Verdict: INCOMPLETE \(stopped at time-limit; no violation found so far\)/);
    // Levels 1-4: (0,0); (1,0) (0,1); (2,0) (1,1) (0,2); (3,0) (2,1) (1,2). The first state of level 4 hangs in
    // Spin before its IncX successor is stored (a batch of successors is computed before any is stored). No
    // progress report came before the hang, so generated is given as the distinct count (a lower bound).
    expect(r.stdout).toMatch(/States: 9 distinct, 9 generated, depth 4;/);
    expect(r.stdout).toMatch(/The search did not stop in time, so its thread was stopped: the model's next\(\) was running for action Spin \[spinner\] from the last state below\./);
    expect(r.stdout).toMatch(/3 {2}IncX\(by=1\)\n\s+x: 2 -> 3\n/);
    noStack(r.stdout + r.stderr);
  });

  it('--json carries reason time-limit, the counts and the action that did not return', () => {
    const r = runCli(['check', 'test/fixtures/stuck/hanging-next.ts', '--time-limit', '1', '--workers', '1', '--no-typecheck', '--json']);
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout) as Record<string, any>;
    expect(json.verdict).toBe('incomplete');
    expect(json.reason).toBe('time-limit');
    expect(json.notReturned.call).toBe('next');
    expect(json.notReturned.action).toEqual({ type: 'Spin', actor: 'spinner' });
    expect(json.notReturned.trace.map((s: { state: unknown }) => s.state)).toEqual([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 2, y: 0 }, { x: 3, y: 0 }]);
    expect(json.depth).toBe(4);
    expect(json.distinctStates).toBe(9);
    expect(json.reproduce).toMatch(/--time-limit 1$/);
  });

  it('with worker threads too (the hang is on the search thread while levels are small)', () => {
    const r = runCli(['check', 'test/fixtures/stuck/hanging-next.ts', '--time-limit', '1', '--workers', '2', '--no-typecheck']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/next\(\) was running for action Spin \[spinner\]/);
  });
});

describe('SIGINT and SIGTERM: the partial report, exit 130', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} prints the --json object with verdict incomplete, reason interrupted, counts so far and the reproduce line`, async () => {
      const dir = tmp();
      const ready = path.join(dir, 'ready');
      const out = path.join(dir, 'out');
      const run = startCli(['check', 'test/fixtures/stuck/slow-count.ts', '--json', '--workers', '1', '--no-typecheck', '--out', out], { INTERLEAVE_TEST_READY: ready });
      await waitForFile(ready, run);
      await new Promise((r) => setTimeout(r, 1500));
      run.signal(signal);
      const r = await run.done;
      expect(r.code).toBe(130);
      const json = JSON.parse(r.stdout) as Record<string, any>;
      expect(json).toMatchObject({ verdict: 'incomplete', reason: 'interrupted', model: 'slow-count' });
      expect(json.distinctStates).toBeGreaterThan(1);
      expect(json.generatedStates).toBeGreaterThan(json.distinctStates);
      expect(json.statesPerDepth.length).toBeGreaterThan(0);
      expect(json.notReturned).toBeUndefined();
      expect(json.reproduce).toBe('npx interleave check test/fixtures/stuck/slow-count.ts --param bits=20');
      // --out: the files are complete (result.json parses to the same object) and no temp file is left.
      expect(JSON.parse(fs.readFileSync(path.join(out, 'result.json'), 'utf8')).distinctStates).toBe(json.distinctStates);
      expect(fs.readdirSync(out)).toEqual(['result.json']);
      noStack(r.stderr);
    }, 120_000);
  }

  it('the human report says interrupted and gives counts', async () => {
    const dir = tmp();
    const ready = path.join(dir, 'ready');
    const run = startCli(['check', 'test/fixtures/stuck/slow-count.ts', '--workers', '1', '--no-typecheck'], { INTERLEAVE_TEST_READY: ready });
    await waitForFile(ready, run);
    await new Promise((r) => setTimeout(r, 1500));
    run.signal('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/Verdict: INCOMPLETE \(interrupted; no violation found so far\)/);
    expect(r.stdout).toMatch(/States: [\d,]+ distinct, [\d,]+ generated, depth \d+/);
    expect(r.stdout).toMatch(/Reproduce: npx interleave check test\/fixtures\/stuck\/slow-count\.ts --param bits=20\n/);
  }, 120_000);

  it('a run stuck in next() is stopped after the grace period and reported as interrupted with the action', async () => {
    const run = startCli(['check', 'test/fixtures/stuck/hanging-next.ts', '--json', '--workers', '1', '--no-typecheck']);
    await new Promise((r) => setTimeout(r, 4000));
    run.signal('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(130);
    const json = JSON.parse(r.stdout) as Record<string, any>;
    expect(json).toMatchObject({ verdict: 'incomplete', reason: 'interrupted', notReturned: { call: 'next', action: { type: 'Spin', actor: 'spinner' } } });
  }, 120_000);
});

describe('a depth that keeps growing with nothing to bound it', () => {
  const run = (...more: string[]) => runCli(['check', 'test/fixtures/stuck/unbounded-counter.ts', '--time-limit', '2', '--workers', '1', '--no-typecheck', ...more]);

  it('gets one hint with the progress, naming --max-depth, a constraint and --no-warnings', () => {
    const r = run();
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/Verdict: INCOMPLETE \(stopped at time-limit/);
    const hints = r.stderr.match(/interleave: hint: depth [\d,]+ and still growing, with no --max-depth and no constraint in the model\. .*bound it with --max-depth N or a `constraint` in the model\. If the depth is intended, --no-warnings silences this hint\./g);
    expect(hints).toHaveLength(1);
  });

  it('none with --no-warnings or --max-depth', () => {
    expect(run('--no-warnings').stderr).not.toMatch(/hint/);
    const bounded = run('--max-depth', '100000000');
    expect(bounded.stderr).not.toMatch(/hint/);
  });
});
