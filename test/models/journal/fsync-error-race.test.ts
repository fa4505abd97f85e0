/**
 * The generic/441 fsync error-reporting race (models/journal/fsync-error-race.ts): verdicts, distinct-state
 * counts and shortest counterexamples per variant at the default scope (two fds) and at fsync-err's default of
 * ten fds, all as `check` computed them; and replays of the interleavings that tell the variants apart.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/journal/fsync-error-race';

type S = ReturnType<typeof model.init>[number];

const PHASE_ONE = [
  'write',
  'write',
  'fsync-writeback',
  'fsync-commit-begin',
  'fsync-commit-triggers',
  'fsync-flush',
  'fsync-writeback',
  'fsync-flush',
];
const ERROR_WINDOW = ['load-error-table', 'write', 'write', 'fsync-writeback', 'fsync-writeback', 'reclaim-submit', 'load-working-table'];
const PREFIX = [...PHASE_ONE, ...ERROR_WINDOW, 'reopen', 'fsync-writeback'];

/** Shutdown before the commit: EROFS, nothing to flush, fsync returns 0 (the passing run of generic/441). */
const SHUTDOWN_FIRST = [...PREFIX, 'reclaim-write-error', 'fsync-commit-begin', 'fsync-flush'];
/** The commit wins, then the shutdown, then the flush (the failing run). */
const COMMIT_FIRST = [...PREFIX, 'fsync-commit-begin', 'fsync-commit-triggers', 'reclaim-write-error', 'fsync-flush'];
/** The shutdown lands between the commit's writable check and its triggers: the window the recheck closes. */
const INSIDE_COMMIT = [...PREFIX, 'fsync-commit-begin', 'reclaim-write-error', 'fsync-commit-triggers', 'fsync-flush'];

const types = (trace: readonly { action: { type: string } | null }[]): (string | null)[] => trace.map((t) => t.action?.type ?? null);

function run(params: Record<string, string | number | boolean>) {
  const result = check(model, { params, continue: true });
  const traces = Object.fromEntries(result.violations.map((v) => [v.name, types(v.trace).slice(1)]));
  return { result, traces };
}

/** Applies the enabled action of each type in turn (the test and the reclaim worker have one each). */
function replay(variant: string, path: readonly string[]): S {
  const params = { ...model.params, variant };
  let state = model.init(params)[0] as S;
  for (const type of path) {
    const enabled = model
      .actions(state, params)
      .filter((a) => a.type === type)
      .map((a) => model.next(state, a, params))
      .filter((s): s is S => s !== undefined);
    expect(enabled, `${type} enabled after ${path.indexOf(type)} steps`).toHaveLength(1);
    state = enabled[0] as S;
  }
  return state;
}

const lastResult = (s: S) => s.ghost.results[s.ghost.results.length - 1];

describe('journal/fsync-error-race', () => {
  it('buggy: the passing run of generic/441 loses the truncate, the failing run is the race', () => {
    const { result, traces } = run({ variant: 'buggy' });
    expect(result.verdict).toBe('violation');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([144, 218, 28]);
    expect(Object.keys(traces)).toEqual(['FsyncDurable', 'FsyncDeterministic', 'ErrorSeenOncePerFd']);
    expect(traces.FsyncDurable).toEqual(SHUTDOWN_FIRST);
    expect(traces.FsyncDeterministic).toEqual(COMMIT_FIRST);
    expect(traces.ErrorSeenOncePerFd).toEqual(COMMIT_FIRST);
    expect(result.reachable).toEqual({ ReclaimTakesIoError: true, ReopenedFsyncSucceeds: true, TestEndsAfterIoError: true });
  });

  it('recheck-after-lock: the same shortest counterexamples remain', () => {
    const { result, traces } = run({ variant: 'recheck-after-lock' });
    expect(result.distinctStates).toBe(144);
    expect(traces).toEqual({ FsyncDurable: SHUTDOWN_FIRST, FsyncDeterministic: COMMIT_FIRST, ErrorSeenOncePerFd: COMMIT_FIRST });
  });

  it('shutdown-fails-fsync: durable and deterministic, but the reopened fd sees EIO', () => {
    const { result, traces } = run({ variant: 'shutdown-fails-fsync' });
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([142, 216, 28]);
    expect(traces).toEqual({ ErrorSeenOncePerFd: [...PREFIX, 'reclaim-write-error', 'fsync-commit-begin'] });
    expect(result.reachable.ReopenedFsyncSucceeds).toBe(true);
  });

  it('retry-reclaim-writes: every property holds, and reclaim still takes the I/O error', () => {
    const { result } = run({ variant: 'retry-reclaim-writes' });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([181, 306, 30]);
    expect(result.reachable).toEqual({ ReclaimTakesIoError: true, ReopenedFsyncSucceeds: true, TestEndsAfterIoError: true });
  });

  it('keeps the verdicts with ten fds, as fsync-err opens by default', () => {
    const counts = ['buggy', 'recheck-after-lock', 'shutdown-fails-fsync', 'retry-reclaim-writes'].map((variant) => {
      const { result, traces } = run({ variant, fds: 10 });
      return [variant, result.verdict, result.distinctStates, Object.keys(traces)];
    });
    expect(counts).toEqual([
      ['buggy', 'violation', 2252, ['FsyncDurable', 'FsyncDeterministic', 'ErrorSeenOncePerFd']],
      ['recheck-after-lock', 'violation', 2252, ['FsyncDurable', 'FsyncDeterministic', 'ErrorSeenOncePerFd']],
      ['shutdown-fails-fsync', 'violation', 2162, ['ErrorSeenOncePerFd']],
      ['retry-reclaim-writes', 'ok', 3389, []],
    ]);
  });

  it('buggy: the outcome of the reopened fd fsync depends on where the shutdown falls', () => {
    expect(lastResult(replay('buggy', SHUTDOWN_FIRST))).toMatchObject({ phase: 3, out: 'ok', need: 5, durable: 2, must: 'ok' });
    expect(lastResult(replay('buggy', COMMIT_FIRST))).toMatchObject({ phase: 3, out: 'EIO', must: 'ok' });
    expect(lastResult(replay('buggy', INSIDE_COMMIT))).toMatchObject({ phase: 3, out: 'EIO', must: 'ok' });
  });

  it('recheck-after-lock closes the window inside the commit only', () => {
    expect(lastResult(replay('recheck-after-lock', INSIDE_COMMIT))).toMatchObject({ out: 'ok', must: 'ok' });
    expect(lastResult(replay('recheck-after-lock', COMMIT_FIRST))).toMatchObject({ out: 'EIO', must: 'ok' });
  });

  it('shutdown-fails-fsync returns EIO wherever the shutdown falls before the flush', () => {
    for (const path of [INSIDE_COMMIT, COMMIT_FIRST]) {
      expect(lastResult(replay('shutdown-fails-fsync', path))).toMatchObject({ out: 'EIO', must: 'EIO' });
    }
    // A shutdown that comes after the flush leaves a durable fsync that returned 0.
    const late = replay('shutdown-fails-fsync', [...PREFIX, 'fsync-commit-begin', 'fsync-commit-triggers', 'fsync-flush']);
    expect(lastResult(late)).toMatchObject({ out: 'ok', need: 5, durable: 5, must: 'ok' });
  });
});
