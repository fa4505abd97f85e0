/**
 * The early bucket allocator race (seed 001: Brian Foster and Kent Overstreet, October 2023, generic/113
 * "duplicate backpointer").
 *
 * Before the freespace btree is initialised, `bch2_bucket_alloc_early()` finds free buckets by scanning the alloc
 * btree with a non-cached iterator (`for_each_btree_key_norestart(..., BTREE_ITER_SLOTS)`). The alloc btree is
 * cached: its updates go to the btree key cache and reach the btree later, when journal reclaim flushes them.
 * `bch2_btree_iter_peek_slot()` -> `btree_trans_peek_key_cache()` returns the key-cache version of a key when one
 * exists, but when the key is not in the key cache it returns the btree key without locking the key-cache slot.
 * The btree node lock the scanning task holds does not stop another task from updating that alloc key through
 * the key cache, so the key the task read can change under it.
 *
 * State, per bucket (index = bucket number on one device):
 * - `btree[b]`: the alloc key in the alloc btree (`bch_alloc_v4.data_type`, free or user).
 * - `keyCache[b]`: the `struct bkey_cached` for the alloc key, or null when the key is not in the key cache;
 *   `dirty` is `BKEY_CACHED_DIRTY`. A task reads key cache over btree (`btree_trans_peek_key_cache`).
 * - `freespace[b]`: the bucket's key in the freespace btree (used by the `freelist` variant only; the alloc
 *   trigger deletes it in the same transaction that marks the bucket used).
 * - `open[b]`: the bucket is in the open-bucket hash (`bch2_open_bucket_hash_add`), so `bch2_bucket_is_open()`
 *   is true; `bch2_open_bucket_put()` removes it.
 * - `backpointers[b]`: the writes (by task number) whose data the bucket holds, as recorded by the backpointers
 *   inserted in the index update after each write.
 * Per task (`struct btree_trans` of one allocating writer; one write each):
 * - `pc`: idle -> (buggy) selected, or (cached-iter, freelist) scanned -> selected -> opened -> written ->
 *   updated -> done; `failed` when no free bucket was found (`-BCH_ERR_freelist_empty`).
 * - `bucket`: the candidate, then the open bucket. `seen`: the alloc key value the task decides on.
 * - `btreeLock`: the bucket whose btree slot the task holds read-locked: the alloc btree leaf position of the
 *   scan (`iter`), or in `freelist` the freespace btree position. `cacheLock`: the bucket whose key-cache slot
 *   (`bkey_cached` six lock) the task holds read-locked through a `BTREE_ITER_CACHED` iterator.
 *
 * Actions (actor `task<n>` unless stated):
 * - `select_bucket`: the scan returns bucket b's key (key cache over btree) and it is free; the task keeps the
 *   btree slot locked. Which free bucket the scan lands on depends on `ca->alloc_cursor` and on skipped buckets;
 *   the model lets it be any free one. `alloc_fail`: no free bucket at all.
 * - `lookup_cached` (cached-iter: the second iterator `citer` of Kent's fix; freelist: the alloc lookup in
 *   `try_alloc_bucket()`): fills the key cache slot from the btree if absent (`btree_key_cache_fill`), locks it,
 *   and re-reads the key; not free -> back to idle.
 * - `open_bucket`: `__try_alloc_bucket()` under `freelist_lock`: `bch2_bucket_is_open()` true -> skip (idle);
 *   false -> `bch2_open_bucket_alloc()` + hash add. The task's iterators exit: its locks are dropped.
 * - `write_data`: the write I/O into the open bucket completes.
 * - `update_alloc_key`: the index update: the alloc key becomes user through the key cache
 *   (`bch2_btree_insert_key_cached`, needs the key-cache slot write lock, so no other task may hold it) and the
 *   backpointer is inserted; in `freelist` the trigger also deletes the freespace key (needs that btree slot's
 *   write lock).
 * - `release_bucket`: `bch2_open_bucket_put()` -> `bch2_open_bucket_hash_remove()`.
 * - `key_cache_flush` (actor `journal reclaim`): `btree_key_cache_flush_pos()` writes a dirty entry to the btree;
 *   it needs the btree slot's write lock. `key_cache_evict` (actor `shrinker`): a clean, unlocked entry leaves.
 *
 * Abstracted away: bucket generations, sectors and partial buckets (one write fills a bucket), buckets becoming
 * free again, the journal, transaction restarts (every action is one atomic step under the locks it names), and
 * btree nodes holding many keys (locks are per bucket slot, which only allows more interleavings).
 *
 * Variants: `buggy` (the scan alone, as in the seed), `cached-iter` (Kent's fix: a `BTREE_ITER_CACHED` iterator on
 * each candidate), `freelist` (`bch2_bucket_alloc_freelist()`: freespace btree scan, then a cached alloc lookup).
 *
 * Verdicts: `NoDoubleAllocation` violated means two writes can land in one bucket (the duplicate backpointer of
 * generic/113). `LockedKeyIsCurrent` violated means a task can act on an alloc key that changed although it held
 * the lock it relied on: Kent's "does not necessarily keep it locked for the duration of the transaction". Both
 * holding at a scope means no interleaving of these steps at that scope double-allocates.
 */
