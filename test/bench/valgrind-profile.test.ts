import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBench } from '../support/run-bench';
import { hasValgrind } from '../support/tools';

// The checker under callgrind (a minute or more alone): a file of its own, beside valgrind-instructions.test.ts.
describe.skipIf(!hasValgrind)('npm run bench --profile', { timeout: 600_000 }, () => {
  it('with --profile counts instructions per function under callgrind, the checker\'s and the model\'s functions named', () => {
    const logsBefore = fs.readdirSync('.').filter((f) => f.endsWith('-v8.log')).length;
    const r = runBench(['--json', '--profile', '--exact', '--filter', 'TwoPhase RM=5']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { distinct: number; generated: number; instructions: number; profile: { name: string; instructions: number; share: number }[] }[] };
    const [b] = out.benchmarks;
    expect([b?.distinct, b?.generated]).toEqual([8832, 58146]);
    const profile = b?.profile ?? [];
    expect(profile).toHaveLength(40);
    const names = profile.map((e) => e.name);
    // Fingerprinting successors (records, relative to their parents), the search loop and the model's next() are among
    // the 40 costliest at RM=5.
    expect(names.some((n) => n.startsWith('diffRecord src/state/fingerprint.js:'))).toBe(true);
    expect(names.some((n) => n.startsWith('expand src/search/bfs/level-expander.js:'))).toBe(true);
    expect(names.some((n) => n.startsWith('next models/conformance/two-phase.ts:'))).toBe(true);
    for (let i = 1; i < profile.length; i++) expect(profile[i]?.instructions).toBeLessThanOrEqual(profile[i - 1]?.instructions as number);
    const shares = profile.reduce((n, e) => n + e.share, 0);
    expect(shares).toBeGreaterThan(20);
    expect(shares).toBeLessThan(100);
    expect(profile[0]?.share).toBeCloseTo(((profile[0]?.instructions as number) / (b?.instructions as number)) * 100, 0);
    // V8's log of the run goes to the temp folder and is removed with the profile, not left in the project.
    expect(fs.readdirSync('.').filter((f) => f.endsWith('-v8.log')).length).toBe(logsBefore);
  });
});
