import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

// Not about the type check (six CPU seconds per model file when cold): --no-typecheck.
const json = (args: string[]) => {
  const r = runCli([...args, '--json', '--no-progress', '--no-typecheck']);
  return { code: r.code, result: JSON.parse(r.stdout) as { distinctStates: number; generatedStates: number; depth: number; search: unknown; spilledBytes: number } };
};

describe('interleave check search options', () => {
  it('a model with a symmetry hook counts classes; --no-symmetry counts every state', () => {
    const reduced = json(['check', 'test/fixtures/symmetric-flags.ts']);
    expect(reduced.code).toBe(0);
    expect([reduced.result.distinctStates, reduced.result.depth]).toEqual([5, 5]);
    // Levels this small stay on the calling thread.
    expect(reduced.result.search).toEqual({ strategy: 'bfs', workers: 1, symmetry: true });
    const full = json(['check', 'test/fixtures/symmetric-flags.ts', '--no-symmetry', '--workers', '1']);
    expect([full.result.distinctStates, full.result.depth]).toEqual([16, 5]);
    expect(full.result.search).toEqual({ strategy: 'bfs', workers: 1, symmetry: false });
    expect(runCli(['check', 'test/fixtures/symmetric-flags.ts', '--no-typecheck']).stdout).toMatch(/Search: one thread, states identified up to the model's symmetry/);
  });

  it('--memory spills the frontier to --spill-dir and gives the same counts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-spill-'));
    const plain = json(['check', 'models/conformance/two-phase.ts', '--param', 'rm=4', '--workers', '1']);
    const spilled = json(['check', 'models/conformance/two-phase.ts', '--param', 'rm=4', '--memory', '0.01', '--spill-dir', dir]);
    expect(spilled.code).toBe(0);
    expect([spilled.result.distinctStates, spilled.result.generatedStates, spilled.result.depth]).toEqual([plain.result.distinctStates, plain.result.generatedStates, plain.result.depth]);
    expect(plain.result.distinctStates).toBe(1_568);
    expect(plain.result.spilledBytes).toBe(0);
    expect(spilled.result.spilledBytes).toBeGreaterThan(0);
    expect(runCli(['check', 'models/conformance/two-phase.ts', '--memory', 'lots', '--no-typecheck']).stderr).toMatch(/IL101: --memory expects a positive number/);
  });
});