import { produce } from 'immer';
import { defineModel } from 'interleave';

type Variant = 'buggy' | 'cached-iter' | 'freelist';
type DataType = 'free' | 'user';
type Pc = 'idle' | 'scanned' | 'selected' | 'opened' | 'written' | 'updated' | 'done' | 'failed';

interface CachedKey {
  readonly key: DataType;
  readonly dirty: boolean;
}

interface Task {
  readonly pc: Pc;
  readonly bucket: number | null;
  readonly seen: DataType | null;
  readonly btreeLock: number | null;
  readonly cacheLock: number | null;
}

interface State {
  readonly btree: readonly DataType[];
  readonly keyCache: readonly (CachedKey | null)[];
  readonly freespace: readonly boolean[];
  readonly open: readonly boolean[];
  readonly backpointers: readonly (readonly number[])[];
  readonly tasks: readonly Task[];
}

type Action =
  | { readonly type: 'select_bucket'; readonly actor: string; readonly task: number; readonly bucket: number }
  | {
      readonly type: 'alloc_fail' | 'lookup_cached' | 'open_bucket' | 'write_data' | 'update_alloc_key' | 'release_bucket';
      readonly actor: string;
      readonly task: number;
    }
  | { readonly type: 'key_cache_flush'; readonly actor: 'journal reclaim'; readonly bucket: number }
  | { readonly type: 'key_cache_evict'; readonly actor: 'shrinker'; readonly bucket: number };

interface Params {
  readonly [key: string]: string | number | boolean;
  readonly variant: string;
  readonly tasks: number;
  readonly buckets: number;
}

const VARIANTS: readonly Variant[] = ['buggy', 'cached-iter', 'freelist'];

