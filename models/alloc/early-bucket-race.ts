/**
 * The early bucket allocator race (seed 001: Brian Foster and Kent Overstreet on linux-bcachefs, 19 October 2023,
 * generic/113 "duplicate backpointer").
 *
 * Upstream: the merged fix is 09676639c7bf "bcachefs: serialize on cached key in early bucket allocator" (Brian
 * Foster, 2023-11-01): a second, `BTREE_ITER_CACHED` iterator on each free candidate, whose key-cache entry is
 * filled and locked, then the recheck and `__try_alloc_bucket()` under `freelist_lock` (the `cached-iter` variant).
 * Later, 2e7f2a15c415 "bcachefs: Write lock btree node in key cache fills" (2024-06-08, "this addresses a key cache
 * coherency bug") made `btree_key_cache_create()` take the btree leaf's write lock while it inserts a new entry.
 * Code read (koverstreet/bcachefs-tools, which carries the kernel history): `code: '2023'` follows 09676639c7bf's
 * parent (fs/btree_iter.c `btree_trans_peek_key_cache()`: an existing entry's path is left locked,
 * `btree_path_set_should_be_locked()`; an absent one returns `bkey_s_c_null` with nothing locked;
 * fs/btree_key_cache.c: the fill write-locks only the new entry). `code: 'current'` follows 32e133ac2aea
 * (2026-08-22): fs/btree/key_cache.c `btree_key_cache_create()` write-locks the leaf of the fill's btree path around
 * `rhashtable_lookup_insert_fast()`; fs/alloc/foreground.c `bch2_bucket_alloc_early()` still has the cached
 * iterator. In current code the fill of an absent entry waits while another task holds the leaf read-locked, which
 * is exactly the seed's scanning task: task 2's alloc-key update must create the entry, so it waits until task 1
 * has opened (or skipped) the bucket, and task 1 finds it open. The checker agrees: `buggy` with `code: 'current'`
 * holds at every scope checked (up to 3 tasks and 3 buckets); nothing of the race remains there, and the cached
 * iterator is now a second guard.
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
 *   btree slot locked, and the key-cache slot too when an entry exists (the scan's key-cache path stays locked;
 *   an absent entry is not locked: the seed's window). Which free bucket the scan lands on depends on `ca->alloc_cursor` and on skipped buckets;
 *   the model lets it be any free one. `alloc_fail`: no free bucket at all.
 * - `lookup_cached` (cached-iter: the second iterator `citer` of Kent's fix; freelist: the alloc lookup in
 *   `try_alloc_bucket()`): fills the key cache slot from the btree if absent (`btree_key_cache_fill`), locks it,
 *   and re-reads the key; not free -> back to idle. With `code: 'current'` creating the entry waits while another
 *   task holds the bucket's alloc btree slot (the fill write-locks the leaf).
 * - `open_bucket`: `__try_alloc_bucket()` under `freelist_lock`: `bch2_bucket_is_open()` true -> skip (idle);
 *   false -> `bch2_open_bucket_alloc()` + hash add. The task's iterators exit: its locks are dropped.
 * - `write_data`: the write I/O into the open bucket completes.
 * - `update_alloc_key`: the index update: the alloc key becomes user through the key cache
 *   (`bch2_btree_insert_key_cached`, needs the key-cache slot write lock, so no other task may hold it; an absent
 *   entry is created first, which with `code: 'current'` waits for other tasks' alloc btree slot locks) and the
 *   backpointer is inserted; in `freelist` the trigger also deletes the freespace key (needs that btree slot's
 *   write lock).
 * - `release_bucket`: `bch2_open_bucket_put()` -> `bch2_open_bucket_hash_remove()`.
 * - `key_cache_flush` (actor `journal reclaim`): `btree_key_cache_flush_pos()` writes a dirty entry to the btree;
 *   it needs the btree slot's write lock. `key_cache_evict` (actor `shrinker`): a clean, unlocked entry leaves.
 *
 * - `restart` (`current` only): a fill that waits on another task's leaf lock can be a lock cycle (two tasks
 *   scanned the same slot and both fill); the transaction restarts, dropping its locks. Allowed whenever the fill
 *   waits, which only adds interleavings.
 *
 * Abstracted away: bucket generations, sectors and partial buckets (one write fills a bucket), buckets becoming
 * free again, the journal, other transaction restarts (every action is one atomic step under the locks it names),
 * and btree nodes holding many keys (locks are per bucket slot: a real leaf lock covers many slots and so excludes
 * more, which cannot re-open a race the per-slot model closes, and only removes interleavings from the `2023` race).
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
type Code = '2023' | 'current';
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
      readonly type: 'alloc_fail' | 'lookup_cached' | 'restart' | 'open_bucket' | 'write_data' | 'update_alloc_key' | 'release_bucket';
      readonly actor: string;
      readonly task: number;
    }
  | { readonly type: 'key_cache_flush'; readonly actor: 'journal reclaim'; readonly bucket: number }
  | { readonly type: 'key_cache_evict'; readonly actor: 'shrinker'; readonly bucket: number };

interface Params {
  readonly [key: string]: string | number | boolean;
  readonly variant: string;
  /** Which key-cache fill locking: `2023` (before 2e7f2a15c) or `current` (the fill write-locks the btree leaf). */
  readonly code: string;
  readonly tasks: number;
  readonly buckets: number;
}

