/**
 * The allocator stuck in journal replay (seed 003: bcachefs issue #1108; its recurrence, bcachefs-tools #628).
 *
 * Upstream:
 * - #1108 (https://github.com/koverstreet/bcachefs/issues/1108, closed 2026-04-19): replay's btree split waits in
 *   `__bch2_wait_on_allocator()` for a metadata device with 1 free bucket and thousands in `need_discard`. Kent
 *   closed it as "addressed by the discard series" of 1.38: c84503104e6a "Fix race in bch2_discard_one_bucket()"
 *   (bcachefs-tools df4552a3b), 49b083488950 "Be more rigorous with need_discard state transitions in trigger"
 *   (1859e805c), c547722e1123 "BTREE_TRIGGER_is_discard" (4b87f88d3, fixup 7f1974e72): races that let buckets
 *   slip through the need_discard pipeline. The seed's hypotheses (the captured `metadata_replicas`, a mount
 *   option) are not what upstream changed.
 * - bcachefs-tools #628 (https://github.com/koverstreet/bcachefs-tools/issues/628), fixed by PR #778, commit
 *   b3bf91dfe "alloc: retry allocator after global wakeups" (2026-07-11): replay stuck again at the same wait. The
 *   waiter filters wakes of `c->allocator.freelist_wait` through the per-device `alloc_wake_counter` snapshots of
 *   the devices its failed request tried (`req->trace`, `alloc_wait_advanced()`); an event that makes another
 *   device usable (a device added: `bch2_recalc_capacity()` -> `bch2_alloc_wake_all()`) wakes it, but the traced
 *   device's counter moved while that device still has no room, so it re-parks: a lost wakeup. (At b3bf91dfe^
 *   `bch2_alloc_wake_all()` bumps every member's counter, so the traced device's counter does move; what re-parks
 *   the waiter is the re-check `__dev_buckets_free() > 1 || !bch2_copygc_can_make_progress()` on that device.)
 *   The fix adds `c->allocator.wake_all_counter`, snapshotted by the request and checked first in
 *   `alloc_wait_advanced()`, and checks for progress before the first `closure_sync()`.
 *
 * Code followed: bcachefs-tools fs/ at b3bf91dfe^ (`lost-wakeup`) and b3bf91dfe (`wake-filter-fixed`);
 * fs/alloc/foreground.c `bch2_bucket_alloc_trans()` (snapshot at `again:` after `closure_wait()`, `!avail` ->
 * `bucket_alloc_blocked`), `alloc_wait_advanced()`, `__bch2_wait_on_allocator()`, `bch2_alloc_wake_dev()`,
 * `bch2_alloc_wake_all()`; fs/alloc/background.c `bch2_trigger_alloc()` (empty -> `need_discard` with
 * `journal_seq_empty`, or the fast list when `journal_seq_nonempty == journal_seq_empty`; `-> free` calls
 * `bch2_alloc_wake_dev()`); fs/alloc/discard.c `bch2_do_discards()` (stops at `journal_seq >=
 * flushed_seq_ondisk + 1`), `bch2_discard_one_bucket()` (the flush gate `journal_seq_empty > flushed_seq_ondisk`,
 * the data type, `bch2_bucket_is_open_safe()`), `__discard_mark_free()`. `discard-open-race` follows
 * `bch2_discard_one_bucket()` at df4552a3b^, where the open check came before the alloc key was looked up.
 *
 * State: `devices[0]` (`vde`, the small metadata device) is modelled bucket by bucket: data type (`free`, `btree`,
 * `need_discard`), `seqEmpty` (`journal_seq_empty`, 0 for a fast-path bucket), `seqNonempty`, whether it is open
 * (`bch2_bucket_is_open()`) and on the fast discard list. `vdf` and the temporary device the admin adds have
 * room and are counts. `wake`: each device's `alloc_wake_counter`; `wakeAll`: `wake_all_counter` (fixed only).
 * `journal`: the open sequence (`cur`), `flushed_seq_ondisk`, whether the open entry holds a commit. `leaf`: the
 * vde bucket of the btree node replay keeps splitting (null once the node lives on other devices); `updates`: the
 * vde buckets the splits' interior updates hold open until they complete (oldest first). `req`: the waiting
 * `alloc_request`: its trace (device, counter snapshot), `wake_all_counter` snapshot, the full devices before
 * `closure_wait()` (`blocking`), and `parked` (the closure is on `freelist_wait`). `worker`: the slow discard
 * worker's bucket between its two steps (`discard-open-race`).
 *
 * Actions:
 * - `reserve_get` (journal replay): the next key's split calls `bch2_btree_reserve_get()` for one node on
 *   `replicas` devices. Success opens a bucket on each, commits the split (the new node's vde bucket becomes
 *   `btree`; the old leaf's bucket goes empty -> `need_discard`, through the trigger) and replays the key.
 *   Failure: the request has snapshotted `wake_all_counter` (fixed variants) and found devices full.
 * - `closure_wait` (journal replay): `closure_wait(&freelist_wait)`, then the full devices' usage is read again
 *   (a bucket freed meanwhile is used: the request starts over) and each is traced with its counter as read now;
 *   from b3bf91dfe, `__bch2_wait_on_allocator()` checks `alloc_wait_advanced()` before the first sleep.
 * - `wait_wakeup` (journal replay): the closure was woken; `alloc_wait_advanced()` decides between retrying
 *   (the request is dropped, the next `reserve_get` starts over) and re-parking.
 * - `update_done` (btree update): the oldest interior update completes and puts its open bucket.
 * - `journal_flush` (journal): the open entry is written: `flushed_seq_ondisk = cur`.
 * - `discard_bucket` (discard worker): `bch2_discard_one_bucket()` then the completion's `__discard_mark_free()`:
 *   the bucket becomes free and the trigger wakes the waiters (`bch2_alloc_wake_dev(vde)`). In
 *   `discard-open-race` it is two steps: `discard_check_open` (in flight, open) then `discard_bucket` (alloc key,
 *   flush gate, data type, discard).
 * - `fast_discard` (fast discard worker): `bch2_do_discards_fast_work()` for a bucket on the fast list.
 * - `add_device` (admin, when `adminAddsDevice`): the workaround Kent gave in #1108 and #628 tried: a temporary
 *   device is added; `bch2_recalc_capacity()` -> `bch2_alloc_wake_all()`.
 *
 * Abstracted, and why it neither hides nor invents the behaviour: one node per split (a split needs at least
 * one; more only needs more buckets); a split's allocation is all-or-nothing and takes the first devices in
 * member order with room (the real allocator orders by free space; the lost wakeup needs only that the waiter's
 * trace holds the full device); vdf and the temporary device have room and no discards (they are never in the
 * trace, so their counters never matter); discard submission, completion and `__discard_mark_free()` are one
 * step (nothing the waiter reads changes in between: the bucket is in flight, so no other discard takes it, and
 * it is `need_discard`, so no allocation takes it); `bch2_journal_noflush_seq()` never applies; copygc is woken
 * by the filter (`bch2_copygc_wakeup()`) but frees nothing here (moving btree nodes off vde needs the same
 * metadata allocation), so `bch2_copygc_can_make_progress(vde)` is a constant true: vde is full of fragmented
 * btree buckets, as in the seed. The stuck-allocator timeout only prints, so it is not modelled. The fast
 * worker's own check-then-act is one step (the slow worker's window suffices to show the race). Each split frees
 * the node the previous split created (replay's keys land in one leaf): the simplest chain in which a node is
 * freed while its interior update still holds its bucket open. A fast-path bucket's need_discard entry is at
 * journal_seq 0, so the slow worker sees it too, as `bch2_do_discards()` does.
 *
 * Scopes: the default (keys=3, free=1, backlog=1, reserve=1, adminAddsDevice) starts vde with one free bucket,
 * which its reserve keeps, and one need_discard bucket awaiting a journal flush: the lost wakeup's scope. The
 * race needs four splits and room on vde: keys=4 free=3 backlog=0 adminAddsDevice=false.
 *
 * Variants (`paramValues.variant`):
 * - `lost-wakeup`: b3bf91dfe^. `wake-filter-fixed`: b3bf91dfe. `wake-counter-no-presleep`: b3bf91dfe's
 *   `wake_all_counter` without its check before the first sleep (a wake between the request's snapshot and
 *   `closure_wait()` finds no closure on the waitlist).
 * - `discard-open-race`: `wake-filter-fixed`'s waiter with the discard worker of df4552a3b^ (open check before the
 *   alloc key); `discard-race-fixed`: the same with df4552a3b's order. Property `NoDiscardOfOpenBucket`.
 *
 * Properties: `ReplayEventuallyCompletes` (eventually every key is replayed) under weak fairness of every worker
 * (replay, btree update, journal, both discard workers) and of the admin when `adminAddsDevice`; a stuck mount's
 * counterexample is a lasso ending in the parked waiter, stuttering. `NoDiscardOfOpenBucket`: a bucket is never
 * discarded while an open bucket still points into it (later node writes into it would be wiped).
 */
