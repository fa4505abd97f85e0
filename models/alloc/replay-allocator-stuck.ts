/**
 * The allocator stuck in journal replay (seed 003, bcachefs issue #1108; the asymmetric scope is #1105).
 *
 * Journal replay inserts keys; an insert that splits a btree node calls `bch2_btree_update_start()`, which loops
 * on `bch2_btree_reserve_get()`: while it returns `BCH_ERR_operation_blocked` the transaction unlocks and
 * `__bch2_wait_on_allocator()` sleeps in `closure_sync()` until the allocator's wait list (`c->freelist_wait`) is
 * woken, then the same `alloc_request` tries again. New btree nodes need `metadata_replicas` buckets on distinct
 * devices, and the request captured that number (`READ_ONCE(c->opts.metadata_replicas)`) when it was made.
 * In the seed one metadata device had 1 free bucket (below its btree reserve of 2) and thousands in
 * `need_discard`; discards are not processed during recovery; lowering `metadata_replicas` through sysfs
 * changes `c->opts` but neither wakes nor changes the waiting request; the mount option is refused.
 *
 * State:
 * - `phase`: `replay` while `bch2_journal_replay()` runs, `done` once every key is replayed (recovery completes).
 * - `replayed`: how many of the `keys` journal keys whose insert needs a btree split have been replayed.
 * - `devices[d]`: `free` buckets, `needDiscard` buckets (`BCH_DATA_need_discard`), `reserve` (buckets held back
 *   from btree-node allocations, so a device can give a bucket only while free > reserve), and `allocated`
 *   (btree-node buckets this replay took from it).
 * - `opts`: `c->opts.metadata_replicas`. `request`: the `alloc_request` of the split in progress, with the
 *   `replicas` it uses and whether its closure has been woken (`woken`); null when no split waits.
 * - `discardRuns`: whether discard processing (`bch2_do_discards()` -> the discard worker) runs.
 * - `sysfsWritten`: whether the admin has written `metadata_replicas` through sysfs.
 *
 * Actions:
 * - `journal_replay_key` (actor `journal replay`): the next key's split creates a request with the current
 *   option and calls `bch2_btree_reserve_get()`: success takes one bucket on each of `replicas` devices (the
 *   first devices in order with a bucket above their reserve) and replays the key; otherwise the request waits.
 * - `retry_reserve_get` (actor `journal replay`): a woken request tries again; it uses the replicas it captured,
 *   except in `restartable`, where it re-reads `c->opts`.
 * - `discard_bucket` (actor `discard worker`): one `need_discard` bucket becomes free, and
 *   `closure_wake_up(&c->freelist_wait)` wakes the waiting request.
 * - `sysfs_metadata_replicas` (actor `admin`, only when `adminLowersReplicas`): the admin, having seen the
 *   "allocator stuck" report of a waiting request, lowers `metadata_replicas` through sysfs (once). In
 *   `restartable` the option change wakes waiting requests.
 * - `allocator_timeout_recheck` (actor `allocator`, `timeout-recheck` only): after the wait times out the request
 *   re-reads the options and tries again. A timeout that finds the options unchanged changes nothing and is not
 *   modelled, so a wait that nothing can end shows as a deadlock.
 * In `mount-option` an admin who lowers replicas passes `metadata_replicas` as a mount option: the mount starts
 * with the lowered value in `c->opts`. Every other variant refuses the option, so the mount starts with the
 * superblock's value.
 *
 * Abstracted away: keys whose insert needs no allocation, the number of nodes per split (one node per split,
 * `replicas` buckets), open buckets, the journal, copygc and other allocations, bucket sizes and real counts
 * (the seed's 1 free / 9416 need_discard bucket device becomes 1 free / `discardBacklog` need_discard).
 *
 * Liveness: `ReplayEventuallyCompletes` (every run finishes replay) under weak fairness of the discard worker
 * and of the allocator's wake-ups (`journal_replay_key`, `retry_reserve_get`, `allocator_timeout_recheck`), and of
 * the admin's sysfs write when `adminLowersReplicas`; a stuck mount's counterexample is a lasso that ends in the
 * waiting state, stuttering.
 *
 * Verdicts: a deadlock together with an unreachable `ReplayCompletes` means the mount can wait forever with
 * nothing left that could wake it, which is the seed's hang. A variant with no deadlock and `ReplayCompletes`
 * reachable completes replay at this scope whatever order its steps take (every maximal run ends in `done`).
 * Run with `adminLowersReplicas` false to see which variants complete without the admin.
 */
