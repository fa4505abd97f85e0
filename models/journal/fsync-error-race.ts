/**
 * fsync error reporting against journal reclaim on bcachefs (seed 002: Brian Foster, 2023-01-25, "fstests
 * generic/441 -- occasional bcachefs failure", linux-bcachefs@vger.kernel.org).
 *
 * generic/441 (`src/fsync-err.c`) opens a file through several fds, writes through each and fsyncs each, loads
 * dm-error's error table, writes through each fd again and fsyncs each (every fd must see the error once), loads
 * the working table again, then closes, reopens (`O_WRONLY | O_CREAT | O_TRUNC`) and fsyncs each fd (a fresh open
 * must see no error: "Second open of fd[i] failed" and "First fsync after reopen of fd[i] failed" otherwise).
 *
 * Code followed (bcachefs-tools mirror of the kernel sources): libbcachefs/fs-io.c and fs.c at 8accfdc3c
 * (2023-01-16, the seed's time): `bch2_fsync()` runs `file_write_and_wait_range()`, `sync_inode_metadata()` and
 * `bch2_flush_inode()` whatever the earlier ones returned and returns `ret ?: ret2 ?: ret3`, so the EROFS of a
 * failed inode commit is returned, not swallowed; `bchfs_truncate()` (reached from open(O_TRUNC) through
 * `bch2_setattr()`) refuses with `bch2_journal_error()` (EIO once `bch2_journal_halt()` ran) and otherwise commits
 * the truncate synchronously, so the reopen's change is committed by the open, not by the fsync; a journal write
 * error calls `bch2_fatal_error()` (journal_io.c `journal_write_done()`), and `bch2_journal_flush_seq_async()`
 * returns EIO for `seq >= err_seq`. The writeback flusher is a second caller of `bch2_vfs_write_inode()`: the VFS
 * clears I_DIRTY_SYNC first and drops its error.
 *
 * Upstream's fixes (bcachefs-tools ids): 0a02038a9 (Brian Foster, 2023-12-05, "return from fsync on writeback
 * error to avoid early shutdown": `bch2_fsync()` returns at the first failing step, so a failed writeback no
 * longer goes on to flush the journal into the error table and shut the file system down; its message says this
 * together with a test change avoiding the race at the dm table switch makes generic/441 pass); b07be5ed9
 * (2024-04-13, "Fix missing write refs in fs fio paths": `bch2_flush_inode()` returns EROFS without a write ref,
 * i.e. once the file system is shut down); d86d01814 (2024-05-08, "fsync() should not return -EROFS": EROFS is
 * returned as EIO).
 *
 * State:
 * - `device`: the dm table, `working` or `error`. I/O issued while `error` is loaded fails.
 * - `journal.cur` (`journal_cur_seq()`, the open entry), `journal.flushed` (`j->flushed_seq_ondisk`),
 *   `journal.errSeq` (`j->err_seq`, 0 while the journal is healthy), `journal.pending` (the file as the commits
 *   in unflushed entries describe it, once they describe a whole version: its version and its data's version).
 * - `fs`: `rw`, or `emergency-ro` after `bch2_fs_emergency_read_only()` (commits then fail with EROFS).
 * - `inode.seq`: `bi_journal_seq`, set by the `bch2_mark_inode()` trigger of every commit that updates the inode.
 *   `inode.dirty`: I_DIRTY_SYNC (times to write through `write_inode`). `inode.data`: the data version the
 *   committed extents point at (null for an empty file). `inode.dataDirty`: dirty page cache. `inode.lost`: a
 *   change was dropped (failed writeback, or the flusher's failed `write_inode`) until a truncate supersedes it.
 *   `inode.wbErr`: the mapping's `wb_err` (errseq), counted in errors.
 * - `fds[i].seen`: the fd's `file->f_wb_err`, sampled at open and advanced by `file_check_and_advance_wb_err()`.
 * - `test`: fsync-err's program counter (`step`, the fd, the fsync's sub-step); `need` is the file version the
 *   running fsync must make durable; `err` its first error so far; `canon` the outcomes the reopened fd's fsync
 *   would have had if the shutdown had been serialised before it or had not happened during it.
 * - `reclaim`: the reclaim worker: `dirtySeq` the newest journal sequence whose btree updates are not yet
 *   written back, `reclaimedSeq` the newest written back, `io` the btree write in flight and whether it succeeds.
 * - `disk`: the block device under dm, a crash-library `Device` with a volatile write cache. Sector 0 holds the
 *   newest journal entry written, as the file it describes (`{ ver, data }`); data version v is written to sector
 *   v. Writeback writes data without FUA; the journal write is REQ_PREFLUSH | REQ_FUA.
 * - `ghost`: the acknowledged file version, whether reclaim took an I/O error, whether the flusher dropped a
 *   change, and every open's and fsync's result. `recovered`: after a crash, the file journal replay finds.
 *
 * Actions (actor `test` unless stated):
 * - `write(tick)`: a buffered write through one fd (page cache dirty). `file_update_time()` dirties the inode
 *   only when the coarse clock moved since the times were set (`tick`); both happen, so both are explored.
 * - `fsync-writeback` (`file_write_and_wait_range()`): dirty data is written and its extent update committed
 *   (moving `inode.seq`); on an error table or a shut-down file system the writeback fails and `wb_err` advances;
 *   the fd's errseq is then checked and advanced.
 * - `fsync-commit-begin`, `fsync-commit-triggers` (`sync_inode_metadata()` -> `bch2_vfs_write_inode()` ->
 *   `bch2_trans_commit()`, only when I_DIRTY_SYNC): the flag is cleared, the commit checks that the file system is
 *   writable (EROFS otherwise), takes its locks, then runs `bch2_mark_inode()` (`inode.seq` = the open entry).
 * - `fsync-flush` (`bch2_flush_inode()` -> `bch2_journal_flush_seq(inode.seq)`): 0 if the sequence is on disk,
 *   EIO if `err_seq` is set at or below it; otherwise the journal is written (into the error table that write
 *   fails and shuts the file system down). The fsync returns its first error (`buggy`, `recheck-after-lock`) or
 *   returns at the first failing step (`early-return`, `shutdown-fails-fsync`).
 * - `reopen`: close and open(O_TRUNC): `bchfs_truncate()` fails the open with EIO if the journal is halted (the
 *   test stops), else commits the truncated inode; the new file samples `wb_err`.
 * - `flusher-write-inode` (writeback flusher): `write_inode` of a dirty inode, but not while the fsync's own
 *   `write_inode` runs (I_SYNC serialises them); the VFS drops its EROFS and the change with it.
 * - `load-error-table`, `load-working-table`: dmsetup table switches.
 * - `reclaim-submit`, `reclaim-write-done`, `reclaim-write-error` (reclaim worker): journal reclaim writes back
 *   btree updates; a write issued into the error table completes with an error and shuts the file system down.
 * - `Crash` (generated by `withCrashes`, at most `maxCrashes` per behaviour, default 1): power fails wherever the
 *   test is, with any subset of the disk's unflushed writes persisted; the journal is replayed (`recovered`).
 *
 * Abstracted, and why: the key cache and btree nodes (one `dirtySeq` range for reclaim: all reclaim decides is
 * whether a write lands in the error table); journal buffers, pins, space and watermarks (a flush writes every
 * open entry as one sector; nothing here waits for journal space, so no verdict rests on it); extents and sizes
 * (a file version counts changes; its data is one block); the truncate's two inode commits and fpunch are one
 * commit (nothing else runs between them under the inode lock); the non-simple mode's extra fsync; transaction
 * restarts; torn writes. Each action is one atomic step.
 *
 * Variants (`paramValues.variant`):
 * - `buggy`: 8accfdc3c. `recheck-after-lock`: the seed's suggestion, on `buggy`: the commit rechecks the journal
 *   error after taking its locks and fails with EROFS before the triggers run.
 * - `early-return`: 0a02038a9. `shutdown-fails-fsync`: 0a02038a9 + b07be5ed9 + d86d01814.
 *
 * Verdicts: `FsyncDurable` (checked on every state a crash recovers to) violated means an fsync returned 0
 * while a change acknowledged before it began did not survive a crash after it returned. `FsyncDeterministic`
 * violated means the reopened fd's fsync returned something other than what it returns when the shutdown is
 * serialised before it (if the shutdown happened before it returned) or after it. `ErrorSeenOncePerFd`
 * violated means generic/441 fails: an fd did not see the error after the failed writes, or the reopen or the
 * fsync after it failed.
 */
