/**
 * The generic/441 fsync error-reporting race (models/journal/fsync-error-race.ts) as the 2023 code runs it: the
 * reopen's truncate is committed by open(O_TRUNC) and refused once the journal is halted, `bch2_fsync()` returns
 * `ret ?: ret2 ?: ret3`, and the writeback flusher is a second caller of `write_inode`. Verdicts, state counts and
 * traces are what `check` computed; replays show the two runs of the seed and what each upstream fix changes.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/journal/fsync-error-race';

type S = ReturnType<typeof model.init>[number];

const types = (trace: readonly { action: { type: string } | null }[]): (string | null)[] => trace.map((t) => t.action?.type ?? null);

function run(params: Record<string, string | number | boolean>) {
  const result = check(model, { params, continue: true });
  const traces = Object.fromEntries(result.violations.map((v) => [v.name, types(v.trace).slice(1)]));
  return { result, traces };
}

/** Applies the one enabled action of each step; `write+` is a write that dirties the times, `write` one that does not. */
function replay(variant: string, path: readonly string[]): S {
  const params = { ...model.params, variant };
  let state = model.init(params)[0] as S;
  path.forEach((step, i) => {
    const [type, tick] = step === 'write+' ? ['write', true] : [step, false];
    const enabled = model
      .actions(state, params)
      .filter((a) => a.type === type && (type !== 'write' || ('tick' in a && a.tick === tick)))
      .map((a) => model.next(state, a, params))
      .filter((s): s is S => s !== undefined);
    expect(enabled, `${step} enabled at step ${i}`).toHaveLength(1);
    state = enabled[0] as S;
  });
  return state;
}

const PHASE_ONE = ['write', 'write', 'fsync-writeback', 'fsync-flush', 'fsync-writeback', 'fsync-flush', 'load-error-table'];
/** Phase two leaves the times alone: the failed fsyncs have nothing to flush; reclaim's write goes into the error table. */
const QUIET_PHASE_TWO = [...PHASE_ONE, 'write', 'write', 'fsync-writeback', 'fsync-flush', 'fsync-writeback', 'fsync-flush', 'reclaim-submit'];
const results = (s: S) => s.state.ghost.results.map((r) => `${r.phase}:${r.op}:${r.out}`);

