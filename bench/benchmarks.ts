/** The benchmarks `npm run bench` runs: a model file (relative to the repository) and its params. */
export interface Benchmark {
  readonly name: string;
  readonly model: string;
  readonly params: Record<string, string | number | boolean>;
  /** Included only with --full (long runs). */
  readonly full?: boolean;
  /** `CheckOptions.memoryMb`: a frontier budget small enough that levels go to disk. */
  readonly memoryMb?: number;
  /** `CheckOptions.strategy` (default bfs). */
  readonly strategy?: 'bfs' | 'dfs';
  /** `CheckOptions.workers` (default 1). */
  readonly workers?: number;
  /**
   * Run this many copies of the benchmark at once, each in its own process, and report their mean: with the
   * one-thread benchmark of the same name, how far the machine itself scales to several cores.
   */
  readonly copies?: number;
  /** The benchmark this one is compared with (throughput ratio), e.g. the same search on one thread. */
  readonly baseline?: string;
  /**
   * Compare with TLC 2.20 checking bench/tla/TwoPhase.tla with this many resource managers and workers, run in
   * the same bench run (see `tlc.ts`; skipped with a notice when Java or the jar is absent).
   */
  readonly tlc?: TlcBaseline;
  /** Check the invariants and action invariants only: the model's temporal properties are left out. */
  readonly safetyOnly?: boolean;
  /** For a run with temporal properties: the same run with `safetyOnly`, whose cost this one is compared with. */
  readonly safetyRun?: string;
}

export interface TlcBaseline {
  readonly rm: number;
  readonly workers: number;
}

/** The name of TLC's row for `t`. */
export function tlcRowName(t: TlcBaseline): string {
  return `TLC TwoPhase RM=${t.rm} ${t.workers} workers`;
}

const TLC_5: TlcBaseline = { rm: 5, workers: 2 };
const TLC_7: TlcBaseline = { rm: 7, workers: 2 };
const TLC_8: TlcBaseline = { rm: 8, workers: 2 };

const TWO_PHASE = 'models/conformance/two-phase.ts';
/** The same protocol as a user might write it: plainly from the TLA+ text, and with immer's `produce`. */
const TWO_PHASE_PLAIN = 'models/conformance/two-phase-plain.ts';
const TWO_PHASE_IMMER = 'models/conformance/two-phase-immer.ts';
const STUCK = 'models/alloc/replay-allocator-stuck.ts';
const STUCK_FIXED = { variant: 'discard-race-fixed', keys: 4, free: 3, backlog: 0, adminAddsDevice: false };
const TERMINATION = 'models/conformance/async-termination-detection.ts';

