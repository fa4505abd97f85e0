import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEntry } from '../../src/suite/run-entry';
import type { SuiteEntry } from '../../src/suite/types';

const MODEL = path.resolve(__dirname, '..', '..', 'models', 'conformance', 'simple-allocator-liveness.ts');
const SPEC = path.resolve(__dirname, '..', '..', 'specs', 'bounded-temporal.spec.ts');

describe('a suite entry that allows an incomplete run', () => {
  it('counts invariants as holding up to the bound, but leaves temporal properties undecided (the entry fails)', async () => {
    const entry: SuiteEntry = { name: 'bounded', model: MODEL, expect: {}, maxStates: 50, allowIncomplete: true };
    const r = await runEntry({ suite: 'bounded', specFile: SPEC, entry, modelPath: MODEL });
    const byName = Object.fromEntries(r.properties.map((p) => [p.name, p.actual]));
    expect(r.distinctStates).toBe(50);
    expect(byName.TypeInvariant).toBe('holds');
    expect(byName.ResourceMutex).toBe('holds');
    const temporal = r.properties.filter((p) => p.kind === 'liveness');
    expect(temporal.length).toBeGreaterThan(0);
    expect(temporal.every((p) => p.actual === 'unknown')).toBe(true);
    expect(r.passed).toBe(false);
  });

  it('and a complete run decides them', async () => {
    const entry: SuiteEntry = { name: 'complete', model: MODEL, expect: {} };
    const r = await runEntry({ suite: 'bounded', specFile: SPEC, entry, modelPath: MODEL });
    expect(r.distinctStates).toBe(400);
    expect(r.properties.filter((p) => p.kind === 'liveness').every((p) => p.actual === 'holds')).toBe(true);
    expect(r.passed).toBe(true);
  });
});