import { produce } from 'immer';
import { defineModel } from 'interleave';

type Variant = 'lost-wakeup' | 'wake-counter-no-presleep' | 'wake-filter-fixed' | 'discard-open-race' | 'discard-race-fixed';
type DataType = 'free' | 'btree' | 'need_discard';

interface Bucket {
  readonly type: DataType;
  readonly seqEmpty: number;
  readonly seqNonempty: number;
  readonly open: boolean;
  readonly fast: boolean;
}

interface Request {
  /** The devices that failed, with their counters as read after `closure_wait()` (empty until then). */
  readonly trace: readonly { readonly dev: number; readonly snap: number }[];
  readonly wakeAllSnap: number;
  /** Devices chosen and found full, closure not yet on the waitlist. */
  readonly blocking: readonly number[] | null;
  readonly parked: boolean;
}

interface State {
  readonly replayed: number;
  readonly vde: readonly Bucket[];
  /** Free buckets of vdf and of the temporary device (-1 until the admin adds it). */
  readonly others: readonly number[];
  readonly wake: readonly number[];
  readonly wakeAll: number;
  readonly journal: { readonly cur: number; readonly flushed: number; readonly dirty: boolean };
  readonly leaf: number | null;
  /** The vde buckets the interior updates not yet complete hold open, oldest first. */
  readonly updates: readonly number[];
  readonly req: Request | null;
  readonly worker: number | null;
  readonly ghost: { readonly discardedOpen: boolean };
}