import { produce, type Draft } from 'immer';
import { createDevice, defineModel, deviceFromImage, read, withCrashes, write, type Device, type Value } from 'interleave';

type Variant = 'buggy' | 'recheck-after-lock' | 'early-return' | 'shutdown-fails-fsync';
type Outcome = 'ok' | 'EIO' | 'EROFS';
type Step = 'write1' | 'fsync1' | 'error-table' | 'write2' | 'fsync2' | 'working-table' | 'reopen' | 'fsync3' | 'done' | 'crashed';
type Sub = 'writeback' | 'commit-begin' | 'commit-triggers' | 'flush';

interface FsyncResult {
  readonly phase: 1 | 2 | 3;
  readonly fd: number;
  /** `open` for the reopen's open(O_TRUNC) (its truncate), `fsync` otherwise. */
  readonly op: 'open' | 'fsync';
  readonly out: Outcome;
  /** The file version acknowledged when the fsync began: what a 0 promises to keep across a crash. */
  readonly need: number;
  /** For post-reopen fsyncs: the outcome it must have (see `FsyncDeterministic`). */
  readonly must: Outcome | null;
}

/** The file as a journal entry describes it: its version, and the data version its extents point at. */
type FileRecord = { readonly ver: number; readonly data: number | null };

interface State {
  readonly device: 'working' | 'error';
  readonly disk: Device;
  readonly journal: { readonly cur: number; readonly flushed: number; readonly errSeq: number; readonly pending: FileRecord | null };
  readonly fs: 'rw' | 'emergency-ro';
  readonly inode: {
    readonly seq: number;
    readonly data: number | null;
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
    /** The first error of the running fsync (`ret ?: ret2 ?: ret3`), while its later steps still run. */
    readonly err: Outcome | null;
    readonly canon: { readonly ifShutdownFirst: Outcome; readonly ifNoShutdown: Outcome } | null;
  };
  readonly reclaim: {
    readonly dirtySeq: number;
    readonly reclaimedSeq: number;
    readonly io: { readonly upTo: number; readonly ok: boolean } | null;
  };
  readonly ghost: {
    readonly ver: number;
    readonly ioError: boolean;
    /** The writeback flusher's `write_inode` got EROFS: the error went nowhere and the change was dropped. */
    readonly flusherDropped: boolean;
    readonly results: readonly FsyncResult[];
  };
  /** The file after reboot and journal replay; null before any crash. */
  readonly recovered: { readonly ver: number; readonly dataLost: boolean } | null;
}