import { produce } from 'immer';
import { defineModel } from 'interleave';

type Variant = 'buggy' | 'mount-option' | 'restartable' | 'discard-in-recovery' | 'timeout-recheck';
type Scope = 'seed' | 'asymmetric';

interface Device {
  readonly free: number;
  readonly needDiscard: number;
  readonly reserve: number;
  readonly allocated: number;
}

interface Request {
  readonly replicas: number;
  readonly woken: boolean;
}

interface State {
  readonly phase: 'replay' | 'done';
  readonly replayed: number;
  readonly devices: readonly Device[];
  readonly opts: number;
  readonly request: Request | null;
  readonly discardRuns: boolean;
  readonly sysfsWritten: boolean;
}

type Action =
  | { readonly type: 'journal_replay_key' | 'retry_reserve_get'; readonly actor: 'journal replay' }
  | { readonly type: 'discard_bucket'; readonly actor: 'discard worker'; readonly device: number }
  | { readonly type: 'sysfs_metadata_replicas'; readonly actor: 'admin' }
  | { readonly type: 'allocator_timeout_recheck'; readonly actor: 'allocator' };

interface Params {
  readonly [key: string]: string | number | boolean;
  readonly variant: string;
  readonly adminLowersReplicas: boolean;
  readonly scope: string;
  readonly keys: number;
  readonly discardBacklog: number;
}

const FAIR_TYPES = ['journal_replay_key', 'retry_reserve_get', 'discard_bucket', 'allocator_timeout_recheck'] as const;
const VARIANTS: readonly Variant[] = ['buggy', 'mount-option', 'restartable', 'discard-in-recovery', 'timeout-recheck'];
const SCOPES: readonly Scope[] = ['seed', 'asymmetric'];

function pick<T extends string>(kind: string, value: string, allowed: readonly T[]): T {
  const v = allowed.find((x) => x === value);
  if (v === undefined) throw new Error(`Unknown ${kind} "${value}"; expected one of ${allowed.join(', ')}.`);
  return v;
}

const variantOf = (p: Params): Variant => pick('variant', p.variant, VARIANTS);

/**
 * The devices of a scope. `seed` (#1108): metadata_replicas=2 on two devices, one with a single free bucket below
 * its reserve and a discard backlog, the other with room (vdf: 5109 free). `asymmetric` (#1105): three devices,
 * one much smaller and out of free buckets, metadata_replicas=3 on all three.
 */
function scopeOf(p: Params): { devices: Device[]; replicas: number; lowered: number } {
  const scope = pick('scope', p.scope, SCOPES);
  const small: Device = { free: 1, needDiscard: p.discardBacklog, reserve: 2, allocated: 0 };
  const large: Device = { free: 2 + p.keys, needDiscard: p.discardBacklog, reserve: 2, allocated: 0 };
  return scope === 'seed'
    ? { devices: [small, large], replicas: 2, lowered: 1 }
    : { devices: [small, large, { ...large }], replicas: 3, lowered: 2 };
}

/** `bch2_btree_reserve_get()` for one node: all `replicas` buckets on distinct devices, or none. */
function reserveGet(devices: readonly Device[], replicas: number): Device[] | undefined {
  const usable = devices.flatMap((d, i) => (d.free > d.reserve ? [i] : [])).slice(0, replicas);
  if (usable.length < replicas) return undefined;
  return devices.map((d, i) => (usable.includes(i) ? { ...d, free: d.free - 1, allocated: d.allocated + 1 } : d));
}

/** A split tries to allocate with `replicas`: the key is replayed, or the request waits. */
function trySplit(s: State, replicas: number, keys: number): State {
  const devices = reserveGet(s.devices, replicas);
  if (devices === undefined) return { ...s, request: { replicas, woken: false } };
  const replayed = s.replayed + 1;
  const done = replayed === keys;
  return { ...s, devices, replayed, request: null, phase: done ? 'done' : 'replay', discardRuns: s.discardRuns || done };
}