describe('journal/fsync-error-race', () => {
  it('buggy: the failed writeback still flushes the journal into the error table, and the reopen fails', () => {
    const { result, traces } = run({ variant: 'buggy' });
    expect([result.verdict, result.distinctStates, result.generatedStates, result.depth]).toEqual(['violation', 319, 793, 24]);
    expect(traces).toEqual({
      ErrorSeenOncePerFd: [
        ...PHASE_ONE, 'write', 'write', 'flusher-write-inode', 'fsync-writeback', 'fsync-flush', 'fsync-writeback', 'fsync-flush',
        'load-working-table', 'reopen',
      ],
    });
    expect(result.reachable).toEqual({
      ReclaimTakesIoError: true,
      ReopenedFsyncSucceeds: true,
      TestEndsAfterIoError: true,
      FlusherDropsChange: true,
    });
  });

  it("buggy: the seed's two runs: the reopen and its commit before reclaim's shutdown fail the fsync, or the test passes", () => {
    const failing = replay('buggy', [...QUIET_PHASE_TWO, 'load-working-table', 'reopen', 'reclaim-write-error', 'fsync-writeback', 'fsync-flush']);
    expect(results(failing)).toEqual(['1:fsync:ok', '1:fsync:ok', '2:fsync:EIO', '2:fsync:EIO', '3:fsync:EIO']);
    expect(failing.state.ghost.results[4]).toMatchObject({ need: 5, must: 'EIO' });
    const passing = replay('buggy', [
      ...QUIET_PHASE_TWO, 'load-working-table', 'reopen', 'fsync-writeback', 'fsync-flush', 'reopen', 'fsync-writeback', 'fsync-flush',
    ]);
    expect([passing.state.test.step, results(passing).slice(4)]).toEqual(['done', ['3:fsync:ok', '3:fsync:ok']]);
    // Shutdown first: not a 0 from fsync, but a failed open (bchfs_truncate() sees bch2_journal_error()).
    const early = replay('buggy', [...QUIET_PHASE_TWO, 'reclaim-write-error', 'load-working-table', 'reopen']);
    expect(results(early).at(-1)).toBe('3:open:EIO');
  });

  it('recheck-after-lock changes nothing: the reopened fd has no commit inside its fsync to recheck', () => {
    const { result, traces } = run({ variant: 'recheck-after-lock' });
    expect([result.distinctStates, result.generatedStates, Object.keys(traces)]).toEqual([319, 793, ['ErrorSeenOncePerFd']]);
  });

  const COMMIT_FIRST = [
    ...PHASE_ONE, 'write+', 'write+', 'fsync-writeback', 'fsync-writeback', 'reclaim-submit', 'load-working-table', 'reopen',
    'fsync-writeback', 'fsync-commit-begin', 'fsync-commit-triggers', 'reclaim-write-error', 'fsync-flush',
  ];

  it('early-return (0a02038a9): the times left dirty are committed by the reopened fsync; EIO or EROFS by timing', () => {
    const { result, traces } = run({ variant: 'early-return' });
    expect([result.distinctStates, result.generatedStates, Object.keys(traces)]).toEqual([406, 1034, ['ErrorSeenOncePerFd', 'FsyncDeterministic']]);
    expect(traces.FsyncDeterministic).toEqual(COMMIT_FIRST.map((t) => (t === 'write+' ? 'write' : t)));
    expect(replay('early-return', COMMIT_FIRST).state.ghost.results[4]).toMatchObject({ out: 'EIO', must: 'EROFS' });
  });

  it('shutdown-fails-fsync (+ b07be5ed9, d86d01814): the same interleaving returns the EIO it must', () => {
    const { result, traces } = run({ variant: 'shutdown-fails-fsync' });
    expect([result.distinctStates, result.generatedStates, Object.keys(traces)]).toEqual([381, 999, ['ErrorSeenOncePerFd']]);
    expect(replay('shutdown-fails-fsync', COMMIT_FIRST).state.ghost.results[4]).toMatchObject({ out: 'EIO', must: 'EIO' });
  });

  it("the flusher's dropped EROFS is no silent loss here: the next fsync on the fd reports the writeback error", () => {
    for (const variant of ['buggy', 'shutdown-fails-fsync']) {
      const path = [...PHASE_ONE, 'write+', 'write+', 'reclaim-submit', 'reclaim-write-error', 'flusher-write-inode', 'fsync-writeback'];
      const s = replay(variant, path);
      expect([s.state.ghost.flusherDropped, s.state.inode.lost]).toEqual([true, true]);
      if (variant === 'shutdown-fails-fsync') expect(results(s).at(-1)).toBe('2:fsync:EIO');
    }
  });

  it('verdicts and counts at ten fds and without crashes; FsyncDurable holds in every variant', () => {
    const rows = ['buggy', 'recheck-after-lock', 'early-return', 'shutdown-fails-fsync'].map((variant) => {
      const ten = run({ variant, fds: 10 });
      const noCrash = run({ variant, maxCrashes: 0 });
      return [variant, ten.result.distinctStates, Object.keys(ten.traces), noCrash.result.distinctStates, Object.keys(noCrash.traces)];
    });
    expect(rows).toEqual([
      ['buggy', 2177, ['ErrorSeenOncePerFd'], 285, ['ErrorSeenOncePerFd']],
      ['recheck-after-lock', 2177, ['ErrorSeenOncePerFd'], 285, ['ErrorSeenOncePerFd']],
      ['early-return', 2374, ['ErrorSeenOncePerFd', 'FsyncDeterministic'], 364, ['ErrorSeenOncePerFd', 'FsyncDeterministic']],
      ['shutdown-fails-fsync', 2349, ['ErrorSeenOncePerFd'], 345, ['ErrorSeenOncePerFd']],
    ]);
  });
});
