import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const BENCH = path.resolve('dist/bench/run.js');

function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return benchWith(process.env, ...args);
}

function benchWith(env: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Counts and the shape of the report only: timings are the benchmark's to print, not a test's to assert.
describe('npm run bench', () => {
  it('with --repeat reports the median run of each benchmark and the median ratio of each round, with their ranges', () => {
    const r = bench('--json', '--repeat', '3', '--exact', '--filter', 'TwoPhase RM=5');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string; distinct: number; generated: number; depth: number; runs: number; totalSeconds: number; totalSecondsRange: [number, number] }[] };
    expect(out.benchmarks.map((b) => [b.name, b.distinct, b.generated, b.depth, b.runs])).toEqual([['TwoPhase RM=5', 8832, 58146, 17, 3]]);
    const [b] = out.benchmarks;
    expect(b?.totalSecondsRange[0]).toBeLessThanOrEqual(b?.totalSeconds as number);
    expect(b?.totalSecondsRange[1]).toBeGreaterThanOrEqual(b?.totalSeconds as number);
    // The ratio against TLC is the median of the three rounds' ratios, within their range.
    const [tlc] = (JSON.parse(r.stdout) as { ratios: { benchmark: string; against: string; ratio: number; range: [number, number] }[] }).ratios;
    expect([tlc?.benchmark, tlc?.against]).toEqual(['TwoPhase RM=5', 'TLC 2.20, 2 workers']);
    expect(tlc?.range[0]).toBeLessThanOrEqual(tlc?.ratio as number);
    expect(tlc?.range[1]).toBeGreaterThanOrEqual(tlc?.ratio as number);
  });

  it('runs TwoPhase as users write it, plainly and with immer, beside the tuned port, with its ratio against it', () => {
    const r = bench('--json', '--exact', '--filter', 'TwoPhase RM=5', '--filter', 'TwoPhase plain RM=5', '--filter', 'TwoPhase immer RM=5');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string; distinct: number; generated: number; depth: number }[]; ratios: { benchmark: string; against: string }[] };
    expect(out.benchmarks.map((b) => [b.name, b.distinct, b.generated, b.depth])).toEqual([
      ['TwoPhase RM=5', 8832, 58146, 17],
      ['TwoPhase plain RM=5', 8832, 58146, 17],
      ['TwoPhase immer RM=5', 8832, 58146, 17],
    ]);
    expect(out.ratios.filter((x) => x.against === 'TwoPhase RM=5').map((x) => x.benchmark)).toEqual(['TwoPhase plain RM=5', 'TwoPhase immer RM=5']);
  });

  it('refuses a --repeat that is not a whole number of runs, with exit code 2', () => {
    for (const bad of ['0', 'x', '1.5']) {
      const r = bench('--repeat', bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--repeat takes a whole number of runs');
      expect(r.stdout).toBe('');
    }
    expect(bench('--repeat').status).toBe(2);
  });

  // CI installs valgrind (.ci/run). V8 runs single-threaded there: two runs' counts are within a fraction of 1%.
  it('with --instructions counts the instructions of the whole process under valgrind, same states', () => {
    const r = bench('--json', '--instructions', '--exact', '--filter', 'TwoPhase RM=5');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string; distinct: number; generated: number; depth: number; instructions: number; instructionsPerGenerated: number }[]; ratios: unknown[] };
    const [b] = out.benchmarks;
    expect([b?.name, b?.distinct, b?.generated, b?.depth]).toEqual(['TwoPhase RM=5', 8832, 58146, 17]);
    // Node's own start-up is about 0.7 billion; this search about 2.1 billion in all.
    expect(b?.instructions).toBeGreaterThan(1e9);
    expect(b?.instructions).toBeLessThan(1e10);
    const again = JSON.parse(bench('--json', '--instructions', '--exact', '--filter', 'TwoPhase RM=5').stdout) as typeof out;
    expect(Math.abs((again.benchmarks[0]?.instructions as number) / (b?.instructions as number) - 1)).toBeLessThan(0.01);
    expect(b?.instructionsPerGenerated).toBe(Math.round((b?.instructions as number) / 58146));
    // Seconds under valgrind are no measure of speed: no ratios.
    expect(out.ratios).toEqual([]);
  });

  it('with --profile counts instructions per function under callgrind, the checker\'s and the model\'s functions named', () => {
    const logsBefore = fs.readdirSync('.').filter((f) => f.endsWith('-v8.log')).length;
    const r = bench('--json', '--profile', '--exact', '--filter', 'TwoPhase RM=5');
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
    expect(names.some((n) => n.startsWith('expand src/check/parallel/level-expander.js:'))).toBe(true);
    expect(names.some((n) => n.startsWith('next models/conformance/two-phase.ts:'))).toBe(true);
    for (let i = 1; i < profile.length; i++) expect(profile[i]?.instructions).toBeLessThanOrEqual(profile[i - 1]?.instructions as number);
    const shares = profile.reduce((n, e) => n + e.share, 0);
    expect(shares).toBeGreaterThan(20);
    expect(shares).toBeLessThan(100);
    expect(profile[0]?.share).toBeCloseTo(((profile[0]?.instructions as number) / (b?.instructions as number)) * 100, 0);
    // V8's log of the run goes to the temp folder and is removed with the profile, not left in the project.
    expect(fs.readdirSync('.').filter((f) => f.endsWith('-v8.log')).length).toBe(logsBefore);
  });

  it('refuses --instructions and --profile where valgrind is not installed, with exit code 2', () => {
    for (const flag of ['--instructions', '--profile']) {
      const r = benchWith({ ...process.env, PATH: path.resolve('test/fixtures/no-such-folder') }, flag, '--exact', '--filter', 'TwoPhase RM=5');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${flag} runs each benchmark under valgrind, which is not installed here`);
      expect(r.stdout).toBe('');
    }
  });
});