function nextState(s: State, a: Action, p: Params): State | undefined {
  const variant = variantOf(p);
  switch (a.type) {
    case 'journal_replay_key':
      if (s.phase !== 'replay' || s.request !== null) return undefined;
      return trySplit(s, s.opts, p.keys);
    case 'retry_reserve_get':
      if (s.request === null || !s.request.woken) return undefined;
      return trySplit(s, variant === 'restartable' ? s.opts : s.request.replicas, p.keys);
    case 'discard_bucket': {
      const dev = s.devices[a.device];
      if (!s.discardRuns || dev === undefined || dev.needDiscard === 0) return undefined;
      return produce(s, (d) => {
        const target = d.devices[a.device]!;
        target.needDiscard--;
        target.free++;
        if (d.request) d.request.woken = true;
      });
    }
    case 'sysfs_metadata_replicas': {
      const lowered = scopeOf(p).lowered;
      if (!p.adminLowersReplicas || s.sysfsWritten || s.request === null || s.request.woken) return undefined;
      return produce(s, (d) => {
        d.opts = lowered;
        d.sysfsWritten = true;
        if (variant === 'restartable' && d.request) d.request.woken = true;
      });
    }
    case 'allocator_timeout_recheck':
      if (variant !== 'timeout-recheck' || s.request === null || s.request.woken || s.request.replicas === s.opts) return undefined;
      return { ...s, request: { replicas: s.opts, woken: true } };
  }
}

export default defineModel<State, Action, Params>({
  name: 'alloc/replay-allocator-stuck',
  params: { variant: 'buggy', adminLowersReplicas: false, scope: 'seed', keys: 2, discardBacklog: 3 },
  init: (p) => {
    const variant = variantOf(p);
    const { devices, replicas, lowered } = scopeOf(p);
    return [
      {
        phase: 'replay',
        replayed: 0,
        devices,
        opts: variant === 'mount-option' && p.adminLowersReplicas ? lowered : replicas,
        request: null,
        discardRuns: variant === 'discard-in-recovery',
        sysfsWritten: false,
      },
    ];
  },
  actions: (s) => [
    { type: 'journal_replay_key', actor: 'journal replay' },
    { type: 'retry_reserve_get', actor: 'journal replay' },
    ...s.devices.map((_, device): Action => ({ type: 'discard_bucket', actor: 'discard worker', device })),
    { type: 'sysfs_metadata_replicas', actor: 'admin' },
    { type: 'allocator_timeout_recheck', actor: 'allocator' },
  ],
  next: nextState,
  terminal: (s) => s.phase === 'done',
  invariants: {
    /** Btree-node allocations never take a device below its reserve. */
    ReserveKept: (s) => s.devices.every((d) => d.allocated === 0 || d.free >= d.reserve),
    /** Every replayed split got one bucket per replica, on distinct devices. */
    NodesReplicated: (s) => s.devices.reduce((n, d) => n + d.allocated, 0) >= s.replayed && s.devices.every((d) => d.allocated <= s.replayed),
  },
  reachable: {
    /** Some run of the mount finishes journal replay. */
    ReplayCompletes: (s) => s.phase === 'done',
  },
  properties: {
    /** Every run of the mount finishes journal replay, under the fairness below. */
    ReplayEventuallyCompletes: { kind: 'eventually', p: (s) => s.phase === 'done' },
  },
  // The discard worker and the allocator's wake-ups (replay, retries, timeouts) are weakly fair; the admin is
  // assumed to act eventually only when `adminLowersReplicas` says the admin does.
  fairness: (p) => [
    ...FAIR_TYPES.map((type) => ({ kind: 'weak' as const, name: `WF(${type})`, actions: (a: Action) => a.type === type })),
    ...(p.adminLowersReplicas
      ? [{ kind: 'weak' as const, name: 'WF(sysfs_metadata_replicas)', actions: (a: Action) => a.type === 'sysfs_metadata_replicas' }]
      : []),
  ],
});