type Action =
  | { readonly type: 'reserve_get' | 'closure_wait' | 'wait_wakeup'; readonly actor: 'journal replay' }
  | { readonly type: 'update_done'; readonly actor: 'btree update' }
  | { readonly type: 'journal_flush'; readonly actor: 'journal' }
  | { readonly type: 'discard_check_open' | 'discard_bucket'; readonly actor: 'discard worker'; readonly bucket: number }
  | { readonly type: 'fast_discard'; readonly actor: 'fast discard worker'; readonly bucket: number }
  | { readonly type: 'add_device'; readonly actor: 'admin' };

interface Params {
  readonly variant: string;
  readonly adminAddsDevice: boolean;
  readonly keys: number;
  /** vde buckets past the leaf: `free` of them free, `backlog` in need_discard awaiting a journal flush. */
  readonly free: number;
  readonly backlog: number;
  readonly reserve: number;
}

const VARIANTS: readonly Variant[] = ['lost-wakeup', 'wake-counter-no-presleep', 'wake-filter-fixed', 'discard-open-race', 'discard-race-fixed'];
const VDE = 0;
const REPLICAS = 2;
/** Free buckets of vdf and of the temporary device: room for every split. */
const ROOM = 8;

const variantOf = (p: Params): Variant => VARIANTS.find((v) => v === p.variant) ?? 'lost-wakeup';
const wakeAllCounter = (v: Variant): boolean => v !== 'lost-wakeup';

