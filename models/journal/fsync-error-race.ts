/**
 * fsync error reporting against journal reclaim on bcachefs (seed 002: Brian Foster, January 2023, "fstests
 * generic/441 -- occasional bcachefs failure").
 *
 * generic/441 (`src/fsync-err.c`, simple mode) opens a file through several fds, writes through each and fsyncs
 * each, loads dm-error's error table, writes through each fd again and fsyncs each (every fd must see the error
 * once), loads the working table again, then closes, reopens (O_TRUNC) and fsyncs each fd (a fresh open must not
 * see an error). Journal reclaim runs asynchronously: the btree writes it issues while the error table is loaded
 * fail, and the completion shuts the file system down (`bch2_fs_emergency_read_only()`: the journal is halted with
 * `j->err_seq` set). If the reopened fd's fsync commits its inode update (`bch2_vfs_write_inode()` ->
 * `bch2_write_inode()`) before that shutdown, the `bch2_mark_inode()` trigger moves the inode's journal sequence
 * past what is on disk and `bch2_flush_inode()` returns EIO; if the shutdown comes first the commit fails with
 * EROFS, the sequence stays put and the flush has nothing to do: fsync returns 0.
 *
 * State:
 * - `device`: the dm table, `working` or `error`. I/O issued while `error` is loaded fails.
 * - `journal.cur` (`journal_cur_seq()`, the open entry), `journal.flushed` (`j->flushed_seq_ondisk`),
 *   `journal.errSeq` (`j->err_seq`, 0 while the journal is healthy), `journal.pendingVer` (the file version the
 *   commits in unflushed entries describe, for `FsyncDurable`).
 * - `fs`: `rw`, or `emergency-ro` after `bch2_fs_emergency_read_only()` (commits then fail with EROFS).
 * - `inode.seq`: `bi_journal_seq`, set by the `bch2_mark_inode()` trigger of every commit that updates the inode.
 *   `inode.dirty`: the VFS inode has metadata changes not yet committed (`I_DIRTY_SYNC`, written by
 *   `sync_inode_metadata()` -> `bch2_vfs_write_inode()`). `inode.dataDirty`: dirty page cache. `inode.lost`:
 *   written data was dropped by a failed writeback (until a truncate supersedes it). `inode.wbErr`: the mapping's
 *   `wb_err` (errseq), counted in errors.
 * - `fds[i].seen`: the fd's `file->f_wb_err`, sampled at open and advanced by `file_check_and_advance_wb_err()`.
 * - `test`: the program counter of fsync-err (`step`, the fd it is at, and inside an fsync the sub-step); `need` is
 *   the file version the running fsync must make durable; `canon` the outcomes the running post-reopen fsync
 *   would have had if the shutdown had been serialised before it or had not happened during it.
 * - `reclaim`: the reclaim worker. `dirtySeq` is the newest journal sequence whose btree updates are not yet
 *   written back, `reclaimedSeq` the newest written back, `io` the btree write in flight and whether the device
 *   table lets it succeed.
 * - `disk.ver`: the file version that is durable. `ghost`: the acknowledged file version, whether reclaim took
 *   an I/O error, and every fsync's result, with what it needed and what was durable when it returned.
 *
 * Actions (actor `test` unless stated):
 * - `write`: a buffered write through one fd (page cache dirty, inode dirty: mtime and size).
 * - `fsync-writeback` (`file_write_and_wait_range()`): dirty data is written and its extent update committed
 *   (moving `inode.seq`); on an error table or a shut-down file system the writeback fails and `wb_err` advances.
 *   Then the fd's errseq is checked and advanced; an error is returned at once (`if (ret) goto out`).
 * - `fsync-commit-begin`, `fsync-commit-triggers` (`sync_inode_metadata()` -> `bch2_write_inode()` ->
 *   `bch2_trans_commit()`): the commit checks that the file system is writable (EROFS otherwise), takes its locks,
 *   then runs the triggers: `bch2_mark_inode()` sets `inode.seq` to the open journal entry. Skipped when the
 *   inode is clean. The EROFS of a failed commit is not what fsync returns (the seed: fsync returns 0).
 * - `fsync-flush` (`bch2_flush_inode()` -> `bch2_journal_flush_seq(inode.seq)`): 0 if the sequence is on disk,
 *   EIO if `err_seq` is set at or below it; otherwise the journal is written (on the error table that write fails
 *   and shuts the file system down).
 * - `load-error-table`, `load-working-table`: dmsetup table switches. `reopen`: close and open(O_TRUNC): the new
 *   file samples `wb_err` (the error was seen, so it is not reported again) and the truncate is a new change.
 * - `reclaim-submit` (reclaim worker): journal reclaim writes back btree updates; the device table decides the
 *   outcome. `reclaim-write-done`: the write completed. `reclaim-write-error`: its completion takes the I/O error
 *   and calls `bch2_fs_emergency_read_only()`, which halts the journal (`err_seq = journal_cur_seq()`).
 *
 * Abstracted away: the key cache and btree nodes (one `dirtySeq` range for reclaim), journal buffers, pins and
 * watermarks (a flush writes every open entry), data extents and sizes (a file version counts changes), write()
 * and open() failing on a shut-down file system (they succeed), the non-simple-mode third fsync, transaction
 * restarts. Each action is one atomic step.
 *
 * Variants:
 * - `buggy`: the code of the seed.
 * - `recheck-after-lock`: the seed's suggestion: `fsync-commit-triggers` rechecks the journal error
 *   (`bch2_journal_error()`) after the locks are taken and fails the commit with EROFS before the triggers run.
 * - `shutdown-fails-fsync`: an fsync on a shut-down file system with an unflushed change reports EIO: the commit's
 *   EROFS is returned as EIO, as later bcachefs does (`bch2_fsync()` maps EROFS to EIO).
 * - `retry-reclaim-writes`: a failed btree write from journal reclaim is kept and retried instead of shutting the
 *   file system down (XFS's default for asynchronous metadata write errors); a failed journal write still shuts
 *   it down.
 *
 * Verdicts: `FsyncDurable` violated means an fsync returned 0 while a change acknowledged before it began was not
 * on disk. `FsyncDeterministic` violated means the reopened fd's fsync returned something other than what it
 * returns when the shutdown is serialised before it (if the shutdown happened before it returned) or after it:
 * the result depends on how reclaim and the commit interleave. `ErrorSeenOncePerFd` violated means generic/441
 * fails: an fd did not see the error after the failed writes, or saw one where the test expects none.
 */
