/** The benchmarks `npm run bench` runs: a model file (relative to the repository) and its params. */
export interface Benchmark {
  readonly name: string;
  readonly model: string;
  readonly params: Record<string, string | number | boolean>;
  /** Included only with --full (long runs). */
  readonly full?: boolean;
}

export const BENCHMARKS: readonly Benchmark[] = [
  { name: 'TwoPhase RM=5', model: 'models/conformance/two-phase.ts', params: { rm: 5 } },
  { name: 'TwoPhase RM=6', model: 'models/conformance/two-phase.ts', params: { rm: 6 } },
  { name: 'TwoPhase RM=7', model: 'models/conformance/two-phase.ts', params: { rm: 7 } },
  { name: 'TwoPhase RM=8', model: 'models/conformance/two-phase.ts', params: { rm: 8 }, full: true },
];
