/**
 * Key-cache coherency during journal replay (seed 000, koverstreet/bcachefs issue #1107, "kernel BUG at
 * src/fs/bcachefs/btree/key_cache.c:475!": the `BUG_ON(bkey_deleted(btree_k.k))` of `btree_key_cache_flush_pos()`).
 *
 * Upstream: the maintainer answered on #1107 (2026-04-15) that the corrupt btree nodes of the log were cached nodes
 * that were fine when read (memory corruption), and that "the actual assert appears to have been shaky key cache
 * consistency logic during replay"; the issue was then attributed to commit 68377eb3a7f5 "bcachefs: Be rigorous
 * about key cache coherency during journal replay" (2026-04-16). Code read (koverstreet/bcachefs-tools, which
 * carries the kernel history under fs/): fs/btree/key_cache.c, fs/btree/update.c, fs/btree/commit.c,
 * fs/btree/journal_overlay.c, fs/init/recovery.c at 68377eb3a7f5 (`after-fix`) and at its parent 91d3cdd2f996
 * (`before-fix`; the fill logic there dates from 7f740f8f8679 "Fix key cache coherency before journal replay",
 * 2025-11-11). Both variants include 6cf1a49eb2c2 "Redo journal replay synchronization" (2026-04-14: a replay
 * commit rechecks `overwritten` under `journal_keys.overwrite_lock`), which is in the parent.
 *
 * The mechanism, as the code has it:
 * - `btree_key_cache_fill()` reads the btree key without the journal overlay (`iter.flags &=
 *   ~BTREE_ITER_with_journal`). Before the fix it consults the journal key only when the btree key is deleted:
 *   `if (journal_replay_not_finished && bkey_deleted(k.k)) { jk = bch2_journal_keys_peek_max(..); if (jk) { k = jk;
 *   needs_immediate_flush = true; } }`. After the fix: `needs_immediate_flush = bkey_deleted(k.k); if
 *   (journal_replay_not_finished) { if (jk) { k = jk; needs_immediate_flush |= bkey_deleted(k.k); } }`. So before
 *   the fix, a btree key that is live while the journal still holds an unreplayed deletion at that position is
 *   cached live, without the flag.
 * - `bch2_trans_update_by_path()` sends an update of a cached path to `flush_new_cached_update()` (a btree update
 *   beside it; the commit then drops the entry with `bch2_btree_key_cache_drop()`) when the old key the entry holds
 *   is deleted (`!i->old_btree_u64s`), the new key is deleted, or the entry has the flag
 *   (`BKEY_CACHED_IMMEDIATE_FLUSH`); otherwise the commit makes the entry dirty (`bch2_btree_insert_key_cached()`,
 *   which has `BUG_ON(bkey_deleted(&insert->k))`: a dirty entry is never deleted).
 * - At every commit while replay is not finished, `bch2_check_drop_overwrites_from_journal()` marks the journal key
 *   at each updated position overwritten: replay skips it and later fills no longer see it.
 * - `bch2_journal_replay_key()` replays alloc keys through the key cache (`BTREE_ITER_cached`), and the keys of the
 *   other cached btrees (inodes, logged_ops: `btree_id_cached()`) with `BTREE_UPDATE_key_cache_reclaim`, straight
 *   into the btree without touching a cached entry at that position.
 * Hence, before the fix, for an inodes key: a task fills the entry (live, from the btree) while the journal still
 * holds the key's deletion; replay writes the deletion into the btree under the entry; the task's next update sees a
 * live old key and no flag and dirties the entry; `btree_key_cache_flush_pos()` finds the btree key deleted: the
 * BUG_ON. After the fix the fill caches the journal's deletion, flagged, so that update goes to the btree directly.
 * For alloc keys (`btree: 'alloc'`) replay goes through the cached entry and drops it, so the BUG_ON is not reached
 * at this scope in either variant, but before the fix the entry still holds a key the journal has superseded (a
 * reader sees a key that was deleted): `CleanEntryIsCurrent`.
 *
 * State, per position (one cached btree):
 * - `btree[p]`: the btree key, live or deleted. `journal[p]`: the journal key replay has still to apply (`set`,
 *   `delete`) or none (no key, or marked overwritten).
 * - `cache[p]`: the `struct bkey_cached` or null: its key, `dirty` (`BKEY_CACHED_DIRTY`), `immediateFlush`
 *   (`BKEY_CACHED_IMMEDIATE_FLUSH`).
 * - `task`: one `btree_trans` updating the btree through the key cache (the allocator, an inode update): idle, or
 *   holding the entry at `pos` intent-locked between its traverse and its commit (or unlock).
 * - `replayDone`: `bch2_journal_set_replay_done()` ran (`journal_replay_not_finished` false for new transactions).
 * - `panic`: the BUG_ON fired.
 *
 * Actions:
 * - `trans_traverse` (actor `task`): traverses a cached path at `pos` (`bch2_btree_path_traverse_cached()`),
 *   filling the entry if absent (`btree_key_cache_fill()`, per variant), and keeps it locked.
 * - `trans_update` / `trans_delete` (actor `task`): `bch2_trans_update()` of a live / deleted key on the locked
 *   path and the commit, routed as above; then the task unlocks. `trans_unlock`: a read only, no update.
 * - `journal_replay_key` (actor `recovery`): `bch2_journal_replay_key()` of the lowest pending position, as one
 *   transaction (traverse, update, commit): through the key cache for alloc (waits for the task's lock on that
 *   entry), into the btree directly otherwise. `journal_replay_done` (actor `recovery`): no key pending any more.
 * - `key_cache_flush` (actor `journal reclaim`): `btree_key_cache_flush_pos()` of a dirty, unlocked entry: the
 *   coherency BUG_ON, then the btree write; the entry becomes clean.
 * - `key_cache_evict` (actor `shrinker`): a clean, unlocked entry leaves the cache.
 *
 * Abstracted away, and why that neither hides nor invents the behaviour: key values (only live or deleted: the
 * BUG_ON and the routing test only `bkey_deleted()`; a stale *value* under a live key is not visible here, which
 * can only hide staleness, not invent it); btree nodes and their locks (each transaction that writes the btree, the
 * fill included, holds the leaf from its lookup to its commit, so the replay, fill and flush steps are atomic; the
 * task's split traverse/commit is the one window the code leaves open, since a cached update commits under the
 * entry's lock only); several journal keys at one position (the journal keys are sorted and deduplicated, one per
 * position); transaction restarts (a restarted transaction redoes its steps from the start, which is an
 * interleaving the model already has); the journal itself and pins (the flush writes any dirty entry, which
 * covers every order reclaim could choose); the BTREE_ITER_with_journal read path of non-cached readers.
 *
 * Verdicts: no fault is injected. `DirtyImpliesLive` violated means some interleaving leaves a dirty entry over a
 * deleted btree key, and `NoPanic` violated that the flush then reaches the BUG_ON.
 */