export const BENCHMARKS: readonly Benchmark[] = [
  { name: 'TwoPhase RM=5', model: TWO_PHASE, params: { rm: 5 }, tlc: TLC_5 },
  { name: 'TwoPhase RM=6', model: TWO_PHASE, params: { rm: 6 } },
  { name: 'TwoPhase RM=7', model: TWO_PHASE, params: { rm: 7 }, tlc: TLC_7 },
  { name: 'TwoPhase RM=6 dfs', model: TWO_PHASE, params: { rm: 6 }, strategy: 'dfs', baseline: 'TwoPhase RM=6' },
  { name: 'TwoPhase RM=7 dfs', model: TWO_PHASE, params: { rm: 7 }, strategy: 'dfs', baseline: 'TwoPhase RM=7' },
  { name: 'TwoPhase RM=7 2 workers', model: TWO_PHASE, params: { rm: 7 }, workers: 2, baseline: 'TwoPhase RM=7', tlc: TLC_7 },
  { name: 'TwoPhase RM=7 2 copies at once', model: TWO_PHASE, params: { rm: 7 }, copies: 2, baseline: 'TwoPhase RM=7' },
  { name: 'TwoPhase plain RM=5', model: TWO_PHASE_PLAIN, params: { rm: 5 }, baseline: 'TwoPhase RM=5' },
  { name: 'TwoPhase immer RM=5', model: TWO_PHASE_IMMER, params: { rm: 5 }, baseline: 'TwoPhase RM=5' },
  { name: 'TwoPhase plain RM=6', model: TWO_PHASE_PLAIN, params: { rm: 6 }, baseline: 'TwoPhase RM=6' },
  { name: 'TwoPhase immer RM=6', model: TWO_PHASE_IMMER, params: { rm: 6 }, baseline: 'TwoPhase RM=6' },
  { name: 'TwoPhase plain RM=7', model: TWO_PHASE_PLAIN, params: { rm: 7 }, baseline: 'TwoPhase RM=7', tlc: TLC_7 },
  { name: 'TwoPhase immer RM=7', model: TWO_PHASE_IMMER, params: { rm: 7 }, baseline: 'TwoPhase RM=7', tlc: TLC_7 },
  { name: 'TwoPhase RM=7 1MB', model: TWO_PHASE, params: { rm: 7 }, memoryMb: 1, baseline: 'TwoPhase RM=7' },
  { name: 'early-bucket-race cached-iter 4x3', model: 'models/alloc/early-bucket-race.ts', params: { variant: 'cached-iter', tasks: 4, buckets: 3 } },
  { name: 'early-bucket-race cached-iter 4x3 2 workers', model: 'models/alloc/early-bucket-race.ts', params: { variant: 'cached-iter', tasks: 4, buckets: 3 }, workers: 2, baseline: 'early-bucket-race cached-iter 4x3' },
  { name: 'replay-allocator-stuck discard-race-fixed 4 keys', model: STUCK, params: STUCK_FIXED, safetyRun: 'replay-allocator-stuck discard-race-fixed 4 keys safety only' },
  { name: 'replay-allocator-stuck discard-race-fixed 4 keys safety only', model: STUCK, params: STUCK_FIXED, safetyOnly: true },
  { name: 'AsyncTerminationDetection N=5', model: TERMINATION, params: { n: 5 }, safetyRun: 'AsyncTerminationDetection N=5 safety only' },
  { name: 'AsyncTerminationDetection N=5 safety only', model: TERMINATION, params: { n: 5 }, safetyOnly: true },
  { name: 'AsyncTerminationDetection N=5 2 workers', model: TERMINATION, params: { n: 5 }, workers: 2, safetyRun: 'AsyncTerminationDetection N=5 safety only 2 workers' },
  { name: 'AsyncTerminationDetection N=5 safety only 2 workers', model: TERMINATION, params: { n: 5 }, workers: 2, safetyOnly: true },
  { name: 'flush-coherency 4 positions', model: 'models/keycache/flush-coherency.ts', params: { variant: 'buggy', faults: false, positions: 4 } },
  { name: 'fsync-error-race 10 fds', model: 'models/journal/fsync-error-race.ts', params: { variant: 'shutdown-fails-fsync', fds: 10 } },
  { name: 'stale-read-race flush 2x2 crash', model: 'models/bcache/stale-read-race.ts', params: { variant: 'inflight-ranges-flush', sectors: 2, writes: 2, powerFail: true } },
  { name: 'TwoPhase RM=8', model: TWO_PHASE, params: { rm: 8 }, full: true, tlc: TLC_8 },
  { name: 'TwoPhase RM=8 2 workers', model: TWO_PHASE, params: { rm: 8 }, full: true, workers: 2, baseline: 'TwoPhase RM=8', tlc: TLC_8 },
  { name: 'TwoPhase plain RM=8 2 workers', model: TWO_PHASE_PLAIN, params: { rm: 8 }, full: true, workers: 2, baseline: 'TwoPhase RM=8 2 workers', tlc: TLC_8 },
  { name: 'TwoPhase RM=8 2 copies at once', model: TWO_PHASE, params: { rm: 8 }, full: true, copies: 2, baseline: 'TwoPhase RM=8' },
  { name: 'TwoPhase RM=8 16MB 2 workers', model: TWO_PHASE, params: { rm: 8 }, full: true, memoryMb: 16, workers: 2, baseline: 'TwoPhase RM=8 2 workers' },
];
