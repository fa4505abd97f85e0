import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli, waitForFile } from './run-cli';

describe('interleave validate on SIGINT', () => {
  it('stops between records and reports how far the log agreed (exit 130)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-int-'));
    const log = path.join(dir, 'long.ndjson');
    const ready = path.join(dir, 'ready');
    fs.writeFileSync(log, `${Array.from({ length: 400_000 }, (_, i) => `{"action":{"type":"Inc","task":${i % 3}}}`).join('\n')}\n`);
    const run = startCli(['validate', 'test/fixtures/validate/turns.ts', '--no-typecheck', '--trace', log, '--json'], { INTERLEAVE_TEST_READY: ready });
    await waitForFile(ready, run);
    await new Promise((r) => setTimeout(r, 500));
    run.signal('SIGINT');
    const done = await run.done;
    expect(done.code).toBe(130);
    const json = JSON.parse(done.stdout);
    expect(json.verdict).toBe('interrupted');
    expect(json.records).toBeGreaterThan(0);
    expect(json.records).toBeLessThan(400_000);
    expect(json.matched).toBe(json.records);
  }, 60_000);

  it('stops a thread stuck in model code after the grace period and reports the counts last posted (exit 130)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-hang-'));
    const ready = path.join(dir, 'ready');
    const run = startCli(['validate', 'test/fixtures/validate/hang.ts', '--no-typecheck', '--trace', 'test/fixtures/validate/hang.ndjson', '--json'], { INTERLEAVE_TEST_READY: ready });
    await waitForFile(ready, run);
    await new Promise((r) => setTimeout(r, 500));
    run.signal('SIGINT');
    const done = await run.done;
    expect(done.code).toBe(130);
    expect(JSON.parse(done.stdout)).toMatchObject({ model: 'hang', verdict: 'interrupted', records: 0, matched: 0 });
  }, 60_000);
});