import { produce, type Draft as ImmerDraft } from 'immer';
import { defineModel } from 'interleave';

type Key = 'live' | 'deleted';
type Pending = 'set' | 'delete' | 'none';

interface Entry {
  readonly key: Key;
  readonly dirty: boolean;
  readonly immediateFlush: boolean;
}

interface Task {
  /** The position whose entry the task holds locked between traverse and commit, or null when idle. */
  readonly pos: number | null;
}

interface State {
  readonly btree: readonly Key[];
  readonly journal: readonly Pending[];
  readonly cache: readonly (Entry | null)[];
  readonly task: Task;
  readonly replayDone: boolean;
  readonly panic: boolean;
}

type Action =
  | { readonly type: 'trans_traverse'; readonly actor: 'task'; readonly pos: number }
  | { readonly type: 'trans_update' | 'trans_delete' | 'trans_unlock'; readonly actor: 'task' }
  | { readonly type: 'journal_replay_key' | 'journal_replay_done'; readonly actor: 'recovery' }
  | { readonly type: 'key_cache_flush'; readonly actor: 'journal reclaim'; readonly pos: number }
  | { readonly type: 'key_cache_evict'; readonly actor: 'shrinker'; readonly pos: number };

interface Params {
  /** `before-fix`: the fill of 7f740f8f8679 (parent of 68377eb3a7f5); `after-fix`: 68377eb3a7f5. */
  readonly variant: string;
  /** `inodes`: replay writes the btree directly (also logged_ops); `alloc`: replay goes through the key cache. */
  readonly btree: string;
  readonly positions: number;
}

