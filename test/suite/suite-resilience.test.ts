import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli, startCli, waitForFile } from '../cli/run-cli';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-suite-'));
}

const tree = path.join(ROOT, 'test/fixtures/suite-tree');

describe('interleave suite on a folder with unusable specs and entries', () => {
  it('skips node_modules and hidden folders, runs every usable entry, reports the others as ERROR rows, exits 2', () => {
    const out = tmp();
    const r = runCli(['suite', '.', '--out', out, '--jobs', '1'], tree);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/some-test-framework|third-party|cached\\.spec/);
    expect(r.stdout).toMatch(/^ok {5}mixed\/buggy +variant=buggy +violates Small +3 +3 /m);
    expect(r.stdout).toMatch(/^ok {5}mixed\/fixed +variant=fixed +holds +3 +3 /m);
    expect(r.stdout).toMatch(/^ERROR {2}mixed\/misspelt-variant +variant=fixd +error /m);
    expect(r.stdout).toMatch(/^ERROR {2}not-a-suite\/\(spec file\) +error /m);
    expect(r.stdout).toMatch(/2 passed, 4 failed \(4 could not be run: ERROR rows\)/);
    // Each unusable one is a one-paragraph error on stderr, named.
    expect(r.stderr).toMatch(/IL103: mixed\/misspelt-variant: Parameter "variant" of model variant-counter must be one of "buggy", "fixed", but got "fixd"\. Hint: Pass one of them, e\.g\. --param variant=buggy\./);
    expect(r.stderr).toMatch(/IL402: mixed\/unknown-invariant: .*has no invariant or property "Smal"\. Hint: Its properties are: Small/);
    expect(r.stderr).toMatch(/IL402: mixed\/missing-model: .*its model file \.\.\/\.\.\/no-such-model\.ts does not exist/);
    expect(r.stderr).toMatch(/IL401: not-a-suite\/\(spec file\): The default export of spec file specs\/not-a-suite\.spec\.ts is not a suite/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.totals).toMatchObject({ entries: 6, passed: 2, failed: 4, unusable: 4 });
    expect(summary.entries.find((e: { entry: string }) => e.entry === 'misspelt-variant').unusable.code).toBe('IL103');
    expect(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8')).toMatch(/<testcase classname="mixed.misspelt-variant" name="\(run\)" time="0.000">\s*<failure message="IL103: Parameter &quot;variant&quot;/);
  });

  it('the same with worker threads (--jobs 2)', () => {
    const r = runCli(['suite', 'specs', '--out', tmp(), '--jobs', '2', '--json'], tree);
    expect(r.code).toBe(2);
    const summary = JSON.parse(r.stdout);
    expect(summary.entries.map((e: { entry: string; verdict: string; distinctStates: number }) => [e.entry, e.verdict, e.distinctStates])).toEqual([
      ['buggy', 'violation', 3],
      ['misspelt-variant', 'error', 0],
      ['unknown-invariant', 'error', 0],
      ['missing-model', 'error', 0],
      ['fixed', 'ok', 3],
      ['(spec file)', 'error', 0],
    ]);
  });

  it('check --param variant=bogus on a model with paramValues exits 2 naming the allowed values', () => {
    const r = runCli(['check', 'test/fixtures/variant-counter.ts', '--param', 'variant=bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('interleave: error IL103: Parameter "variant" of model variant-counter must be one of "buggy", "fixed", but got "bogus". Hint: Pass one of them, e.g. --param variant=buggy.\n');
  });
});

describe('interleave suite interrupted', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: the entries finished so far are reported and their reports written, exit 130`, async () => {
      const out = tmp();
      const ready = path.join(out, 'ready');
      const run = startCli(['suite', 'test/fixtures/specs-slow', '--out', out, '--jobs', '1'], { INTERLEAVE_TEST_READY: ready });
      // The first run type-checks the spec and its model cold (6 CPU seconds each here): on a loaded machine the
      // entries start minutes after the suite does.
      await waitForFile(ready, run, 240_000);
      await new Promise((r) => setTimeout(r, 500));
      run.signal(signal);
      const r = await run.done;
      expect(r.code).toBe(130);
      expect(r.stdout).toMatch(/^ok +slow\/quick +atomic=true +holds +4 +/m);
      expect(r.stdout).toMatch(/1 passed, 0 failed; interrupted: 2 entries not run or not finished/);
      const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
      expect(summary).toMatchObject({ passed: false, interrupted: { notRun: 2 }, totals: { entries: 1, passed: 1 } });
      expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }, 300_000);
  }
});

describe('a suite entry whose model code does not return', () => {
  it('is stopped past its timeLimit and fails; the entries after it still run (exit 1)', () => {
    const out = tmp();
    const r = runCli(['suite', 'test/fixtures/specs-stuck', '--out', out, '--jobs', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL +stuck\/hangs +stopped +0 +0 +3\.00$/m);
    expect(r.stdout).toMatch(/^ok +stuck\/after +atomic=true +holds +4 +3 /m);
    expect(r.stdout).toMatch(/FAIL stuck\/hangs \(expected: holds\): the run did not stop within 2 s past its time limit of 1 s, so its thread was stopped/);
    expect(r.stdout).toMatch(/reproduce: npx interleave check test\/fixtures\/stuck\/hanging-next\.ts --continue --time-limit 1\n/);
  });
});