import { produce, type Draft } from 'immer';
import { defineModel } from 'interleave';

type Variant = 'buggy' | 'recheck-after-lock' | 'shutdown-fails-fsync' | 'retry-reclaim-writes';
type Outcome = 'ok' | 'EIO';
type Step = 'write1' | 'fsync1' | 'error-table' | 'write2' | 'fsync2' | 'working-table' | 'reopen' | 'fsync3' | 'done';
type Sub = 'writeback' | 'commit-begin' | 'commit-triggers' | 'flush';

interface FsyncResult {
  readonly phase: 1 | 2 | 3;
  readonly fd: number;
  readonly out: Outcome;
  /** The file version acknowledged when the fsync began, and the durable version when it returned. */
  readonly need: number;
  readonly durable: number;
  /** For post-reopen fsyncs: the outcome it must have (see `FsyncDeterministic`). */
  readonly must: Outcome | null;
}

interface State {
  readonly device: 'working' | 'error';
  readonly disk: { readonly ver: number };
  readonly journal: { readonly cur: number; readonly flushed: number; readonly errSeq: number; readonly pendingVer: number | null };
  readonly fs: 'rw' | 'emergency-ro';
  readonly inode: {
    readonly seq: number;
    readonly dirty: boolean;
    readonly dataDirty: boolean;
    readonly lost: boolean;
    readonly wbErr: number;
  };
  readonly fds: readonly { readonly seen: number }[];
  readonly test: {
    readonly step: Step;
    readonly fd: number;
    readonly sub: Sub;
    readonly need: number;
    readonly canon: { readonly ifShutdownFirst: Outcome; readonly ifNoShutdown: Outcome } | null;
  };
  readonly reclaim: {
    readonly dirtySeq: number;
    readonly reclaimedSeq: number;
    readonly io: { readonly upTo: number; readonly ok: boolean } | null;
  };
  readonly ghost: { readonly ver: number; readonly ioError: boolean; readonly results: readonly FsyncResult[] };
}