type Draft = ImmerDraft<State>;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const journalKey = (j: Pending): Key | null => (j === 'set' ? 'live' : j === 'delete' ? 'deleted' : null);

/** btree_key_cache_fill(): the entry a fill at `pos` creates, by variant. */
function fill(s: State, pos: number, p: Params): Entry {
  const btreeKey = s.btree[pos] as Key;
  const jk = s.replayDone ? null : journalKey(s.journal[pos] as Pending);
  if (p.variant === 'before-fix') {
    if (btreeKey === 'deleted' && jk !== null) return { key: jk, dirty: false, immediateFlush: true };
    return { key: btreeKey, dirty: false, immediateFlush: false };
  }
  const flag = btreeKey === 'deleted';
  if (jk !== null) return { key: jk, dirty: false, immediateFlush: flag || jk === 'deleted' };
  return { key: btreeKey, dirty: false, immediateFlush: flag };
}

/**
 * bch2_trans_update_by_path() on a cached path holding `entry`, then the commit: flush_new_cached_update() (btree
 * write, entry dropped) or bch2_btree_insert_key_cached() (entry dirty). While replay is not finished the commit
 * marks the journal key at `pos` overwritten (bch2_check_drop_overwrites_from_journal()).
 */
function cachedUpdate(d: Draft, pos: number, entry: Entry, key: Key): void {
  if (entry.key === 'deleted' || key === 'deleted' || entry.immediateFlush) {
    d.btree[pos] = key;
    d.cache[pos] = null;
  } else {
    d.cache[pos] = { ...entry, key, dirty: true };
  }
  if (!d.replayDone) d.journal[pos] = 'none';
}

const taskHolds = (s: State, pos: number): boolean => s.task.pos === pos;

function next(s: State, a: Action, p: Params): State | undefined {
  if (s.panic) return undefined;
  switch (a.type) {
    case 'trans_traverse':
      if (s.task.pos !== null) return undefined;
      return produce(s, (d) => {
        if (d.cache[a.pos] === null) d.cache[a.pos] = fill(s, a.pos, p);
        d.task.pos = a.pos;
      });
    case 'trans_update':
    case 'trans_delete': {
      const pos = s.task.pos;
      if (pos === null) return undefined;
      const entry = s.cache[pos] as Entry;
      // Deleting a key the entry already holds deleted is not an update.
      if (a.type === 'trans_delete' && entry.key === 'deleted') return undefined;
      return produce(s, (d) => {
        cachedUpdate(d, pos, entry, a.type === 'trans_update' ? 'live' : 'deleted');
        d.task.pos = null;
      });
    }
    case 'trans_unlock':
      if (s.task.pos === null) return undefined;
      return { ...s, task: { pos: null } };
    case 'journal_replay_key': {
      if (s.replayDone) return undefined;
      const pos = s.journal.findIndex((j) => j !== 'none');
      if (pos < 0) return undefined;
      const key = journalKey(s.journal[pos] as Pending) as Key;
      if (p.btree === 'alloc') {
        // BTREE_ITER_cached: the traverse waits for the task's intent lock on the entry.
        if (taskHolds(s, pos)) return undefined;
        return produce(s, (d) => {
          const entry = s.cache[pos] ?? fill(s, pos, p);
          cachedUpdate(d, pos, entry, key);
        });
      }
      // BTREE_UPDATE_key_cache_reclaim: straight into the btree; a cached entry at pos is left as it is.
      return produce(s, (d) => {
        d.btree[pos] = key;
        d.journal[pos] = 'none';
      });
    }
    case 'journal_replay_done':
      if (s.replayDone || s.journal.some((j) => j !== 'none')) return undefined;
      return { ...s, replayDone: true };
    case 'key_cache_flush': {
      const entry = s.cache[a.pos];
      if (!entry?.dirty || taskHolds(s, a.pos)) return undefined;
      // Check that we're not violating cache coherency rules: BUG_ON(bkey_deleted(btree_k.k)).
      if (s.btree[a.pos] === 'deleted') return { ...s, panic: true };
      return produce(s, (d) => {
        d.btree[a.pos] = entry.key;
        d.cache[a.pos] = { ...entry, dirty: false };
        if (!d.replayDone) d.journal[a.pos] = 'none';
      });
    }
    case 'key_cache_evict': {
      const entry = s.cache[a.pos];
      if (!entry || entry.dirty || taskHolds(s, a.pos)) return undefined;
      return produce(s, (d) => {
        d.cache[a.pos] = null;
      });
    }
  }
}

