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
  { name: 'early-bucket-race cached-iter 4x3', model: 'models/alloc/early-bucket-race.ts', params: { variant: 'cached-iter', tasks: 4, buckets: 3 } },
  { name: 'replay-allocator-stuck asym 6 keys', model: 'models/alloc/replay-allocator-stuck.ts', params: { variant: 'discard-in-recovery', adminLowersReplicas: true, scope: 'asymmetric', keys: 6, discardBacklog: 7 } },
  { name: 'flush-coherency 4 positions', model: 'models/keycache/flush-coherency.ts', params: { variant: 'buggy', faults: false, positions: 4 } },
  { name: 'fsync-error-race 10 fds', model: 'models/journal/fsync-error-race.ts', params: { variant: 'retry-reclaim-writes', fds: 10 } },
  { name: 'stale-read-race flush 2x2 crash', model: 'models/bcache/stale-read-race.ts', params: { variant: 'inflight-ranges-flush', sectors: 2, writes: 2, powerFail: true } },
  { name: 'TwoPhase RM=8', model: 'models/conformance/two-phase.ts', params: { rm: 8 }, full: true },
  { name: 'TwoPhase RM=8 16MB', model: 'models/conformance/two-phase.ts', params: { rm: 8 }, full: true, memoryMb: 16 },
];
