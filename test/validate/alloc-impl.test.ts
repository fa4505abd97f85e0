import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from './validate-helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL = path.join(ROOT, 'models/alloc/early-bucket-race.ts');
const MAP = path.join(ROOT, 'examples/alloc-impl/mapping.ts');
const LOGS = path.join(ROOT, 'examples/alloc-impl/logs');
const ftrace = (variant: string, maxSilent = 0) => ({ format: 'ftrace' as const, map: MAP, params: { variant }, maxSilent });

/** Runs the worker-thread allocator and returns its ftrace log's path. */
function runImpl(variant: 'fixed' | 'buggy', dir: string, name: string, extra: string[] = []): string {
  const out = path.join(dir, name);
  execFileSync(process.execPath, [path.join(ROOT, 'examples/alloc-impl/run.mjs'), '--variant', variant, '--out', out, ...extra], { stdio: 'pipe', timeout: 120_000 });
  return out;
}

const linesOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n');
/** 1-based line of the first line matching `re`. */
const lineOf = (file: string, re: RegExp, nth = 1): number => {
  let seen = 0;
  const i = linesOf(file).findIndex((l) => re.test(l) && ++seen === nth);
  return i + 1;
};

describe('logs of the worker-thread allocator (examples/alloc-impl) against models/alloc/early-bucket-race.ts', () => {
  it('recorded logs: the fixed implementation follows cached-iter; the race run follows buggy and not cached-iter', async () => {
    const fixed = path.join(LOGS, 'fixed.txt');
    const race = path.join(LOGS, 'buggy-race.txt');
    const retry = path.join(LOGS, 'buggy-race-retry.txt');
    expect((await validateFile(MODEL, fixed, ftrace('cached-iter'))).verdict).toBe('ok');
    for (const log of [race, retry]) {
      const r = await validateFile(MODEL, log, ftrace('buggy'));
      expect([r.verdict, r.matched, r.records]).toEqual(['ok', r.records, linesOf(log).filter((l) => l.includes(': ') && !l.startsWith('#')).length]);
    }
    // The buggy code logs no key-cache lookup: the fixed model cannot open a bucket without one.
    const strict = await validateFile(MODEL, race, ftrace('cached-iter'));
    expect([strict.verdict, strict.divergence?.line]).toEqual(['divergence', 5]);
    expect(strict.divergence?.candidates[0]?.missingFields).toEqual(['type="open_bucket"']);
    // Allowing the lookup as an unlogged step: task 2's alloc key update (line 8) is where the fix differs. With the
    // fix, task 1's scan of bucket 0 (line 7) finds the key-cache entry task 2's lookup filled and keeps it locked,
    // so task 2 cannot update the key under it.
    const lenient = await validateFile(MODEL, race, ftrace('cached-iter', 1));
    expect([lenient.verdict, lenient.divergence?.line, lenient.matched, lenient.silentSteps]).toEqual(['divergence', 8, 4, 1]);
    expect(linesOf(race)[7]).toContain('alloc_key_update: 254,0 task 2 bucket 0');
    expect(lenient.divergence?.candidates.map((c) => [c.enabled, c.missingFields])).toEqual([[['lookup_cached(task=1)'], ['type="update_alloc_key"', 'task=2']]]);
    const lenientRetry = await validateFile(MODEL, retry, ftrace('cached-iter', 1));
    expect([lenientRetry.divergence?.line, lenientRetry.divergence?.consistent]).toEqual([10, 2]);
  });

  it('live runs: fixed logs validate against cached-iter; a run until the race validates against buggy and diverges from cached-iter', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloc-impl-'));
    for (let i = 0; i < 3; i++) {
      const log = runImpl('fixed', dir, `fixed-${i}.txt`, i === 2 ? ['--per-cpu'] : []);
      const r = await validateFile(MODEL, log, ftrace('cached-iter'));
      expect(r.verdict).toBe('ok');
      expect(r.matched).toBeGreaterThanOrEqual(12);
    }
    const log = runImpl('buggy', dir, 'race.txt', ['--until-race']);
    expect((await validateFile(MODEL, log, ftrace('buggy'))).verdict).toBe('ok');
    const strict = await validateFile(MODEL, log, ftrace('cached-iter'));
    expect(strict.divergence?.line).toBe(lineOf(log, /open_bucket_alloc/));
    // With the lookup unlogged, the fixed model gives out at the latest where the second write opens the bucket
    // the first one used (the seed's double allocation).
    const lenient = await validateFile(MODEL, log, ftrace('cached-iter', 1));
    const racing = lineOf(log, / ret 0$/, 2);
    expect(lenient.verdict).toBe('divergence');
    expect(lenient.divergence!.line).toBeLessThanOrEqual(racing);
    expect(lenient.divergence!.line).toBeGreaterThan(strict.divergence!.line);
    expect((lenient.divergence!.record as { event: string }).event).toMatch(/^(alloc_key_update|open_bucket_alloc)$/);
  }, 120_000);
});