type FdType = 'write' | 'fsync-writeback' | 'fsync-commit-begin' | 'fsync-commit-triggers' | 'fsync-flush' | 'reopen';

type Action =
  | { readonly type: FdType; readonly actor: 'test'; readonly fd: number }
  | { readonly type: 'load-error-table' | 'load-working-table'; readonly actor: 'test' }
  | { readonly type: 'reclaim-submit' | 'reclaim-write-done' | 'reclaim-write-error'; readonly actor: 'reclaim worker' };

interface Params {
  readonly [key: string]: string | number | boolean;
  readonly variant: string;
  readonly fds: number;
}

const VARIANTS: readonly Variant[] = ['buggy', 'recheck-after-lock', 'shutdown-fails-fsync', 'retry-reclaim-writes'];

function variantOf(p: Params): Variant {
  const v = VARIANTS.find((x) => x === p.variant);
  if (v === undefined) throw new Error(`Unknown variant "${p.variant}"; expected one of ${VARIANTS.join(', ')}.`);
  return v;
}

/** `bch2_fs_emergency_read_only()`: the file system stops writing and the journal is halted. */
function shutdown(d: Draft<State>): void {
  d.fs = 'emergency-ro';
  if (d.journal.errSeq === 0) d.journal.errSeq = d.journal.cur;
}

/** A committed update at the open journal entry; if nothing else is pending it describes the acknowledged version. */
function commitAtCur(d: Draft<State>, ghostVer: number): void {
  d.inode.seq = d.journal.cur;
  d.reclaim.dirtySeq = d.journal.cur;
  if (!d.inode.dirty && !d.inode.dataDirty && !d.inode.lost) d.journal.pendingVer = ghostVer;
}

/** The step after the fsync's current one, or the step after the whole fsync. */
function afterFsync(s: State, fds: number): { step: Step; fd: number } {
  const { step, fd } = s.test;
  if (step === 'fsync3') return fd + 1 < fds ? { step: 'reopen', fd: fd + 1 } : { step: 'done', fd: 0 };
  if (fd + 1 < fds) return { step, fd: fd + 1 };
  return { step: step === 'fsync1' ? 'error-table' : 'working-table', fd: 0 };
}

const phaseOf = (step: Step): 1 | 2 | 3 => (step === 'fsync1' ? 1 : step === 'fsync2' ? 2 : 3);

/**
 * One step of the running fsync, without the bookkeeping of `FsyncDeterministic`. Returns the next state and,
 * when the fsync returns, its outcome (the state then still has the test inside the fsync).
 */
function fsyncStep(s: State, v: Variant): { state: State; out: Outcome | null } {
  const sub = s.test.sub;
  let out: Outcome | null = null;
  const state = produce(s, (d) => {
    switch (sub) {
      case 'writeback': {
        if (s.inode.dataDirty) {
          if (s.device === 'working' && s.fs === 'rw') {
            d.inode.dataDirty = false;
            commitAtCur(d, s.ghost.ver);
          } else {
            d.inode.dataDirty = false;
            d.inode.lost = true;
            d.inode.wbErr += 1;
          }
        }
        const fd = d.fds[s.test.fd] as { seen: number };
        const err = fd.seen < d.inode.wbErr;
        fd.seen = d.inode.wbErr;
        if (err) out = 'EIO';
        else d.test.sub = d.inode.dirty ? 'commit-begin' : 'flush';
        return;
      }
      case 'commit-begin':
        if (s.fs !== 'rw') {
          if (v === 'shutdown-fails-fsync') out = 'EIO';
          else d.test.sub = 'flush';
        } else {
          d.test.sub = 'commit-triggers';
        }
        return;
      case 'commit-triggers':
        if (v === 'recheck-after-lock' && s.journal.errSeq !== 0) {
          d.test.sub = 'flush';
          return;
        }
        d.inode.dirty = false;
        commitAtCur(d, s.ghost.ver);
        d.test.sub = 'flush';
        return;
      case 'flush': {
        const seq = s.inode.seq;
        if (seq <= s.journal.flushed) out = 'ok';
        else if (s.journal.errSeq !== 0 && seq >= s.journal.errSeq) out = 'EIO';
        else if (s.device === 'error') {
          shutdown(d);
          out = 'EIO';
        } else {
          d.journal.flushed = s.journal.cur;
          d.journal.cur = s.journal.cur + 1;
          if (s.journal.pendingVer !== null) d.disk.ver = Math.max(s.disk.ver, s.journal.pendingVer);
          d.journal.pendingVer = null;
          out = 'ok';
        }
        return;
      }
    }
  });
  return { state, out };
}