function variantOf(p: Params): Variant {
  const v = VARIANTS.find((x) => x === p.variant);
  if (v === undefined) throw new Error(`Unknown variant "${p.variant}"; expected one of ${VARIANTS.join(', ')}.`);
  return v;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const taskName = (t: number): string => `task${t}`;

/** What a non-cached btree iterator returns: the key-cache version if one exists, else the btree key. */
const visible = (s: State, b: number): DataType => s.keyCache[b]?.key ?? (s.btree[b] as DataType);

const btreeSlotLocked = (s: State, b: number, except: number): boolean =>
  s.tasks.some((t, i) => i !== except && t.btreeLock === b);
const cacheSlotLocked = (s: State, b: number, except: number): boolean =>
  s.tasks.some((t, i) => i !== except && t.cacheLock === b);

/** Buckets the variant's scan can return as free. */
function candidates(s: State, variant: Variant): number[] {
  return range(s.btree.length).filter((b) => (variant === 'freelist' ? s.freespace[b] === true : visible(s, b) === 'free'));
}

const IDLE: Task = { pc: 'idle', bucket: null, seen: null, btreeLock: null, cacheLock: null };

function nextState(s: State, a: Action, variant: Variant): State | undefined {
  if (a.type === 'key_cache_flush') {
    const ck = s.keyCache[a.bucket];
    // In `freelist` the tasks' btree locks are on the freespace btree, not on the alloc btree being written.
    if (!ck || !ck.dirty || (variant !== 'freelist' && btreeSlotLocked(s, a.bucket, -1))) return undefined;
    return produce(s, (d) => {
      d.btree[a.bucket] = ck.key;
      d.keyCache[a.bucket] = { key: ck.key, dirty: false };
    });
  }
  if (a.type === 'key_cache_evict') {
    const ck = s.keyCache[a.bucket];
    if (!ck || ck.dirty || cacheSlotLocked(s, a.bucket, -1)) return undefined;
    return produce(s, (d) => {
      d.keyCache[a.bucket] = null;
    });
  }
  // Tasks are numbered from 1 in actions and backpointers, as in the seed.
  const i = a.task - 1;
  const t = s.tasks[i] as Task;
  switch (a.type) {
    case 'select_bucket': {
      if (t.pc !== 'idle' || !candidates(s, variant).includes(a.bucket)) return undefined;
      return produce(s, (d) => {
        d.tasks[i] = {
          pc: variant === 'buggy' ? 'selected' : 'scanned',
          bucket: a.bucket,
          seen: variant === 'freelist' ? null : visible(s, a.bucket),
          btreeLock: a.bucket,
          cacheLock: null,
        };
      });
    }
    case 'alloc_fail': {
      if (t.pc !== 'idle' || candidates(s, variant).length > 0) return undefined;
      return produce(s, (d) => {
        d.tasks[i] = { ...IDLE, pc: 'failed' };
      });
    }
    case 'lookup_cached': {
      if (t.pc !== 'scanned' || t.bucket === null) return undefined;
      const b = t.bucket;
      const key = visible(s, b);
      return produce(s, (d) => {
        if (d.keyCache[b] === null) d.keyCache[b] = { key: s.btree[b] as DataType, dirty: false };
        d.tasks[i] = key === 'free' ? { ...t, pc: 'selected', seen: key, cacheLock: b } : IDLE;
      });
    }
    case 'open_bucket': {
      if (t.pc !== 'selected' || t.bucket === null) return undefined;
      const b = t.bucket;
      return produce(s, (d) => {
        if (s.open[b]) {
          d.tasks[i] = IDLE;
        } else {
          d.open[b] = true;
          d.tasks[i] = { pc: 'opened', bucket: b, seen: t.seen, btreeLock: null, cacheLock: null };
        }
      });
    }
    case 'write_data': {
      if (t.pc !== 'opened') return undefined;
      return produce(s, (d) => {
        d.tasks[i]!.pc = 'written';
      });
    }
    case 'update_alloc_key': {
      if (t.pc !== 'written' || t.bucket === null) return undefined;
      const b = t.bucket;
      if (cacheSlotLocked(s, b, i)) return undefined;
      if (variant === 'freelist' && btreeSlotLocked(s, b, i)) return undefined;
      return produce(s, (d) => {
        d.keyCache[b] = { key: 'user', dirty: true };
        if (variant === 'freelist') d.freespace[b] = false;
        d.backpointers[b]!.push(a.task);
        d.tasks[i]!.pc = 'updated';
      });
    }
    case 'release_bucket': {
      if (t.pc !== 'updated' || t.bucket === null) return undefined;
      const b = t.bucket;
      return produce(s, (d) => {
        d.open[b] = false;
        d.tasks[i]!.pc = 'done';
      });
    }
  }
}

export default defineModel<State, Action, Params>({
  name: 'alloc/early-bucket-race',
  params: { variant: 'buggy', tasks: 2, buckets: 2 },
  init: (p) => {
    variantOf(p);
    const n = range(p.buckets);
    return [
      {
        btree: n.map((): DataType => 'free'),
        keyCache: n.map(() => null),
        freespace: n.map(() => true),
        open: n.map(() => false),
        backpointers: n.map(() => []),
        tasks: range(p.tasks).map(() => IDLE),
      },
    ];
  },
  // Listed step by step across tasks, scans in task order and later steps in reverse task order, so that among
  // equally short counterexamples the search reports the seed's: task 1 selects first, then task 2 runs through.
  actions: (s) => {
    const tasks = range(s.tasks.length).map((t) => t + 1);
    const out: Action[] = [];
    for (const task of tasks) {
      for (const bucket of range(s.btree.length)) out.push({ type: 'select_bucket', actor: taskName(task), task, bucket });
    }
    for (const type of ['alloc_fail', 'lookup_cached', 'open_bucket', 'write_data', 'update_alloc_key', 'release_bucket'] as const) {
      for (const task of [...tasks].reverse()) out.push({ type, actor: taskName(task), task });
    }
    for (const bucket of range(s.btree.length)) {
      out.push({ type: 'key_cache_flush', actor: 'journal reclaim', bucket });
      out.push({ type: 'key_cache_evict', actor: 'shrinker', bucket });
    }
    return out;
  },
  next: (s, a, p) => nextState(s, a, variantOf(p)),
  terminal: (s) => s.tasks.every((t) => t.pc === 'done' || t.pc === 'failed'),
  invariants: {
    /** No bucket holds the data of two writes: no duplicate backpointer. */
    NoDoubleAllocation: (s) => s.backpointers.every((bps) => bps.length <= 1),
    /**
     * Transaction-level lock coherency: a task about to open its candidate still holds the lock it relied on,
     * and the alloc key it decided on is still the key's current value.
     */
    LockedKeyIsCurrent: (s) =>
      s.tasks.every((t) => t.pc !== 'selected' || t.bucket === null || t.seen === visible(s, t.bucket)),
  },
  reachable: {
    /** The allocator still allocates: some write's data landed in a bucket. */
    BucketAllocated: (s) => s.backpointers.some((bps) => bps.length > 0),
    /** Every write that can get a bucket gets one. */
    AllWritesLanded: (s) =>
      s.tasks.filter((t) => t.pc === 'done').length === Math.min(s.tasks.length, s.btree.length) &&
      s.tasks.every((t) => t.pc === 'done' || t.pc === 'failed'),
  },
});
