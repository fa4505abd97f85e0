/**
 * The key-cache flush BUG_ON after a topology error: the seed's first hypothesis (seed 000, koverstreet/bcachefs
 * issue #1107: "kernel BUG at key_cache.c:475" during recovery, after "btree node header doesn't match ptr:
 * btree=alloc level=0"). A second scenario, kept as a fault model: upstream did NOT find this to be the cause. The
 * maintainer answered that the corrupt nodes were cached nodes that were fine when read (memory corruption), and
 * that the assert came from key-cache coherency during replay, fixed by 68377eb3a7f5 "Be rigorous about key cache
 * coherency during journal replay": that mechanism is models/keycache/replay-coherency.ts, which needs no fault.
 * This model answers a different question: what a corrupted node read does to the flush, and what each of the
 * seed's proposed fixes would change. Checked against fs/btree/key_cache.c, fs/btree/update.c and
 * fs/btree/cache.c at 68377eb3a7f5 (koverstreet/bcachefs-tools, which carries the kernel history): a deleted key
 * never becomes a dirty entry (`BUG_ON(bkey_deleted(&insert->k))` in `bch2_btree_insert_key_cached()`; the update
 * goes to the btree through `flush_new_cached_update()`, whose btree-liveness check is under `#if 0`), and
 * `btree_bad_header()` reports nothing while `c->recovery.pass_done < BCH_RECOVERY_PASS_check_allocations`.
 *
 * `btree_key_cache_flush_pos()` writes a dirty key-cache entry back to the btree. It looks the position up with a
 * btree iterator that bypasses the key cache (`b_iter.flags &= ~BTREE_ITER_with_key_cache`) and asserts
 * `BUG_ON(bkey_deleted(btree_k.k))`: a dirty cache entry at X implies a live btree key at X. The update path keeps
 * that rule: an update whose old key (as the key cache sees it) is deleted goes through
 * `flush_new_cached_update()`, which writes it to the btree directly and drops the cache entry
 * (`bch2_btree_key_cache_drop()`) when the btree key is deleted too. After an unclean shutdown, a btree node whose
 * header does not match its pointer makes lookups read the wrong node; `btree_check_header()` ->
 * `btree_bad_header()` -> `bch2_fs_topology_error()` logs it (once check_allocations has completed; before, it
 * returns early) and execution goes on, and the journal-pin flush of
 * recovery (`bch2_journal_flush_pins()` -> `bch2_btree_key_cache_journal_flush()`) hits the BUG_ON.
 *
 * State (positions are alloc keys; position p lives in leaf node p mod `nodes`):
 * - `btree[p]`: the key in its correct leaf node, live or deleted (a whiteout or no key).
 * - `badNode[n]`: node n's header does not match its pointer; a lookup through it reads the wrong node, which
 *   has no key at p (returns deleted), and a write through it lands in the wrong node.
 * - `cache[p]`: the `struct bkey_cached` (null when absent), its key (live, or deleted for a cached whiteout) and
 *   `dirty` (`BKEY_CACHED_DIRTY`). `pins`: the positions whose entries hold a journal pin
 *   (`ck->journal`), oldest first; exactly the dirty entries.
 * - `journal[p]`: the key still to be replayed at p (`set`, `delete`, or none).
 * - `phase`: `replay` (`bch2_journal_replay()`), `check-allocations`, `read-write` (the fs went read-write),
 *   `flushing` (recovery in `bch2_journal_flush_pins()`), `done` (recovery finished, normal running).
 * - `error`: none, `topology` (a bad header was seen: `bch2_fs_topology_error()`), `emergency-ro`
 *   (`bch2_fs_emergency_read_only()` after a fatal error), `panic` (the BUG_ON fired).
 *
 * Actions:
 * - `journal_replay_key` (actor `recovery`): replays the lowest pending journal key through the key cache (alloc
 *   keys are replayed with `BTREE_ITER_cached`), with the update rules below.
 * - `check_allocations` (actor `recovery`): reads every alloc key from the btree, then the fs goes read-write.
 * - `journal_flush_pins` (actor `recovery`): recovery starts flushing every journal pin; `recovery_done` when no
 *   pin is left.
 * - `key_cache_fill` (actor `task`): a `BTREE_ITER_cached` read of an absent key fills the entry from the btree
 *   (`btree_key_cache_fill()`), clean.
 * - `key_cache_update`, `key_cache_delete` (actor `task`): `bch2_trans_update()` / `bch2_btree_delete_at()` on
 *   the cached btree: the entry is filled if absent; if its key and the new key are live, the entry takes the new
 *   key and becomes dirty with a journal pin (`bch2_btree_insert_key_cached()`); otherwise (old or new key
 *   deleted) `flush_new_cached_update()` writes the btree directly and drops the entry.
 * - `key_cache_flush` (actor `journal reclaim`): `btree_key_cache_flush_pos()` for the oldest pin: the btree
 *   lookup, the coherency check, the btree write, the entry becomes clean and its pin is dropped.
 * - `key_cache_evict` (actor `shrinker`): a clean entry leaves the cache.
 * - `node_header_mismatch` (actor `disk`, only when `faults`): one node's header stops matching its pointer.
 * - `emergency_read_only` (actor `recovery`, `topology-stops-ops` only): the topology error stops the fs.
 * Every lookup through a bad node once the fs is read-write reports the topology error. After emergency read-only, reads, evictions and
 * flush attempts go on but every btree write fails (`bch2_journal_error()`), so it changes nothing.
 *
 * Variants: `buggy` (the BUG_ON); `error-return` (the seed's fix: the coherency check returns an error, which
 * `bch2_fs_fatal_err_on()` in the caller turns into emergency read-only); `topology-stops-ops` (the seed's third
 * question: once a topology error is seen, operations that depend on btree correctness stop, and a lookup through
 * a bad node returns an error instead of the wrong node's contents; the BUG_ON itself is kept).
 *
 * Abstracted away: key values (only live or deleted), snapshots, btree splits and interior nodes, the journal
 * itself (pins are just an order), fsck repairs, transaction restarts and locking (each action is one atomic
 * transaction; the real flush holds the entry's intent lock and the leaf's lock throughout), and the journal-key
 * overlay of key-cache fills during replay (replay-coherency.ts models it; for the alloc btree modelled here,
 * whose keys replay through the key cache, it does not reach the BUG_ON either, so the fault-free verdict stands).
 *
 * Verdicts: with faults off, `DirtyImpliesLive` and `NoPanic` holding means no interleaving of these operations
 * at this scope reaches the BUG_ON: it does not fire in normal operation. With faults on, `NoPanic` tells whether
 * a node-pointer fault can turn into a kernel panic, `IncoherentFlushGoesReadOnly` whether a flush that meets an
 * incoherent btree always ends in emergency read-only, and `NoFlushAfterTopologyError` whether the fs keeps
 * writing cached keys into a btree it knows is damaged.
 */