type FdType = 'fsync-writeback' | 'fsync-commit-begin' | 'fsync-commit-triggers' | 'fsync-flush' | 'reopen';

type Action =
  | { readonly type: FdType; readonly actor: 'test'; readonly fd: number }
  /** `tick`: the coarse clock moved since the times were last set, so `file_update_time()` dirties the inode. */
  | { readonly type: 'write'; readonly actor: 'test'; readonly fd: number; readonly tick: boolean }
  | { readonly type: 'load-error-table' | 'load-working-table'; readonly actor: 'test' }
  | { readonly type: 'flusher-write-inode'; readonly actor: 'writeback flusher' }
  | { readonly type: 'reclaim-submit' | 'reclaim-write-done' | 'reclaim-write-error'; readonly actor: 'reclaim worker' };

interface Params {
  readonly variant: string;
  readonly fds: number;
}

const VARIANTS: readonly Variant[] = ['buggy', 'recheck-after-lock', 'early-return', 'shutdown-fails-fsync'];

const variantOf = (p: Params): Variant => VARIANTS.find((x) => x === p.variant) ?? 'buggy';
/** 0a02038a9: `bch2_fsync()` returns at the first step that fails. */
const earlyReturn = (v: Variant): boolean => v === 'early-return' || v === 'shutdown-fails-fsync';

/** `bch2_fs_emergency_read_only()`: the file system stops writing and the journal is halted. */
function shutdown(d: Draft<State>): void {
  d.fs = 'emergency-ro';
  if (d.journal.errSeq === 0) d.journal.errSeq = d.journal.cur;
}

/**
 * A committed update at the open journal entry; once nothing else is pending, the journal describes the whole
 * acknowledged version (its inode and the extents of its data).
 */
function commitAtCur(d: Draft<State>, ghostVer: number): void {
  d.inode.seq = d.journal.cur;
  d.reclaim.dirtySeq = d.journal.cur;
  if (!d.inode.dirty && !d.inode.dataDirty && !d.inode.lost) d.journal.pending = { ver: ghostVer, data: d.inode.data };
}

/** Sector 0 holds the newest journal entry on disk; data extents are written out of place, version v to sector v. */
const JOURNAL = 0;
const diskSectors = (p: Params): number => 3 * p.fds + 1;