/** `__dev_buckets_free()` for vde: free, not open, allocatable buckets above the reserve. */
function vdeAvail(s: State, p: Params): number {
  return s.vde.filter((b) => b.type === 'free' && !b.open && b.seqEmpty <= s.journal.flushed).length - p.reserve;
}

const devAvail = (s: State, dev: number, p: Params): number => (dev === VDE ? vdeAvail(s, p) : (s.others[dev - 1] ?? -1) - p.reserve);

/** Member devices in order: vde, vdf, and the temporary device once added. */
const members = (s: State): number[] => [VDE, 1, ...(s.others[1] !== undefined && s.others[1] >= 0 ? [2] : [])];

/** `closure_wake_up(&c->allocator.freelist_wait)`: the parked closure runs again. */
function wakeWaiters(s: State): Request | null {
  return s.req && s.req.parked ? { ...s.req, parked: false } : s.req;
}

/** `alloc_wait_advanced()`: whether the wake concerns this request, so that it retries. */
function allocWaitAdvanced(s: State, req: Request, p: Params, v: Variant): boolean {
  if (wakeAllCounter(v) && s.wakeAll !== req.wakeAllSnap) return true;
  // vde is full of fragmented btree buckets: bch2_copygc_can_make_progress(vde) is true, so a moved counter counts
  // only when the device has more than one bucket free.
  return req.trace.some((e) => s.wake[e.dev] !== e.snap && (devAvail(s, e.dev, p) > 1 || e.dev !== VDE));
}

/** The alloc trigger for a vde bucket whose btree node is freed by a split committed in `seq`. */
function emptied(b: Bucket, seq: number): Bucket {
  if (b.seqNonempty === seq) return { ...b, type: 'need_discard', seqEmpty: 0, seqNonempty: 0, fast: true };
  return { ...b, type: 'need_discard', seqEmpty: seq };
}

/** `bch2_btree_reserve_get()` and, on success, the split's commit. */
function reserveGet(s: State, p: Params, v: Variant): State {
  const ok = members(s).filter((d) => devAvail(s, d, p) > 0);
  if (ok.length < REPLICAS) {
    // The request snapshots wake_all_counter (b3bf91dfe) before device selection; the closure is not waiting yet.
    const failed = members(s).filter((d) => devAvail(s, d, p) <= 0);
    return { ...s, req: { trace: [], wakeAllSnap: wakeAllCounter(v) ? s.wakeAll : 0, blocking: failed, parked: false } };
  }
  const chosen = ok.slice(0, REPLICAS);
  const seq = s.journal.cur;
  return produce(s, (d) => {
    let newLeaf: number | null = null;
    for (const dev of chosen) {
      if (dev === VDE) {
        newLeaf = s.vde.findIndex((b) => b.type === 'free' && !b.open && b.seqEmpty <= s.journal.flushed);
        d.vde[newLeaf] = { type: 'btree', seqEmpty: 0, seqNonempty: seq, open: true, fast: false };
      } else {
        d.others[dev - 1]! -= 1;
      }
    }
    if (s.leaf !== null) d.vde[s.leaf] = emptied(d.vde[s.leaf]!, seq);
    // The previous updates' open buckets stay open until they complete; this update's join them.
    if (newLeaf !== null) d.updates.push(newLeaf);
    d.leaf = newLeaf;
    d.replayed += 1;
    d.journal.dirty = true;
  });
}

/** The discard and `__discard_mark_free()`: the bucket is free again, and the trigger wakes the waiters. */
function markFree(s: State, bucket: number): State {
  const freed = produce(s, (d) => {
    if (s.vde[bucket]!.open) d.ghost.discardedOpen = true;
    d.vde[bucket] = { type: 'free', seqEmpty: 0, seqNonempty: 0, open: s.vde[bucket]!.open, fast: false };
    d.wake[VDE]! += 1;
    d.journal.dirty = true;
  });
  return { ...freed, req: wakeWaiters(s) };
}

