/** The benchmarks `npm run bench` runs: a model file (relative to the repository) and its params. */
export interface Benchmark {
  readonly name: string;
  readonly model: string;
  readonly params: Record<string, string | number | boolean>;
  /** Included only with --full (long runs). */
  readonly full?: boolean;
  /** `CheckOptions.memoryMb`: a frontier budget small enough that levels go to disk. */
  readonly memoryMb?: number;
}

export const BENCHMARKS: readonly Benchmark[] = [
  { name: 'TwoPhase RM=5', model: 'models/conformance/two-phase.ts', params: { rm: 5 } },
  { name: 'TwoPhase RM=6', model: 'models/conformance/two-phase.ts', params: { rm: 6 } },
  { name: 'TwoPhase RM=7', model: 'models/conformance/two-phase.ts', params: { rm: 7 } },
  { name: 'TwoPhase RM=7 1MB', model: 'models/conformance/two-phase.ts', params: { rm: 7 }, memoryMb: 1 },
  { name: 'TwoPhase RM=8', model: 'models/conformance/two-phase.ts', params: { rm: 8 }, full: true },
  { name: 'TwoPhase RM=8 16MB', model: 'models/conformance/two-phase.ts', params: { rm: 8 }, full: true, memoryMb: 16 },
];
