import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench } from '../support/run-bench';

const bench = (...args: string[]) => runBench(args);

// Counts and the shape of the report only: timings are the benchmark's to print, not a test's to assert.
describe('npm run bench', () => {
  it('with --repeat reports the median run of each benchmark and the median ratio of each round, with their ranges', () => {
    const r = bench('--json', '--repeat', '3', '--exact', '--filter', 'TwoPhase RM=5', '--filter', 'TwoPhase plain RM=5');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string; distinct: number; generated: number; depth: number; runs: number; totalSeconds: number; totalSecondsRange: [number, number] }[] };
    const ours = out.benchmarks.filter((b) => !b.name.startsWith('TLC'));
    expect(ours.map((b) => [b.name, b.distinct, b.generated, b.depth, b.runs])).toEqual([
      ['TwoPhase RM=5', 8832, 58146, 17, 3],
      ['TwoPhase plain RM=5', 8832, 58146, 17, 3],
    ]);
    for (const b of ours) {
      expect(b.totalSecondsRange[0]).toBeLessThanOrEqual(b.totalSeconds);
      expect(b.totalSecondsRange[1]).toBeGreaterThanOrEqual(b.totalSeconds);
    }
    // The plain model's ratio against the tuned port is the median of the three rounds' ratios, within their range.
    const ratios = (JSON.parse(r.stdout) as { ratios: { benchmark: string; against: string; ratio: number; range: [number, number] }[] }).ratios;
    const plain = ratios.find((x) => x.against === 'TwoPhase RM=5');
    expect(plain?.benchmark).toBe('TwoPhase plain RM=5');
    expect(plain?.range[0]).toBeLessThanOrEqual(plain?.ratio as number);
    expect(plain?.range[1]).toBeGreaterThanOrEqual(plain?.ratio as number);
  });

  it('runs TwoPhase as users write it, plainly and with immer, beside the tuned port, with its ratio against it', () => {
    const r = bench('--json', '--exact', '--filter', 'TwoPhase RM=5', '--filter', 'TwoPhase plain RM=5', '--filter', 'TwoPhase immer RM=5');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: { name: string; distinct: number; generated: number; depth: number }[]; ratios: { benchmark: string; against: string }[] };
    expect(out.benchmarks.filter((b) => !b.name.startsWith('TLC')).map((b) => [b.name, b.distinct, b.generated, b.depth])).toEqual([
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

  it('refuses --instructions and --profile where valgrind is not installed, with exit code 2', () => {
    for (const flag of ['--instructions', '--profile']) {
      const r = runBench([flag, '--exact', '--filter', 'TwoPhase RM=5'], { ...process.env, PATH: path.resolve('test/fixtures/no-such-folder') });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${flag} runs each benchmark under valgrind, which is not installed here`);
      expect(r.stdout).toBe('');
    }
  });
});