/** Runs the fsync the test is in to its end with nothing else interleaved, and returns its outcome. */
function runFsync(s: State, v: Variant): Outcome {
  let cur = s;
  for (;;) {
    const { state, out } = fsyncStep(cur, v);
    if (out !== null) return out;
    cur = state;
  }
}

/** Whether an I/O error already taken will shut the file system down (or has). */
const doomed = (s: State, v: Variant): boolean =>
  s.fs !== 'rw' || (v !== 'retry-reclaim-writes' && s.reclaim.io !== null && !s.reclaim.io.ok);

function testStep(s: State, a: Action & { actor: 'test' }, v: Variant, p: Params): State | undefined {
  const t = s.test;
  if ('fd' in a && a.fd !== t.fd) return undefined;
  switch (a.type) {
    case 'write':
      if (t.step !== 'write1' && t.step !== 'write2') return undefined;
      return produce(s, (d) => {
        d.ghost.ver += 1;
        d.inode.dataDirty = true;
        d.inode.dirty = true;
        const last = t.fd + 1 === p.fds;
        d.test.step = last ? (t.step === 'write1' ? 'fsync1' : 'fsync2') : t.step;
        d.test.fd = last ? 0 : t.fd + 1;
        d.test.sub = 'writeback';
      });
    case 'load-error-table':
    case 'load-working-table': {
      const want: Step = a.type === 'load-error-table' ? 'error-table' : 'working-table';
      if (t.step !== want) return undefined;
      return produce(s, (d) => {
        d.device = a.type === 'load-error-table' ? 'error' : 'working';
        d.test.step = a.type === 'load-error-table' ? 'write2' : 'reopen';
        d.test.fd = 0;
      });
    }
    case 'reopen':
      if (t.step !== 'reopen') return undefined;
      return produce(s, (d) => {
        (d.fds[t.fd] as { seen: number }).seen = s.inode.wbErr;
        d.ghost.ver += 1;
        d.inode.dirty = true;
        d.inode.dataDirty = false;
        d.inode.lost = false;
        d.test.step = 'fsync3';
        d.test.sub = 'writeback';
      });
    default: {
      if (t.step !== 'fsync1' && t.step !== 'fsync2' && t.step !== 'fsync3') return undefined;
      if (a.type !== `fsync-${t.sub}`) return undefined;
      let from = s;
      if (t.sub === 'writeback') {
        // The fsync begins: fix what it must make durable and, after a reopen, the outcomes it must have.
        const ifNoShutdown = t.step === 'fsync3' ? runFsync(s, v) : null;
        const ifShutdownFirst = doomed(s, v) ? runFsync(produce(s, (d) => shutdown(d)), v) : ifNoShutdown;
        from = produce(s, (d) => {
          d.test.need = s.ghost.ver;
          if (ifNoShutdown !== null && ifShutdownFirst !== null) d.test.canon = { ifShutdownFirst, ifNoShutdown };
        });
      }
      const { state, out } = fsyncStep(from, v);
      if (out === null) return state;
      return produce(state, (d) => {
        const canon = from.test.canon;
        const must = t.step === 'fsync3' && canon ? (state.fs !== 'rw' ? canon.ifShutdownFirst : canon.ifNoShutdown) : null;
        d.ghost.results.push({ phase: phaseOf(t.step), fd: t.fd, out, need: from.test.need, durable: state.disk.ver, must });
        const after = afterFsync(s, p.fds);
        d.test.step = after.step;
        d.test.fd = after.fd;
        d.test.sub = 'writeback';
        d.test.canon = null;
        d.test.need = 0;
      });
    }
  }
}

