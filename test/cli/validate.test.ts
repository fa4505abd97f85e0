import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const MODEL = 'models/examples/lost-update.ts';
const FIX = 'test/fixtures/validate';
const validate = (...args: string[]) => runCli(['validate', MODEL, '--no-typecheck', ...args]);

describe('interleave validate', () => {
  it('accepts a log of the race (exit 0) and writes the matching trace labelled by log line', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
    const r = validate('--trace', `${FIX}/lost-update-race.ndjson`, '--json', '--out', out);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ model: 'lost-update', params: { tasks: 2, atomic: false }, verdict: 'ok', records: 4, matched: 4, silentSteps: 0 });
    expect(JSON.parse(fs.readFileSync(path.join(out, 'result.json'), 'utf8')).verdict).toBe('ok');
    const html = fs.readFileSync(path.join(out, 'match', 'index.html'), 'utf8');
    expect(html).toContain('line 3: Write(task=0)');
    expect(fs.existsSync(path.join(out, 'match', 'trace.json'))).toBe(true);
  });

  it('points at the record whose observed value disagrees (exit 1)', () => {
    const r = validate('--trace', `${FIX}/lost-update-wrong-value.ndjson`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Verdict: divergence at line 4 of test/fixtures/validate/lost-update-wrong-value.ndjson');
    expect(r.stdout).toContain('Write(task=1) leads to counter = 1 (the log says 2)');
    const j = JSON.parse(validate('--trace', `${FIX}/lost-update-wrong-value.ndjson`, '--json').stdout);
    expect([j.verdict, j.divergence.line, j.matched, j.divergence.candidates.length]).toEqual(['divergence', 4, 3, 1]);
    expect(j.divergence.record).toEqual({ action: { type: 'Write', task: 1 }, state: { counter: 2 } });
  });

  it('validates the allocator implementation log with its mapping, and needs --max-silent for an unlogged lookup', () => {
    const args = ['validate', 'models/alloc/early-bucket-race.ts', '--no-typecheck', '--trace', "examples/alloc-impl/logs/fixed.txt", '--format', 'ftrace', '--map', 'examples/alloc-impl/mapping.ts', '--param', 'variant=cached-iter', '--json'];
    const ok = runCli(args);
    expect([ok.code, JSON.parse(ok.stdout).matched]).toEqual([0, 12]);
    // Drop one key-cache lookup from the log.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
    const lines = fs.readFileSync("examples/alloc-impl/logs/fixed.txt", 'utf8').split('\n');
    const dropped = lines.findIndex((l) => l.includes('alloc_cached_lookup'));
    const gappy = path.join(dir, 'gappy.txt');
    fs.writeFileSync(gappy, lines.filter((_, i) => i !== dropped).join('\n'));
    args[4] = gappy;
    const strict = runCli(args);
    expect([strict.code, JSON.parse(strict.stdout).divergence.line]).toEqual([1, dropped + 1]);
    const lenient = runCli([...args, '--max-silent', '1']);
    expect([lenient.code, JSON.parse(lenient.stdout).silentSteps]).toEqual([0, 1]);
  });

  it('reports bad input as coded errors naming the line (exit 2)', () => {
    const missing = validate('--trace', `${FIX}/no-such.ndjson`);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('IL501')]);
    const malformed = validate('--trace', `${FIX}/malformed.ndjson`);
    expect([malformed.code, malformed.stderr]).toEqual([2, expect.stringContaining('IL502')]);
    expect(malformed.stderr).toContain('Line 2 of the log');
    const badPath = validate('--trace', `${FIX}/bad-path.ndjson`);
    expect([badPath.code, badPath.stderr]).toEqual([2, expect.stringContaining('IL503')]);
    expect(badPath.stderr).toContain('has no "tasks.0.pcx"');
    const throwing = validate('--trace', `${FIX}/lost-update-race.ndjson`, '--map', `${FIX}/throwing-mapping.ts`, '--json');
    expect(throwing.code).toBe(2);
    expect(JSON.parse(throwing.stdout)).toMatchObject({ verdict: 'error', error: { code: 'IL504' } });
    expect(throwing.stderr).toContain('threw on line 2');
  });
});