/** What the slow worker's alloc key lookup requires: `bch2_do_discards()`'s range and the flush gate, the data type. */
const discardable = (s: State, b: Bucket | undefined): boolean =>
  b !== undefined && b.type === 'need_discard' && b.seqEmpty <= s.journal.flushed;

function nextState(s: State, a: Action, p: Params): State | undefined {
  const v = variantOf(p);
  switch (a.type) {
    case 'reserve_get':
      if (s.req !== null || s.replayed === p.keys) return undefined;
      return reserveGet(s, p, v);
    case 'closure_wait': {
      // bch2_bucket_alloc_trans(): closure_wait(), then each full device's counter is read again and traced; the
      // error returns to __bch2_wait_on_allocator(), which (from b3bf91dfe) checks for progress before sleeping.
      if (s.req === null || s.req.blocking === null) return undefined;
      // After closure_wait() the device's usage is read again (`goto again`): a bucket freed meanwhile is used.
      if (s.req.blocking.some((dev) => devAvail(s, dev, p) > 0)) return { ...s, req: null };
      const req: Request = { ...s.req, trace: s.req.blocking.map((dev) => ({ dev, snap: s.wake[dev] ?? 0 })), blocking: null, parked: true };
      if (v !== 'wake-counter-no-presleep' && v !== 'lost-wakeup' && allocWaitAdvanced(s, req, p, v)) return { ...s, req: null };
      return { ...s, req };
    }
    case 'wait_wakeup': {
      if (s.req === null || s.req.parked || s.req.blocking !== null) return undefined;
      if (allocWaitAdvanced(s, s.req, p, v)) return { ...s, req: null };
      // Re-park: closure_wait(), then the same check again finds nothing new.
      return { ...s, req: { ...s.req, parked: true } };
    }
    case 'update_done':
      if (s.updates.length === 0) return undefined;
      return produce(s, (d) => {
        d.vde[s.updates[0]!]!.open = false;
        d.updates.shift();
      });
    case 'journal_flush':
      if (!s.journal.dirty) return undefined;
      return { ...s, journal: { cur: s.journal.cur + 1, flushed: s.journal.cur, dirty: false } };
    case 'discard_check_open': {
      const b = s.vde[a.bucket];
      if (v !== 'discard-open-race' || s.worker !== null || b === undefined) return undefined;
      // The need_discard btree entry is in range, and the bucket is not open: remember it, key not yet looked up.
      if (b.type !== 'need_discard' || b.seqEmpty > s.journal.flushed || b.open) return undefined;
      return { ...s, worker: a.bucket };
    }
    case 'discard_bucket': {
      const b = s.vde[a.bucket];
      if (v === 'discard-open-race') {
        if (s.worker !== a.bucket) return undefined;
        // The key now: flush gate and data type; the open check was done before.
        const done = { ...s, worker: null };
        return discardable(s, b) ? markFree(done, a.bucket) : done;
      }
      if (!discardable(s, b) || b!.open) return undefined;
      return markFree(s, a.bucket);
    }
    case 'fast_discard': {
      const b = s.vde[a.bucket];
      if (b === undefined || !b.fast) return undefined;
      // `bch2_discard_one_bucket(fastpath)`: an open bucket is skipped and leaves the fast list (the slow worker
      // finds it at journal_seq 0).
      if (b.type !== 'need_discard' || b.open) return produce(s, (d) => void (d.vde[a.bucket]!.fast = false));
      return markFree(s, a.bucket);
    }
    case 'add_device':
      if (!p.adminAddsDevice || s.others[1] !== -1) return undefined;
      return {
        ...s,
        others: [s.others[0]!, ROOM],
        // bch2_recalc_capacity() -> bch2_alloc_wake_all(): before b3bf91dfe every member's counter moves.
        wake: wakeAllCounter(v) ? s.wake : s.wake.map((c) => c + 1),
        wakeAll: wakeAllCounter(v) ? s.wakeAll + 1 : s.wakeAll,
        req: wakeWaiters(s),
      };
  }
}