function reclaimStep(s: State, a: Action, v: Variant): State | undefined {
  const r = s.reclaim;
  switch (a.type) {
    case 'reclaim-submit':
      if (s.fs !== 'rw' || r.io !== null || r.dirtySeq <= r.reclaimedSeq) return undefined;
      return produce(s, (d) => {
        d.reclaim.io = { upTo: r.dirtySeq, ok: s.device === 'working' };
        if (s.device !== 'working') d.ghost.ioError = true;
      });
    case 'reclaim-write-done':
      if (r.io === null || !r.io.ok) return undefined;
      return produce(s, (d) => {
        d.reclaim.reclaimedSeq = Math.max(r.reclaimedSeq, (r.io as { upTo: number }).upTo);
        d.reclaim.io = null;
      });
    case 'reclaim-write-error':
      if (r.io === null || r.io.ok) return undefined;
      return produce(s, (d) => {
        d.reclaim.io = null;
        if (v !== 'retry-reclaim-writes') shutdown(d);
      });
    default:
      return undefined;
  }
}

export default defineModel<State, Action, Params>({
  name: 'journal/fsync-error-race',
  params: { variant: 'buggy', fds: 2 },
  init: (p) => {
    variantOf(p);
    return [
      {
        device: 'working',
        disk: { ver: 0 },
        journal: { cur: 1, flushed: 0, errSeq: 0, pendingVer: null },
        fs: 'rw',
        inode: { seq: 0, dirty: false, dataDirty: false, lost: false, wbErr: 0 },
        fds: Array.from({ length: p.fds }, () => ({ seen: 0 })),
        test: { step: 'write1', fd: 0, sub: 'writeback', need: 0, canon: null },
        reclaim: { dirtySeq: 0, reclaimedSeq: 0, io: null },
        ghost: { ver: 0, ioError: false, results: [] },
      },
    ];
  },
  actions: (s) => {
    const t = s.test;
    const out: Action[] = [];
    const fd = t.fd;
    switch (t.step) {
      case 'write1':
      case 'write2':
        out.push({ type: 'write', actor: 'test', fd });
        break;
      case 'fsync1':
      case 'fsync2':
      case 'fsync3':
        out.push({ type: `fsync-${t.sub}`, actor: 'test', fd });
        break;
      case 'error-table':
        out.push({ type: 'load-error-table', actor: 'test' });
        break;
      case 'working-table':
        out.push({ type: 'load-working-table', actor: 'test' });
        break;
      case 'reopen':
        out.push({ type: 'reopen', actor: 'test', fd });
        break;
      case 'done':
        break;
    }
    out.push(
      { type: 'reclaim-submit', actor: 'reclaim worker' },
      { type: 'reclaim-write-done', actor: 'reclaim worker' },
      { type: 'reclaim-write-error', actor: 'reclaim worker' },
    );
    return out;
  },
  next: (s, a, p) => {
    const v = variantOf(p);
    return a.actor === 'test' ? testStep(s, a, v, p) : reclaimStep(s, a, v);
  },
  invariants: {
    /** fsync returns 0 only if every change acknowledged before it began is durable. */
    FsyncDurable: (s) => s.ghost.results.every((r) => r.out !== 'ok' || r.durable >= r.need),
    /**
     * The reopened fd's fsync returns what it returns when the shutdown is serialised before it (if the shutdown
     * happened before the fsync returned) or after it (if not): where reclaim's shutdown falls between the
     * commit's steps does not matter.
     */
    FsyncDeterministic: (s) => s.ghost.results.every((r) => r.must === null || r.out === r.must),
    /**
     * generic/441's expectations: the fsyncs before the error table succeed, the first fsync after the failed
     * writes fails on every fd, and the first fsync on a freshly opened fd succeeds.
     */
    ErrorSeenOncePerFd: (s) => s.ghost.results.every((r) => r.out === (r.phase === 2 ? 'EIO' : 'ok')),
  },
  reachable: {
    /** Reclaim's writes do hit the error table in some run. */
    ReclaimTakesIoError: (s) => s.ghost.ioError,
    /** A reopened fd's fsync can succeed: a fix must not fail every fsync. */
    ReopenedFsyncSucceeds: (s) => s.ghost.results.some((r) => r.phase === 3 && r.out === 'ok'),
    /** The reopened fds' fsyncs all complete in a run where reclaim took an I/O error. */
    TestEndsAfterIoError: (s) => s.ghost.ioError && s.test.step === 'done',
  },
  terminal: (s) => s.test.step === 'done',
});