function initialStates(p: Params): State[] {
  // Every btree content and every set of unreplayed journal keys; states with keys to replay first, so that among
  // equally short counterexamples the search reports one in the middle of replay.
  let btrees: Key[][] = [[]];
  let journals: Pending[][] = [[]];
  for (let i = 0; i < p.positions; i++) {
    btrees = btrees.flatMap((b) => (['live', 'deleted'] as const).map((k) => [...b, k]));
    journals = journals.flatMap((j) => (['delete', 'set', 'none'] as const).map((k) => [...j, k]));
  }
  return journals.flatMap((journal) =>
    btrees.map(
      (btree): State => ({
        btree,
        journal,
        cache: btree.map(() => null),
        task: { pos: null },
        replayDone: false,
        panic: false,
      }),
    ),
  );
}

export default defineModel<State, Action, Params>({
  name: 'keycache/replay-coherency',
  params: { variant: 'before-fix', btree: 'inodes', positions: 2 },
  paramValues: { variant: ['before-fix', 'after-fix'], btree: ['inodes', 'alloc'], positions: [1, 2, 3] },
  init: initialStates,
  actions: (s) => {
    const out: Action[] = [];
    for (const pos of range(s.btree.length)) out.push({ type: 'trans_traverse', actor: 'task', pos });
    out.push(
      { type: 'journal_replay_key', actor: 'recovery' },
      { type: 'trans_update', actor: 'task' },
      { type: 'trans_delete', actor: 'task' },
      { type: 'trans_unlock', actor: 'task' },
      { type: 'journal_replay_done', actor: 'recovery' },
    );
    for (const pos of range(s.btree.length)) {
      out.push({ type: 'key_cache_flush', actor: 'journal reclaim', pos });
      out.push({ type: 'key_cache_evict', actor: 'shrinker', pos });
    }
    return out;
  },
  next,
  terminal: (s) => s.panic,
  invariants: {
    /** The rule btree_key_cache_flush_pos() asserts: a dirty entry at X has a live btree key at X under it. */
    DirtyImpliesLive: (s) => s.cache.every((e, pos) => !e?.dirty || s.btree[pos] === 'live'),
    /** The BUG_ON in btree_key_cache_flush_pos() is never reached. */
    NoPanic: (s) => !s.panic,
    /**
     * A clean entry holds the key a reader should see: the unreplayed journal key while replay is not finished,
     * else the btree key.
     */
    CleanEntryIsCurrent: (s) =>
      s.cache.every((e, pos) => {
        if (e === null || e.dirty) return true;
        const jk = s.replayDone ? null : journalKey(s.journal[pos] as Pending);
        return e.key === (jk ?? s.btree[pos]);
      }),
  },
  reachable: {
    /** Replay still finishes with no BUG_ON. */
    ReplayCompletes: (s) => s.replayDone && !s.panic,
    /** The task's updates still reach the key cache (not every update is forced to the btree). */
    DirtyEntry: (s) => s.cache.some((e) => e?.dirty === true),
  },
});