import { produce, type Draft as ImmerDraft } from 'immer';
import { defineModel } from 'interleave';

type Variant = 'buggy' | 'error-return' | 'topology-stops-ops';
type Key = 'live' | 'deleted';
type Pending = 'set' | 'delete' | 'none';
type Phase = 'replay' | 'check-allocations' | 'read-write' | 'flushing' | 'done';
type ErrorState = 'none' | 'topology' | 'emergency-ro' | 'panic';

interface Entry {
  readonly key: Key;
  readonly dirty: boolean;
}

interface State {
  readonly btree: readonly Key[];
  readonly badNode: readonly boolean[];
  readonly cache: readonly (Entry | null)[];
  readonly pins: readonly number[];
  readonly journal: readonly Pending[];
  readonly phase: Phase;
  readonly error: ErrorState;
}

type Action =
  | {
      readonly type: 'journal_replay_key' | 'check_allocations' | 'journal_flush_pins' | 'recovery_done' | 'emergency_read_only';
      readonly actor: 'recovery';
    }
  | { readonly type: 'key_cache_fill' | 'key_cache_update' | 'key_cache_delete'; readonly actor: 'task'; readonly pos: number }
  | { readonly type: 'key_cache_flush'; readonly actor: 'journal reclaim' }
  | { readonly type: 'key_cache_evict'; readonly actor: 'shrinker'; readonly pos: number }
  | { readonly type: 'node_header_mismatch'; readonly actor: 'disk'; readonly node: number };