export default defineModel<State, Action, Params>({
  name: 'alloc/replay-allocator-stuck',
  params: { variant: 'lost-wakeup', adminAddsDevice: true, keys: 3, free: 1, backlog: 1, reserve: 1 },
  paramValues: { variant: [...VARIANTS] },
  init: (p) => {
    const leaf: Bucket = { type: 'btree', seqEmpty: 0, seqNonempty: 0, open: false, fast: false };
    const free: Bucket = { type: 'free', seqEmpty: 0, seqNonempty: 0, open: false, fast: false };
    // The backlog: buckets emptied in the open journal entry, discardable once it is flushed.
    const pending: Bucket = { type: 'need_discard', seqEmpty: 1, seqNonempty: 0, open: false, fast: false };
    return [
      {
        replayed: 0,
        vde: [leaf, ...Array.from({ length: p.free }, () => free), ...Array.from({ length: p.backlog }, () => pending)],
        others: [ROOM, -1],
        wake: [0, 0, 0],
        wakeAll: 0,
        journal: { cur: 1, flushed: 0, dirty: true },
        leaf: 0,
        updates: [],
        req: null,
        worker: null,
        ghost: { discardedOpen: false },
      },
    ];
  },
  actions: (s) => [
    { type: 'reserve_get', actor: 'journal replay' },
    { type: 'closure_wait', actor: 'journal replay' },
    { type: 'wait_wakeup', actor: 'journal replay' },
    { type: 'update_done', actor: 'btree update' },
    { type: 'journal_flush', actor: 'journal' },
    ...s.vde.flatMap((_, bucket): Action[] => [
      { type: 'discard_check_open', actor: 'discard worker', bucket },
      { type: 'discard_bucket', actor: 'discard worker', bucket },
      { type: 'fast_discard', actor: 'fast discard worker', bucket },
    ]),
    { type: 'add_device', actor: 'admin' },
  ],
  next: nextState,
  // Once replay is done the workers may still run; a state where nothing is left to do is a proper end.
  terminal: (s, p) => s.replayed === p.keys,
  invariants: {
    /** A bucket is never discarded while an open bucket still points into it. */
    NoDiscardOfOpenBucket: (s) => !s.ghost.discardedOpen,
  },
  reachable: {
    /** Some run of the mount finishes journal replay. */
    ReplayCompletes: (s, p) => s.replayed === p.keys,
    /** Some run parks the split's request: the allocator does block. */
    ReplayWaits: (s) => s.req !== null && s.req.parked,
  },
  properties: {
    /** Every run of the mount finishes journal replay, under the fairness below. */
    ReplayEventuallyCompletes: { kind: 'eventually', p: (s, p) => s.replayed === p.keys },
  },
  // Every worker is a kernel thread or work item that runs when it has work: weakly fair. The admin adds the
  // device eventually only when `adminAddsDevice` says so.
  fairness: (p) =>
    [
      { name: 'WF(journal replay)', actions: (a: Action) => a.actor === 'journal replay' },
      { name: 'WF(btree update)', actions: (a: Action) => a.actor === 'btree update' },
      { name: 'WF(journal)', actions: (a: Action) => a.actor === 'journal' },
      { name: 'WF(discard worker)', actions: (a: Action) => a.actor === 'discard worker' },
      { name: 'WF(fast discard worker)', actions: (a: Action) => a.actor === 'fast discard worker' },
      ...(p.adminAddsDevice ? [{ name: 'WF(add_device)', actions: (a: Action) => a.type === 'add_device' }] : []),
    ].map((f) => ({ kind: 'weak' as const, ...f })),
});