/** What recovery finds: the file the newest journal entry on disk describes, if the data it points at is there. */
function recoveredFile(image: readonly Value[]): { ver: number; dataLost: boolean } {
  const rec = image[JOURNAL] as FileRecord | null;
  if (rec === null) return { ver: 0, dataLost: false };
  return { ver: rec.ver, dataLost: rec.data !== null && image[rec.data] !== rec.data };
}

/** The step after the fsync's current one, or the step after the whole fsync. */
function afterFsync(s: State, fds: number): { step: Step; fd: number } {
  const { step, fd } = s.test;
  if (step === 'fsync3') return fd + 1 < fds ? { step: 'reopen', fd: fd + 1 } : { step: 'done', fd: 0 };
  if (fd + 1 < fds) return { step, fd: fd + 1 };
  return { step: step === 'fsync1' ? 'error-table' : 'working-table', fd: 0 };
}

const phaseOf = (step: Step): 1 | 2 | 3 => (step === 'fsync1' ? 1 : step === 'fsync2' ? 2 : 3);

/** What `bch2_fsync()` returns: the error class, with EROFS reported as EIO from d86d01814 on. */
const returned = (out: Outcome, v: Variant): Outcome => (v === 'shutdown-fails-fsync' && out === 'EROFS' ? 'EIO' : out);

/**
 * One step of the running fsync, without the bookkeeping of `FsyncDeterministic`. Returns the next state and,
 * when the fsync returns, its outcome (the state then still has the test inside the fsync). A step that fails
 * returns at once with `early-return` and `shutdown-fails-fsync`; otherwise its error is kept in `test.err` and
 * the next steps still run (`ret ?: ret2 ?: ret3`).
 */