interface Params {
  readonly [key: string]: string | number | boolean;
  readonly variant: string;
  readonly faults: boolean;
  readonly positions: number;
  readonly nodes: number;
}

const VARIANTS: readonly Variant[] = ['buggy', 'error-return', 'topology-stops-ops'];

function variantOf(p: Params): Variant {
  const v = VARIANTS.find((x) => x === p.variant);
  if (v === undefined) throw new Error(`Unknown variant "${p.variant}"; expected one of ${VARIANTS.join(', ')}.`);
  return v;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const nodeOf = (s: State, pos: number): number => pos % s.badNode.length;
const throughBadNode = (s: State, pos: number): boolean => s.badNode[nodeOf(s, pos)] === true;
/** What a btree lookup at `pos` that bypasses the key cache returns. */
const lookup = (s: State, pos: number): Key => (throughBadNode(s, pos) ? 'deleted' : (s.btree[pos] as Key));
const running = (s: State): boolean => s.phase === 'read-write' || s.phase === 'flushing' || s.phase === 'done';

type Draft = ImmerDraft<State>;

/** The result of one step, with what it did to the btree (read back by the action invariants). */
interface Step {
  readonly next: State;
  /** The step wrote the btree (possibly into the wrong node). */
  readonly wrote: boolean;
  /** A key-cache flush wrote a dirty entry to the btree. */
  readonly flushed: boolean;
  /** A key-cache flush found no live btree key under its dirty entry (or could not read one). */
  readonly incoherentFlush: boolean;
}

/**
 * A lookup through a bad node reports the topology error (once: later ones are only logged). btree_bad_header()
 * returns early while `c->recovery.pass_done < BCH_RECOVERY_PASS_check_allocations`: during replay and during
 * check_allocations itself nothing is reported, the lookup just reads the wrong node.
 */
function noteLookup(d: Draft, pos: number): void {
  if (throughBadNode(d as State, pos) && d.error === 'none' && running(d as State)) d.error = 'topology';
}

function writeBtree(d: Draft, pos: number, key: Key): void {
  // A write through a bad node lands in the wrong node: the key at `pos` in its correct node is unchanged.
  if (!throughBadNode(d as State, pos)) d.btree[pos] = key;
}

function setDirty(d: Draft, pos: number, key: Key): void {
  d.cache[pos] = { key, dirty: true };
  if (!d.pins.includes(pos)) d.pins.push(pos);
}

function dropEntry(d: Draft, pos: number): void {
  d.cache[pos] = null;
  d.pins = d.pins.filter((p) => p !== pos);
}

/** `bch2_trans_update()` of a cached btree at `pos`; returns whether it wrote the btree directly. */
function cachedUpdate(d: Draft, pos: number, key: Key): boolean {
  let entry = d.cache[pos] ?? null;
  if (entry === null) {
    noteLookup(d, pos);
    entry = { key: lookup(d as State, pos), dirty: false };
  }
  if (entry.key === 'live' && key === 'live') {
    setDirty(d, pos, key);
    return false;
  }
  // flush_new_cached_update(): the old key or the new key is deleted (a deleted key never enters the cache:
  // bch2_btree_insert_key_cached() has BUG_ON(bkey_deleted())). Its btree-liveness check is under `#if 0`: the
  // update goes to the btree through a btree iterator and the entry is dropped.
  noteLookup(d, pos);
  writeBtree(d, pos, key);
  dropEntry(d, pos);
  return true;
}

function step(s: State, a: Action, p: Params): Step | undefined {
  const variant = variantOf(p);
  const quiet = (next: State): Step => ({ next, wrote: false, flushed: false, incoherentFlush: false });
  const stopped = s.error === 'panic' || (s.error === 'topology' && variant === 'topology-stops-ops');
  const readOnly = s.error === 'emergency-ro';
  if (stopped && a.type !== 'emergency_read_only') return undefined;

  switch (a.type) {
    case 'journal_replay_key': {
      if (s.phase !== 'replay' || readOnly) return undefined;
      const pos = s.journal.findIndex((j) => j !== 'none');
      if (pos < 0) return undefined;
      let wrote = false;
      const next = produce(s, (d) => {
        wrote = cachedUpdate(d, pos, s.journal[pos] === 'set' ? 'live' : 'deleted');
        d.journal[pos] = 'none';
        if (d.journal.every((j) => j === 'none')) d.phase = 'check-allocations';
      });
      return { next, wrote, flushed: false, incoherentFlush: false };
    }
    case 'check_allocations':
      if (s.phase !== 'check-allocations' || readOnly) return undefined;
      return quiet(
        produce(s, (d) => {
          for (const pos of range(s.btree.length)) noteLookup(d, pos);
          d.phase = 'read-write';
        }),
      );
    case 'journal_flush_pins':
      if (s.phase !== 'read-write' || s.pins.length === 0 || readOnly) return undefined;
      return quiet({ ...s, phase: 'flushing' });
    case 'recovery_done':
      if ((s.phase !== 'read-write' && s.phase !== 'flushing') || s.pins.length > 0 || readOnly) return undefined;
      return quiet({ ...s, phase: 'done' });
    case 'emergency_read_only':
      if (!stopped || s.error !== 'topology') return undefined;
      return quiet({ ...s, error: 'emergency-ro' });
    case 'node_header_mismatch':
      if (!p.faults || s.badNode.some((b) => b) || readOnly) return undefined;
      return quiet(
        produce(s, (d) => {
          d.badNode[a.node] = true;
        }),
      );
    case 'key_cache_fill': {
      if (!running(s) || s.cache[a.pos] !== null) return undefined;
      return quiet(
        produce(s, (d) => {
          noteLookup(d, a.pos);
          d.cache[a.pos] = { key: lookup(s, a.pos), dirty: false };
        }),
      );
    }
    case 'key_cache_evict': {
      const entry = s.cache[a.pos];
      if (!running(s) || !entry || entry.dirty) return undefined;
      return quiet(produce(s, (d) => dropEntry(d, a.pos)));
    }
    case 'key_cache_update':
    case 'key_cache_delete': {
      if (!running(s) || readOnly) return undefined;
      const key: Key = a.type === 'key_cache_update' ? 'live' : 'deleted';
      const entry = s.cache[a.pos];
      // Deleting a key the cache already holds deleted is not an update.
      if (key === 'deleted' && entry?.key === 'deleted') return undefined;
      let wrote = false;
      const next = produce(s, (d) => {
        wrote = cachedUpdate(d, a.pos, key);
      });
      return { next, wrote, flushed: false, incoherentFlush: false };
    }
    case 'key_cache_flush': {
      const pos = s.pins[0];
      if (!running(s) || pos === undefined) return undefined;
      const entry = s.cache[pos] as Entry;
      // Read-only: the commit fails on the journal error and the caller ignores it; nothing changes.
      if (readOnly) return quiet({ ...s });
      const bad = throughBadNode(s, pos);
      const incoherent = lookup(s, pos) === 'deleted';
      if (variant === 'topology-stops-ops' && bad) {
        // The lookup returns an error instead of the wrong node; the caller's fatal error goes read-only.
        return { next: { ...s, error: 'emergency-ro' }, wrote: false, flushed: false, incoherentFlush: true };
      }
      if (incoherent) {
        // BUG_ON(bkey_deleted(btree_k.k)), or in `error-return` an error the caller makes fatal.
        return {
          next: { ...s, error: variant === 'error-return' ? 'emergency-ro' : 'panic' },
          wrote: false,
          flushed: false,
          incoherentFlush: true,
        };
      }
      const next = produce(s, (d) => {
        writeBtree(d, pos, entry.key);
        d.cache[pos] = { key: entry.key, dirty: false };
        d.pins.shift();
      });
      return { next, wrote: true, flushed: true, incoherentFlush: false };
    }
  }
}

function initialStates(p: Params): State[] {
  variantOf(p);
  const positions = range(p.positions);
  // Every btree content and every set of pending journal keys; states with keys to replay come first, so that
  // among equally short counterexamples the search reports one that starts with journal replay, as the seed does.
  let btrees: Key[][] = [[]];
  let journals: Pending[][] = [[]];
  for (let i = 0; i < p.positions; i++) {
    btrees = btrees.flatMap((b) => (['live', 'deleted'] as const).map((k) => [...b, k]));
    journals = journals.flatMap((j) => (['set', 'delete', 'none'] as const).map((k) => [...j, k]));
  }
  return btrees.flatMap((btree) =>
    journals.map(
      (journal): State => ({
        btree,
        badNode: range(p.nodes).map(() => false),
        cache: positions.map(() => null),
        pins: [],
        journal,
        phase: journal.every((j) => j === 'none') ? 'check-allocations' : 'replay',
        error: 'none',
      }),
    ),
  );
}

// The step that produced each successor, so that the action invariants need not compute it again.
const STEPS = new WeakMap<State, { readonly from: State; readonly action: Action; readonly step: Step }>();

function stepTo(from: State, a: Action, to: State, p: Params): Step | undefined {
  const known = STEPS.get(to);
  return known !== undefined && known.from === from && known.action === a ? known.step : step(from, a, p);
}

export default defineModel<State, Action, Params>({
  name: 'keycache/flush-coherency',
  params: { variant: 'buggy', faults: false, positions: 2, nodes: 2 },
  paramValues: { variant: ['buggy', 'error-return', 'topology-stops-ops'] },
  init: initialStates,
  actions: (s) => {
    const out: Action[] = [
      { type: 'journal_replay_key', actor: 'recovery' },
      { type: 'check_allocations', actor: 'recovery' },
      { type: 'journal_flush_pins', actor: 'recovery' },
      { type: 'recovery_done', actor: 'recovery' },
      { type: 'emergency_read_only', actor: 'recovery' },
    ];
    for (const pos of range(s.btree.length)) {
      out.push({ type: 'key_cache_fill', actor: 'task', pos });
      out.push({ type: 'key_cache_update', actor: 'task', pos });
      out.push({ type: 'key_cache_delete', actor: 'task', pos });
      out.push({ type: 'key_cache_evict', actor: 'shrinker', pos });
    }
    for (const node of range(s.badNode.length)) out.push({ type: 'node_header_mismatch', actor: 'disk', node });
    out.push({ type: 'key_cache_flush', actor: 'journal reclaim' });
    return out;
  },
  next: (s, a, p) => {
    const result = step(s, a, p);
    if (result !== undefined) STEPS.set(result.next, { from: s, action: a, step: result });
    return result?.next;
  },
  terminal: (s) => s.error === 'panic' || s.error === 'emergency-ro',
  invariants: {
    /** The coherency rule the BUG_ON asserts: a dirty cache entry at X has a live btree key at X under it. */
    DirtyImpliesLive: (s) => s.cache.every((e, pos) => !e?.dirty || lookup(s, pos) === 'live'),
    /** The BUG_ON in btree_key_cache_flush_pos() is never reached. */
    NoPanic: (s) => s.error !== 'panic',
  },
  actionInvariants: {
    /** After the emergency read-only transition no step writes the btree. */
    NoBtreeWriteAfterEmergencyRO: (from, a, to, p) => from.error !== 'emergency-ro' || stepTo(from, a, to, p)?.wrote !== true,
    /** Once a topology error has been seen, no cached key is flushed into the btree. */
    NoFlushAfterTopologyError: (from, a, to, p) => from.error === 'none' || stepTo(from, a, to, p)?.flushed !== true,
    /** A flush that finds no live btree key under its dirty entry leaves the fs in emergency read-only. */
    IncoherentFlushGoesReadOnly: (from, a, to, p) => stepTo(from, a, to, p)?.incoherentFlush !== true || to.error === 'emergency-ro',
  },
  reachable: {
    /** Recovery still finishes. */
    RecoveryCompletes: (s) => s.phase === 'done' && s.error === 'none',
    /** Recovery's journal-pin flush still writes the replayed keys back: it started with pins and emptied them. */
    RecoveryFlushesPins: (s) => s.phase === 'flushing' && s.pins.length === 0 && s.error === 'none',
  },
});