const VARIANTS: readonly Variant[] = ['buggy', 'cached-iter', 'freelist'];
const CODES: readonly Code[] = ['2023', 'current'];

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

/**
 * Whether a task may create the key-cache entry for bucket b now. Current code's btree_key_cache_create() takes the
 * btree leaf's write lock (`bch2_btree_node_lock_write(trans, path, ...)`, since 2e7f2a15c): it waits while another
 * task holds b's alloc btree slot read-locked. 2023's fill locked only the new entry.
 */
function mayCreateEntry(s: State, b: number, i: number, variant: Variant, code: Code): boolean {
  return s.keyCache[b] !== null || code === '2023' || variant === 'freelist' || !btreeSlotLocked(s, b, i);
}

function nextState(s: State, a: Action, variant: Variant, code: Code): State | undefined {
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
          // btree_trans_peek_key_cache() leaves an existing entry's path locked (should_be_locked); an absent one
          // is not locked at all: the seed's window.
          cacheLock: variant !== 'freelist' && s.keyCache[a.bucket] !== null ? a.bucket : null,
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
      if (!mayCreateEntry(s, b, i, variant, code)) return undefined;
      const key = visible(s, b);
      return produce(s, (d) => {
        if (d.keyCache[b] === null) d.keyCache[b] = { key: s.btree[b] as DataType, dirty: false };
        d.tasks[i] = key === 'free' ? { ...t, pc: 'selected', seen: key, cacheLock: b } : IDLE;
      });
    }
    case 'restart': {
      // A fill waiting on another task's btree lock is a lock cycle when that task waits too: the transaction
      // restarts (drops its locks) and scans again. Allowed whenever the fill has to wait.
      if (t.pc !== 'scanned' || t.bucket === null || mayCreateEntry(s, t.bucket, i, variant, code)) return undefined;
      return produce(s, (d) => {
        d.tasks[i] = IDLE;
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
      if (!mayCreateEntry(s, b, i, variant, code)) return undefined;
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
  params: { variant: 'buggy', code: '2023', tasks: 2, buckets: 2 },
  paramValues: { variant: [...VARIANTS], code: [...CODES] },
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
    for (const type of ['alloc_fail', 'lookup_cached', 'restart', 'open_bucket', 'write_data', 'update_alloc_key', 'release_bucket'] as const) {
      for (const task of [...tasks].reverse()) out.push({ type, actor: taskName(task), task });
    }
    for (const bucket of range(s.btree.length)) {
      out.push({ type: 'key_cache_flush', actor: 'journal reclaim', bucket });
      out.push({ type: 'key_cache_evict', actor: 'shrinker', bucket });
    }
    return out;
  },
  next: (s, a, p) => nextState(s, a, variantOf(p), p.code === 'current' ? 'current' : '2023'),
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
