/**
 * The generic/441 fsync error-reporting race (models/journal/fsync-error-race.ts): verdicts, distinct-state
 * counts and shortest counterexamples per variant at the default scope (two fds) and at fsync-err's default of
 * ten fds, with the generated crash step on and off, all as `check` computed them; and replays of the
 * interleavings that tell the variants apart and of what a crash leaves on the disk.
 */
import { describe, expect, it } from 'vitest';
import { check, crashImages, read, writeStatus } from 'interleave';
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
/** ... and power fails: the truncate the fsync acknowledged is not on disk. */
const SHUTDOWN_FIRST_CRASH = [...SHUTDOWN_FIRST, 'Crash'];
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

const lastResult = (s: S) => s.state.ghost.results[s.state.ghost.results.length - 1];
const REACH = { ReclaimTakesIoError: true, ReopenedFsyncSucceeds: true, TestEndsAfterIoError: true };

describe('journal/fsync-error-race', () => {
  it('buggy: the passing run of generic/441 loses the truncate in a crash, the failing run is the race', () => {
    const { result, traces } = run({ variant: 'buggy' });
    expect(result.verdict).toBe('violation');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([175, 371, 28]);
    expect(Object.keys(traces)).toEqual(['FsyncDeterministic', 'ErrorSeenOncePerFd', 'FsyncDurable']);
    expect(traces.FsyncDurable).toEqual(SHUTDOWN_FIRST_CRASH);
    expect(traces.FsyncDeterministic).toEqual(COMMIT_FIRST);
    expect(traces.ErrorSeenOncePerFd).toEqual(COMMIT_FIRST);
    expect(result.reachable).toEqual(REACH);
    // The crash needs no lost write: the truncate never reached the journal. Recovery finds phase one's file.
    const durable = result.violations.find((v) => v.name === 'FsyncDurable')!;
    expect(durable.kind).toBe('action-invariant');
    const crash = durable.trace[21]!;
    expect(crash.action).toEqual({ type: 'Crash', actor: 'power', persisted: [], lost: [] });
    expect(crash.state.state.recovered).toEqual({ ver: 2, dataLost: false });
    expect(crash.state.state.ghost.results[4]).toEqual({ phase: 3, fd: 0, out: 'ok', need: 5, must: 'ok' });
  });

  it('recheck-after-lock: the same shortest counterexamples remain', () => {
    const { result, traces } = run({ variant: 'recheck-after-lock' });
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([175, 371, 28]);
    expect(traces).toEqual({ FsyncDeterministic: COMMIT_FIRST, ErrorSeenOncePerFd: COMMIT_FIRST, FsyncDurable: SHUTDOWN_FIRST_CRASH });
  });

  it('shutdown-fails-fsync: durable and deterministic, but the reopened fd sees EIO', () => {
    const { result, traces } = run({ variant: 'shutdown-fails-fsync' });
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([169, 367, 28]);
    expect(traces).toEqual({ ErrorSeenOncePerFd: [...PREFIX, 'reclaim-write-error', 'fsync-commit-begin'] });
    expect(result.reachable.ReopenedFsyncSucceeds).toBe(true);
  });

  it('retry-reclaim-writes: every property holds, and reclaim still takes the I/O error', () => {
    const { result } = run({ variant: 'retry-reclaim-writes' });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([204, 496, 30]);
    expect(result.reachable).toEqual(REACH);
  });

  it('without crashes: no deadlock, FsyncDurable cannot fail, the other verdicts stay', () => {
    const rows = ['buggy', 'recheck-after-lock', 'shutdown-fails-fsync', 'retry-reclaim-writes'].map((variant) => {
      const { result, traces } = run({ variant, maxCrashes: 0 });
      return [variant, result.verdict, result.distinctStates, result.generatedStates, result.depth, Object.keys(traces)];
    });
    expect(rows).toEqual([
      ['buggy', 'violation', 144, 218, 28, ['FsyncDeterministic', 'ErrorSeenOncePerFd']],
      ['recheck-after-lock', 'violation', 144, 218, 28, ['FsyncDeterministic', 'ErrorSeenOncePerFd']],
      ['shutdown-fails-fsync', 'violation', 142, 216, 28, ['ErrorSeenOncePerFd']],
      ['retry-reclaim-writes', 'ok', 181, 306, 30, []],
    ]);
  });

  it('keeps the verdicts with ten fds, as fsync-err opens by default', () => {
    const counts = ['buggy', 'recheck-after-lock', 'shutdown-fails-fsync', 'retry-reclaim-writes'].map((variant) => {
      const { result, traces } = run({ variant, fds: 10 });
      return [variant, result.verdict, result.distinctStates, Object.keys(traces)];
    });
    expect(counts).toEqual([
      ['buggy', 'violation', 2555, ['FsyncDeterministic', 'ErrorSeenOncePerFd', 'FsyncDurable']],
      ['recheck-after-lock', 'violation', 2555, ['FsyncDeterministic', 'ErrorSeenOncePerFd', 'FsyncDurable']],
      ['shutdown-fails-fsync', 'violation', 2365, ['ErrorSeenOncePerFd']],
      ['retry-reclaim-writes', 'ok', 3492, []],
    ]);
  });

  it('data written back sits in the disk cache until the fsync journal flush; recovery needs both', () => {
    const writeback = ['write', 'write', 'fsync-writeback', 'fsync-commit-begin', 'fsync-commit-triggers'];
    const ws = replay('buggy', writeback);
    const before = ws.state;
    expect(writeStatus(before.disk, 'data2')).toBe('completed');
    expect(before.journal.pending).toEqual({ ver: 2, data: 2 });
    // Either image of the unflushed data leaves the empty file of the last journal entry on disk (none yet).
    expect(crashImages(before.disk).map((i) => [i.persisted, i.image[0], i.image[2]])).toEqual([
      [[], null, null],
      [['data2'], null, 2],
    ]);
    const flushed = replay('buggy', [...writeback, 'fsync-flush']).state;
    expect(flushed.disk.cache).toEqual([]);
    expect(read(flushed.disk, 0)).toEqual({ ver: 2, data: 2 });
    expect(read(flushed.disk, 2)).toBe(2);
    // A crash now, whichever image it leaves, recovers the empty file: no fsync has returned yet.
    const params = { ...model.params, variant: 'buggy' };
    const recovered = model
      .actions(ws, params)
      .filter((a) => a.type === 'Crash')
      .map((a) => model.next(ws, a, params)!.state);
    expect(recovered.map((r) => [r.test.step, r.recovered, r.disk.sectors[2]])).toEqual([
      ['crashed', { ver: 0, dataLost: false }, null],
      ['crashed', { ver: 0, dataLost: false }, 2],
    ]);
  });

  it('buggy: the outcome of the reopened fd fsync depends on where the shutdown falls', () => {
    expect(lastResult(replay('buggy', SHUTDOWN_FIRST))).toMatchObject({ phase: 3, out: 'ok', need: 5, must: 'ok' });
    expect(read(replay('buggy', SHUTDOWN_FIRST).state.disk, 0)).toEqual({ ver: 2, data: 2 });
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
    expect(lastResult(late)).toMatchObject({ out: 'ok', need: 5, must: 'ok' });
    expect(read(late.state.disk, 0)).toEqual({ ver: 5, data: null });
  });
});