function fsyncStep(s: State, v: Variant): { state: State; out: Outcome | null } {
  const sub = s.test.sub;
  let out: Outcome | null = null;
  const fail = (d: Draft<State>, err: Outcome, next: Sub): void => {
    if (earlyReturn(v)) out = returned(err, v);
    else {
      d.test.err = d.test.err ?? err;
      d.test.sub = next;
    }
  };
  const state = produce(s, (d) => {
    switch (sub) {
      case 'writeback': {
        if (s.inode.dataDirty) {
          if (s.device === 'working' && s.fs === 'rw') {
            // The data goes to a new extent, without FUA: durable only once a flush covers it.
            const ver = s.ghost.ver;
            d.disk = write(s.disk, { id: `data${ver}`, sector: ver, data: [ver] }) as Draft<Device>;
            d.inode.dataDirty = false;
            d.inode.data = ver;
            commitAtCur(d, s.ghost.ver);
          } else {
            d.inode.dataDirty = false;
            d.inode.lost = true;
            d.inode.wbErr += 1;
          }
        }
        // file_write_and_wait_range(): file_check_and_advance_wb_err().
        const fd = d.fds[s.test.fd] as { seen: number };
        const err = fd.seen < d.inode.wbErr;
        fd.seen = d.inode.wbErr;
        const next: Sub = d.inode.dirty ? 'commit-begin' : 'flush';
        if (err) fail(d, 'EIO', next);
        else d.test.sub = next;
        return;
      }
      case 'commit-begin':
        // sync_inode_metadata(): nothing if the flusher wrote the inode meanwhile; else the VFS clears
        // I_DIRTY_SYNC, then bch2_vfs_write_inode() commits.
        if (!s.inode.dirty) {
          d.test.sub = 'flush';
          return;
        }
        d.inode.dirty = false;
        if (s.fs !== 'rw') fail(d, 'EROFS', 'flush');
        else d.test.sub = 'commit-triggers';
        return;
      case 'commit-triggers':
        if (v === 'recheck-after-lock' && s.journal.errSeq !== 0) {
          fail(d, 'EROFS', 'flush');
          return;
        }
        commitAtCur(d, s.ghost.ver);
        d.test.sub = 'flush';
        return;
      case 'flush': {
        // bch2_flush_inode(); from b07be5ed9 it needs a write ref, which a shut-down file system refuses.
        const seq = s.inode.seq;
        let res: Outcome;
        if (v === 'shutdown-fails-fsync' && s.fs !== 'rw') res = 'EROFS';
        else if (seq <= s.journal.flushed) res = 'ok';
        else if (s.journal.errSeq !== 0 && seq >= s.journal.errSeq) res = 'EIO';
        else if (s.device === 'error') {
          shutdown(d);
          res = 'EIO';
        } else {
          // The journal write is REQ_PREFLUSH | REQ_FUA: it makes the data written before it durable too.
          const entry = s.journal.pending ?? read(s.disk, JOURNAL);
          d.disk = write(s.disk, { id: 'journal', sector: JOURNAL, data: [entry], preflush: true, fua: true }) as Draft<Device>;
          d.journal.flushed = s.journal.cur;
          d.journal.cur = s.journal.cur + 1;
          d.journal.pending = null;
          res = 'ok';
        }
        out = returned(s.test.err ?? res, v);
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
const doomed = (s: State): boolean => s.fs !== 'rw' || (s.reclaim.io !== null && !s.reclaim.io.ok);

/**
 * open(O_TRUNC): `bchfs_truncate()` refuses once the journal has an error (`bch2_journal_error()`), else commits
 * the new size at once (`bch2_write_inode(bch2_truncate_start_fn)`, then `bch2_setattr_nonsize()`): the open
 * returns with the truncate committed in the open journal entry. The new file samples `wb_err`.
 */
function reopen(s: State, fd: number): State {
  const t = s.test;
  if (s.journal.errSeq !== 0 || s.fs !== 'rw') {
    // "Second open of fd[i] failed": the test stops.
    return produce(s, (d) => {
      d.ghost.results.push({ phase: 3, fd, op: 'open', out: s.journal.errSeq !== 0 ? 'EIO' : 'EROFS', need: 0, must: null });
      d.test.step = 'done';
      d.test.fd = 0;
    });
  }
  return produce(s, (d) => {
    (d.fds[t.fd] as { seen: number }).seen = s.inode.wbErr;
    d.ghost.ver += 1;
    d.inode.dataDirty = false;
    d.inode.lost = false;
    d.inode.data = null;
    // The commit writes the whole truncated inode; I_DIRTY_SYNC, if set, stays set.
    d.inode.seq = s.journal.cur;
    d.reclaim.dirtySeq = s.journal.cur;
    d.journal.pending = { ver: d.ghost.ver, data: null };
    d.test.step = 'fsync3';
    d.test.sub = 'writeback';
  });
}

function testStep(s: State, a: Action & { actor: 'test' }, v: Variant, p: Params): State | undefined {
  const t = s.test;
  if ('fd' in a && a.fd !== t.fd) return undefined;
  switch (a.type) {
    case 'write':
      if (t.step !== 'write1' && t.step !== 'write2') return undefined;
      return produce(s, (d) => {
        d.ghost.ver += 1;
        d.inode.dataDirty = true;
        if (a.tick) d.inode.dirty = true;
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
      return reopen(s, t.fd);
    default: {
      if (t.step !== 'fsync1' && t.step !== 'fsync2' && t.step !== 'fsync3') return undefined;
      if (a.type !== `fsync-${t.sub}`) return undefined;
      let from = s;
      if (t.sub === 'writeback') {
        // The fsync begins: fix what it must make durable and, after a reopen, the outcomes it must have.
        const ifNoShutdown = t.step === 'fsync3' ? runFsync(s, v) : null;
        const ifShutdownFirst = doomed(s) ? runFsync(produce(s, (d) => shutdown(d)), v) : ifNoShutdown;
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
        d.ghost.results.push({ phase: phaseOf(t.step), fd: t.fd, op: 'fsync', out, need: from.test.need, must });
        const after = afterFsync(s, p.fds);
        d.test.step = after.step;
        d.test.fd = after.fd;
        d.test.sub = 'writeback';
        d.test.canon = null;
        d.test.need = 0;
        d.test.err = null;
      });
    }
  }
}

/**
 * The writeback flusher's `write_inode` (`writeback_single_inode()` from the flusher work): I_DIRTY_SYNC is
 * cleared before `bch2_vfs_write_inode()` runs, and its error goes nowhere, so on a shut-down file system the
 * change is dropped. Not while the fsync's own `write_inode` runs (I_SYNC serialises the two).
 */
function flusherStep(s: State): State | undefined {
  if (!s.inode.dirty || s.test.step === 'done' || s.test.step === 'crashed') return undefined;
  if (s.test.step.startsWith('fsync') && s.test.sub === 'commit-triggers') return undefined;
  return produce(s, (d) => {
    d.inode.dirty = false;
    if (s.fs === 'rw') commitAtCur(d, s.ghost.ver);
    else {
      d.inode.lost = true;
      d.ghost.flusherDropped = true;
    }
  });
}

function reclaimStep(s: State, a: Action): State | undefined {
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
        shutdown(d);
      });
    default:
      return undefined;
  }
}

/** A freshly mounted file system with the test at `step`, on `disk`. */
function mounted(p: Params, disk: Device, step: Step): State {
  return {
    device: 'working',
    disk,
    journal: { cur: 1, flushed: 0, errSeq: 0, pending: null },
    fs: 'rw',
    inode: { seq: 0, data: null, dirty: false, dataDirty: false, lost: false, wbErr: 0 },
    fds: Array.from({ length: p.fds }, () => ({ seen: 0 })),
    test: { step, fd: 0, sub: 'writeback', need: 0, err: null, canon: null },
    reclaim: { dirtySeq: 0, reclaimedSeq: 0, io: null },
    ghost: { ver: 0, ioError: false, flusherDropped: false, results: [] },
    recovered: null,
  };
}

const fsyncErrorRace = defineModel<State, Action, Params>({
  name: 'journal/fsync-error-race',
  params: { variant: 'buggy', fds: 2 },
  paramValues: { variant: [...VARIANTS] },
  init: (p) => [mounted(p, createDevice(diskSectors(p)), 'write1')],
  actions: (s) => {
    const t = s.test;
    const out: Action[] = [];
    const fd = t.fd;
    switch (t.step) {
      case 'write1':
      case 'write2':
        out.push({ type: 'write', actor: 'test', fd, tick: true }, { type: 'write', actor: 'test', fd, tick: false });
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
      case 'crashed':
        break;
    }
    out.push(
      { type: 'flusher-write-inode', actor: 'writeback flusher' },
      { type: 'reclaim-submit', actor: 'reclaim worker' },
      { type: 'reclaim-write-done', actor: 'reclaim worker' },
      { type: 'reclaim-write-error', actor: 'reclaim worker' },
    );
    return out;
  },
  next: (s, a, p) => {
    const v = variantOf(p);
    if (a.actor === 'test') return testStep(s, a, v, p);
    if (a.actor === 'writeback flusher') return flusherStep(s);
    return reclaimStep(s, a);
  },
  invariants: {
    /**
     * The reopened fd's fsync returns what it returns when the shutdown is serialised before it (if the shutdown
     * happened before the fsync returned) or after it (if not): where reclaim's shutdown falls between the
     * fsync's steps does not matter.
     */
    FsyncDeterministic: (s) => s.ghost.results.every((r) => r.must === null || r.out === r.must),
    /**
     * generic/441's expectations: the fsyncs before the error table succeed, the first fsync after the failed
     * writes fails on every fd, and the reopen and the first fsync on a freshly opened fd succeed.
     */
    ErrorSeenOncePerFd: (s) => s.ghost.results.every((r) => (r.phase === 2 ? r.out !== 'ok' : r.out === 'ok')),
  },
  reachable: {
    /** Reclaim's writes do hit the error table in some run. */
    ReclaimTakesIoError: (s) => s.ghost.ioError,
    /** A reopened fd's fsync can succeed: a fix must not fail every fsync. */
    ReopenedFsyncSucceeds: (s) => s.ghost.results.some((r) => r.phase === 3 && r.op === 'fsync' && r.out === 'ok'),
    /** The reopened fds' fsyncs all complete in a run where reclaim took an I/O error. */
    TestEndsAfterIoError: (s) =>
      s.ghost.ioError && s.test.step === 'done' && s.ghost.results.some((r) => r.phase === 3 && r.op === 'fsync'),
    /** The flusher's write_inode does meet a shut-down file system, and its EROFS goes nowhere. */
    FlusherDropsChange: (s) => s.ghost.flusherDropped,
  },
  terminal: (s) => s.test.step === 'done' || s.test.step === 'crashed',
});

export default withCrashes(fsyncErrorRace, {
  devices: (s) => ({ disk: s.disk }),
  /**
   * Power is lost wherever the test is; the machine reboots and the journal is replayed. The test does not go
   * on; what each fsync returned before the crash is kept, as the promise `FsyncDurable` holds it to.
   */
  recover(images, before, p): State {
    const image = images.disk ?? [];
    return { ...mounted(p, deviceFromImage(image), 'crashed'), ghost: before.ghost, recovered: recoveredFile(image) };
  },
  afterCrash: {
    /** fsync returns 0 only if every change acknowledged before it began survives a crash after it returned. */
    FsyncDurable: (s) =>
      s.ghost.results.every(
        (r) => r.op !== 'fsync' || r.out !== 'ok' || (s.recovered !== null && !s.recovered.dataLost && s.recovered.ver >= r.need),
      ),
  },
});
