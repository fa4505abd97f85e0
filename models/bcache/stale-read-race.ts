/**
 * The bcache stale-data race between a read cache miss and a bypass write (seed 004: Ankit Kapoor and Coly Li,
 * linux-bcache, May 2026, "[PATCH 1/1] bcache: fix stale data race between read cache miss and bypass write"),
 * with the upper layer's flushes and power failure.
 *
 * Code followed: drivers/md/bcache/ in torvalds/linux (request.c at 4e1ebae3ee4e, btree.c, journal.c; the
 * functions named below are unchanged in the parts modelled up to v6.x):
 * - `cached_dev_cache_miss()` inserts a placeholder check key (`bch_btree_insert_check_key()`: a node insert, no
 *   journal entry), reads the backing device, and `cached_dev_read_done()` inserts the key of the cached copy
 *   with `bch_data_insert()` in replace mode. `bch_data_insert_keys()` journals a key only `if (!op->replace)`:
 *   the miss insert reaches the cache device only with a write of its btree node (`do_btree_node_write()`,
 *   REQ_OP_WRITE | REQ_META | REQ_FUA).
 * - A bypass write (`cached_dev_write()` with `s->iop.bypass`) submits the original bio to the backing device, with
 *   its REQ_PREFLUSH / REQ_FUA flags, and calls `bch_data_insert()`, which for a bypass only invalidates the range
 *   (`bch_data_invalidate()`): keys without pointers, journaled with `bch_journal()`, which waits for the journal
 *   write only when the bio was a flush (`s->iop.flush_journal = op_is_flush(bio->bi_opf)`).
 * - An empty REQ_PREFLUSH bio goes to `cached_dev_nodata()`: `bch_journal_meta()` writes the journal and the flush
 *   is passed to the backing device.
 * - `journal_write_unlocked()` writes the open entry with REQ_PREFLUSH | REQ_FUA and `last_seq` = the oldest entry
 *   still pinned; a btree node write drops the pins of the keys it holds (`btree_complete_write()`);
 *   `bch_journal_read()` skips entries older than the newest entry's last_seq and `bch_journal_replay()`
 *   re-inserts the keys of the others over the btree read from the cache device.
 *
 * Why the seed's power-failure property failed for nearly every design: it mixed two things. After a write whose
 * acknowledgement carried no flush, a power failure may keep the bypass bio on the backing device and lose the
 * invalidation still in the open journal entry, while an older cached key is on the cache device: the cache then
 * maps the sector to older data than the backing device holds. That is bcache's ordinary window for an unflushed
 * write, and block semantics allow it (the write may as well have been lost). `NoStaleAfterCrash` keeps checking
 * it. The race does something else: the miss inserts the old data after the invalidation, outside the journal; a
 * node write puts it on the cache device and releases the invalidation's pin, so the next journal write (the
 * flush's `bch_journal_meta()`) moves last_seq past the invalidation and replay no longer removes the stale key.
 * A write acknowledged and then flushed reads back old data after a power failure: `NoStaleAfterFlush`.
 *
 * State (`disk` is what survives a power failure, `mem` is lost, `ghost` is the observer's bookkeeping):
 * - `disk.backing`: one sector per bcache sector holding a data version (0 initially, write n writes n). Bypass
 *   bios (`bypass<n>`) are plain writes unless the writer chose REQ_PREFLUSH | REQ_FUA.
 * - `disk.cache`: sector 0 holds the leaf btree node as last written (a version or null per sector; a check key
 *   reads back as no key, its PTR_CHECK_DEV pointer being invalid), sector 1 the sectors whose invalidation keys
 *   journal replay will re-insert (the keys of the entries from the newest entry's last_seq on). Cached data is
 *   written before its key and carried by the key.
 * - `mem.index`, `mem.nodeDirty`: the leaf node in memory. `mem.journal`: the written entries from the oldest
 *   one a journal write would keep replayable, each with whether a node write still has to release it, and the
 *   open entry.
 * - `mem.inflight[u]`: the in-flight bypass refcount per unit (a sector for `inflight-ranges`, a chunk of
 *   `chunkSectors` sectors for `inflight-chunks`), taken before `bch_data_insert()`, dropped after
 *   `cached_dev_write_complete()`.
 * - `mem.readers[r]`, `mem.writer`: the requests (`struct search`); one writer issues `writes` bypass writes and
 *   up to `flushes` empty flushes one after another.
 * - `ghost.acked[s]`: the newest version acknowledged; `ghost.durable[s]`: the newest version acknowledged before a
 *   completed flush, or by a REQ_PREFLUSH | REQ_FUA write. After a power failure, `acked` restarts from `durable`.
 *
 * Actions: `read-lookup`, `read-backing-done`, `read-insert` (a reader); `write-start(sector, fua)`,
 * `write-invalidate`, `write-backing-done`, `write-complete`, `flush` (the writer); `journal-write` (the delayed
 * write of an open entry that holds keys); `node-write` (the leaf's delayed write or journal reclaim's
 * `btree_flush_write()`); and, with `powerFail`, the generated `Crash` step of the crash library (at most
 * `maxCrashes` per behaviour, default 1), whose recovery reads the node, replays the journal, stops the writer
 * and abandons reads in flight.
 *
 * Abstracted: key sizes and extents (one sector per request), one leaf node, buckets and generations, the data
 * write to the cache device (atomic with its key), journal and node writes in flight (each is submitted and
 * completed in one step: both are FUA on the cache device, so only their order against other steps matters, and
 * every order is explored), readahead, writeback and writethrough modes, read errors. The journal's contents are
 * reduced to invalidations, the only keys this scenario journals, and replay to removing the keys they cover,
 * which is what re-inserting a key without pointers does. These keep the two mechanisms above intact: which keys
 * reach the cache device, through which write, and which of them replay undoes.
 *
 * Variants (`variant`, with `paramValues`): `buggy` (today's `cached_dev_write()`), `v1-invalidate-after-complete`
 * (the v1 patch: invalidate once the backing bio completed), `inflight-ranges` (Coly Li's proposal, per sector),
 * `inflight-chunks` (the same with one refcount per chunk of `chunkSectors` sectors), `inflight-ranges-flush` (the
 * proposal, with the invalidation journaled synchronously before the backing bio is submitted). `powerFail` off
 * means no crash step at all. `fuaWrites` lets the writer issue each write either plain or REQ_PREFLUSH | REQ_FUA.
 *
 * Verdicts: `NoStaleHit` violated is the run-time bug (a read hit older than a write acknowledged before the read
 * began). `NoStaleAfterFlush` violated is the race's damage across a power failure: the property a fix must close.
 * `NoStaleAfterCrash` violated is the pre-existing window for unflushed writes (a cache key older than the backing
 * device after recovery). `CacheHit` and `HitAfterWrite` unreachable would mean a fix stopped caching.
 */
import { produce } from 'immer';
import {
  complete,
  createDevice,
  defineModel,
  deviceFromImage,
  flush,
  read,
  submit,
  withCrashes,
  write,
  type Device,
} from 'interleave';

type Variant = 'buggy' | 'v1-invalidate-after-complete' | 'inflight-ranges' | 'inflight-chunks' | 'inflight-ranges-flush';
type MemKey = null | { readonly check: number } | { readonly ver: number };

interface Reader {
  readonly phase: 'idle' | 'missed' | 'inserting' | 'done' | 'lost';
  readonly sector: number;
  /** The version the backing read returned (for the insert). */
  readonly data: number;
  /** How the read was served, and the version it returned to its caller. */
  readonly served: 'cache' | 'backing' | null;
  readonly got: number;
  /** `ghost.acked[sector]` when the read began: the version it must return at least. */
  readonly need: number;
}

interface Writer {
  readonly phase: 'idle' | 'started' | 'stopped';
  readonly sector: number;
  readonly ver: number;
  /** The write carries REQ_PREFLUSH | REQ_FUA. */
  readonly fua: boolean;
  readonly backingDone: boolean;
  readonly invalidated: boolean;
  /** Writes not yet started. */
  readonly left: number;
  /** Empty flushes the upper layer may still issue. */
  readonly flushesLeft: number;
}

/** A journal entry: the sectors whose invalidation keys it holds, and whether a btree node write still has to release it. */
interface Entry {
  readonly keys: readonly number[];
  readonly pinned: boolean;
}

interface State {
  readonly disk: { readonly backing: Device; readonly cache: Device };
  readonly mem: {
    readonly index: readonly MemKey[];
    /** The leaf node holds inserts not yet written (`btree_node_dirty()`). */
    readonly nodeDirty: boolean;
    /** Written entries from the oldest one a journal write would keep replayable, and the open entry. */
    readonly journal: { readonly written: readonly Entry[]; readonly open: Entry };
    readonly inflight: readonly number[];
    readonly readers: readonly Reader[];
    readonly writer: Writer;
  };
  readonly ghost: { readonly acked: readonly number[]; readonly durable: readonly number[] };
}

type Action =
  | { readonly type: 'read-lookup'; readonly actor: string; readonly reader: number; readonly sector: number }
  | { readonly type: 'read-backing-done' | 'read-insert'; readonly actor: string; readonly reader: number }
  | { readonly type: 'write-start'; readonly actor: 'writer'; readonly sector: number; readonly fua: boolean }
  | { readonly type: 'write-backing-done' | 'write-invalidate' | 'write-complete' | 'flush'; readonly actor: 'writer' }
  | { readonly type: 'journal-write'; readonly actor: 'journal' }
  | { readonly type: 'node-write'; readonly actor: 'btree' };

interface Params {
  variant: string;
  powerFail: boolean;
  sectors: number;
  chunkSectors: number;
  readers: number;
  writes: number;
  flushes: number;
  fuaWrites: boolean;
}

const VARIANTS: readonly Variant[] = [
  'buggy',
  'v1-invalidate-after-complete',
  'inflight-ranges',
  'inflight-chunks',
  'inflight-ranges-flush',
];

/** `paramValues` refuses any other value before a state is built. */
const variantOf = (p: Params): Variant => p.variant as Variant;

/** The cache device: sector NODE holds the leaf node, sector JOURNAL what journal replay will re-insert. */
const NODE = 0;
const JOURNAL = 1;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const readerName = (r: number): string => `reader${r + 1}`;
const usesInflight = (v: Variant): boolean => v === 'inflight-ranges' || v === 'inflight-chunks' || v === 'inflight-ranges-flush';

/** The refcount slot that covers sector `s`. */
const unitOf = (v: Variant, p: Params, s: number): number => (v === 'inflight-chunks' ? Math.floor(s / p.chunkSectors) : s);
const unitCount = (v: Variant, p: Params): number => (v === 'inflight-chunks' ? Math.ceil(p.sectors / p.chunkSectors) : p.sectors);

/** What a key persists as: a check key's PTR_CHECK_DEV pointer is invalid on disk, so it reads back as no key. */
const persisted = (k: MemKey | undefined): number | null => (k && 'ver' in k ? k.ver : null);
const bioId = (ver: number): string => `bypass${ver}`;
const union = (a: readonly number[], b: readonly number[]): number[] => [...new Set([...a, ...b])].sort((x, y) => x - y);
const EMPTY_ENTRY: Entry = { keys: [], pinned: false };

const IDLE_READER: Reader = { phase: 'idle', sector: 0, data: 0, served: null, got: 0, need: 0 };

/**
 * `journal_write_unlocked()`: the open entry is written with REQ_PREFLUSH | REQ_FUA and `last_seq` = the oldest
 * entry still pinned (the open entry holds its own pin until written). Recovery replays every entry from
 * last_seq on; entries before it are reclaimed (`journal_reclaim()`).
 */
function journalWrite(s: State): State {
  const entries = [...s.mem.journal.written, { ...s.mem.journal.open, pinned: true }];
  const from = entries.findIndex((e) => e.pinned);
  const kept = entries.slice(from);
  const replay = kept.reduce<number[]>((acc, e) => union(acc, e.keys), []);
  const cache = write(s.disk.cache, { id: 'journal', sector: JOURNAL, data: [replay], preflush: true, fua: true });
  // The written entry keeps only the pins of its keys; entries in front of the oldest pinned one are reclaimed.
  const written = [...kept.slice(0, -1), s.mem.journal.open];
  const oldest = written.findIndex((e) => e.pinned);
  const journal = { written: oldest < 0 ? [] : written.slice(oldest), open: EMPTY_ENTRY };
  return { ...s, disk: { ...s.disk, cache }, mem: { ...s.mem, journal } };
}

/**
 * A btree node write (`do_btree_node_write()`, REQ_FUA): the leaf node reaches the cache device as it is in
 * memory, and its completion drops the journal pins of the keys it holds (`btree_complete_write()`).
 */
function nodeWrite(s: State): State {
  const cache = write(s.disk.cache, { id: 'node', sector: NODE, data: [s.mem.index.map(persisted)], fua: true });
  const journal = { written: [], open: { ...s.mem.journal.open, pinned: false } };
  return { ...s, disk: { ...s.disk, cache }, mem: { ...s.mem, nodeDirty: false, journal } };
}

/** `bch_data_invalidate()` -> `bch_data_insert_keys()`: the key goes into the open journal entry and the node. */
function invalidate(s: State, sector: number): State {
  return produce(s, (d) => {
    d.mem.index[sector] = null;
    d.mem.nodeDirty = true;
    d.mem.journal.open = { keys: union(s.mem.journal.open.keys, [sector]), pinned: true };
  });
}

function readerStep(s: State, a: Action & { reader: number }, v: Variant, p: Params): State | undefined {
  const r = s.mem.readers[a.reader] as Reader;
  switch (a.type) {
    case 'read-lookup': {
      if (r.phase !== 'idle') return undefined;
      const sector = (a as { sector: number }).sector;
      const key = s.mem.index[sector];
      const need = s.ghost.acked[sector] as number;
      return produce(s, (d) => {
        if (key && 'ver' in key) {
          d.mem.readers[a.reader] = { ...IDLE_READER, phase: 'done', sector, served: 'cache', got: key.ver, need };
        } else {
          // bch_btree_insert_check_key(): a node insert with no journal entry.
          d.mem.index[sector] = { check: a.reader };
          d.mem.nodeDirty = true;
          d.mem.readers[a.reader] = { ...IDLE_READER, phase: 'missed', sector, need };
        }
      });
    }
    case 'read-backing-done': {
      if (r.phase !== 'missed') return undefined;
      const data = read(s.disk.backing, r.sector) as number;
      const skip = usesInflight(v) && (s.mem.inflight[unitOf(v, p, r.sector)] as number) > 0;
      return produce(s, (d) => {
        d.mem.readers[a.reader] = { ...r, phase: skip ? 'done' : 'inserting', data, served: 'backing', got: data };
      });
    }
    case 'read-insert': {
      if (r.phase !== 'inserting') return undefined;
      const key = s.mem.index[r.sector];
      const ours = key !== null && key !== undefined && 'check' in key && key.check === a.reader;
      return produce(s, (d) => {
        // op->replace: no bch_journal(); the key reaches the cache device only with a node write.
        if (ours) {
          d.mem.index[r.sector] = { ver: r.data };
          d.mem.nodeDirty = true;
        }
        d.mem.readers[a.reader] = { ...r, phase: 'done' };
      });
    }
    default:
      return undefined;
  }
}

/** The invalidation journals synchronously for a REQ_PREFLUSH|REQ_FUA write (`flush_journal`) and in `inflight-ranges-flush`. */
const journalsNow = (v: Variant, w: Writer): boolean => w.fua || v === 'inflight-ranges-flush';

function writerStep(s: State, a: Action, v: Variant, p: Params): State | undefined {
  const w = s.mem.writer;
  switch (a.type) {
    case 'write-start': {
      if (w.phase !== 'idle' || w.left === 0) return undefined;
      const { sector, fua } = a as { sector: number; fua: boolean };
      const ver = w.ver + 1;
      const backing =
        v === 'inflight-ranges-flush'
          ? s.disk.backing
          : submit(s.disk.backing, { id: bioId(ver), sector, data: [ver], fua, preflush: fua });
      return produce(s, (d) => {
        d.mem.writer = { ...w, phase: 'started', sector, ver, fua, backingDone: false, invalidated: false, left: w.left - 1 };
        if (usesInflight(v)) (d.mem.inflight[unitOf(v, p, sector)] as number) += 1;
        d.disk.backing = backing as typeof d.disk.backing;
      });
    }
    case 'write-backing-done': {
      if (w.phase !== 'started' || w.backingDone) return undefined;
      let backing: Device;
      if (v === 'inflight-ranges-flush') {
        // Submitted only once the invalidation's journal entry is on the cache device.
        if (!w.invalidated) return undefined;
        backing = write(s.disk.backing, { id: bioId(w.ver), sector: w.sector, data: [w.ver], fua: w.fua, preflush: w.fua });
      } else {
        backing = complete(s.disk.backing, bioId(w.ver));
      }
      return produce(s, (d) => {
        d.disk.backing = backing as typeof d.disk.backing;
        d.mem.writer.backingDone = true;
      });
    }
    case 'write-invalidate': {
      if (w.phase !== 'started' || w.invalidated) return undefined;
      if (v === 'v1-invalidate-after-complete' && !w.backingDone) return undefined;
      const inserted = invalidate(s, w.sector);
      const done = journalsNow(v, w) ? journalWrite(inserted) : inserted;
      return produce(done, (d) => {
        d.mem.writer.invalidated = true;
      });
    }
    case 'write-complete': {
      if (w.phase !== 'started' || !w.backingDone || !w.invalidated) return undefined;
      return produce(s, (d) => {
        d.ghost.acked[w.sector] = w.ver;
        // REQ_PREFLUSH covers the writes acknowledged before it; REQ_FUA covers this one.
        if (w.fua) d.ghost.durable = [...d.ghost.acked];
        d.mem.writer.phase = 'idle';
        if (usesInflight(v)) (d.mem.inflight[unitOf(v, p, w.sector)] as number) -= 1;
      });
    }
    case 'flush': {
      // An empty REQ_PREFLUSH bio: cached_dev_nodata() -> bch_journal_meta(), and the flush to the backing device.
      if (w.phase !== 'idle' || w.flushesLeft === 0) return undefined;
      const journaled = journalWrite(s);
      return produce(journaled, (d) => {
        d.disk.backing = flush(s.disk.backing) as typeof d.disk.backing;
        d.mem.writer.flushesLeft -= 1;
        d.ghost.durable = [...s.ghost.acked];
      });
    }
    default:
      return undefined;
  }
}

function nextState(s: State, a: Action, p: Params): State | undefined {
  const v = variantOf(p);
  switch (a.type) {
    case 'journal-write':
      // journal_write_work(): the delayed write of an open entry that holds keys.
      return s.mem.journal.open.keys.length > 0 ? journalWrite(s) : undefined;
    case 'node-write':
      // The leaf's delayed write (bch_btree_leaf_dirty(): 30 s) or journal reclaim's btree_flush_write().
      return s.mem.nodeDirty ? nodeWrite(s) : undefined;
    case 'read-lookup':
    case 'read-backing-done':
    case 'read-insert':
      return readerStep(s, a, v, p);
    default:
      return writerStep(s, a, v, p);
  }
}

/** What a read of sector `i` returns after recovery: the cached version if a key maps it, else the backing device. */
const served = (s: State, i: number): number => {
  const k = s.mem.index[i];
  return k && 'ver' in k ? k.ver : (read(s.disk.backing, i) as number);
};

const staleReadRace = defineModel<State, Action, Params>({
  name: 'bcache/stale-read-race',
  params: { variant: 'buggy', powerFail: false, sectors: 1, chunkSectors: 2, readers: 2, writes: 1, flushes: 1, fuaWrites: false },
  init: (p) => {
    const v = variantOf(p);
    const sectors = range(p.sectors);
    return [
      {
        disk: { backing: createDevice(p.sectors, 0), cache: deviceFromImage([sectors.map(() => null), []]) },
        mem: {
          index: sectors.map(() => null),
          nodeDirty: false,
          journal: { written: [], open: EMPTY_ENTRY },
          inflight: range(unitCount(v, p)).map(() => 0),
          readers: range(p.readers).map(() => IDLE_READER),
          writer: { phase: 'idle', sector: 0, ver: 0, fua: false, backingDone: false, invalidated: false, left: p.writes, flushesLeft: p.flushes },
        },
        ghost: { acked: sectors.map(() => 0), durable: sectors.map(() => 0) },
      },
    ];
  },
  actions: (_s, p) => {
    const sectors = range(p.sectors);
    const out: Action[] = [];
    for (let r = 0; r < p.readers; r++) {
      const actor = readerName(r);
      for (const sector of sectors) out.push({ type: 'read-lookup', actor, reader: r, sector });
      out.push({ type: 'read-backing-done', actor, reader: r }, { type: 'read-insert', actor, reader: r });
    }
    for (const sector of sectors) {
      out.push({ type: 'write-start', actor: 'writer', sector, fua: false });
      if (p.fuaWrites) out.push({ type: 'write-start', actor: 'writer', sector, fua: true });
    }
    out.push(
      { type: 'write-invalidate', actor: 'writer' },
      { type: 'write-backing-done', actor: 'writer' },
      { type: 'write-complete', actor: 'writer' },
      { type: 'flush', actor: 'writer' },
      { type: 'journal-write', actor: 'journal' },
      { type: 'node-write', actor: 'btree' },
    );
    return out;
  },
  next: (s, a, p) => nextState(s, a, p),
  invariants: {
    /** A read served from the cache returns at least the newest version acknowledged before the read began. */
    NoStaleHit: (s) => s.mem.readers.every((r) => r.served !== 'cache' || r.got >= r.need),
  },
  reachable: {
    /** Some read is served from the cache: a fix must not disable caching. */
    CacheHit: (s) => s.mem.readers.some((r) => r.served === 'cache'),
    /** Some read hit returns data written by a bypass write: written sectors are cached again afterwards. */
    HitAfterWrite: (s) => s.mem.readers.some((r) => r.served === 'cache' && r.got > 0),
  },
  terminal: (s) =>
    s.mem.readers.every((r) => r.phase === 'done' || r.phase === 'lost') &&
    (s.mem.writer.phase === 'stopped' || (s.mem.writer.phase === 'idle' && s.mem.writer.left === 0)),
});

const crashing = withCrashes(staleReadRace, {
  devices: (s) => ({ backing: s.disk.backing, cache: s.disk.cache }),
  /**
   * Reboot and `run_cache_set()`: the btree is read from the cache device and `bch_journal_replay()` re-inserts
   * the keys of every entry from the newest entry's last_seq on; nothing in memory survives.
   */
  recover(images, before): State {
    const backing = images.backing ?? [];
    const cache = images.cache ?? [];
    const node = (cache[NODE] ?? []) as readonly (number | null)[];
    const replay = (cache[JOURNAL] ?? []) as readonly number[];
    return {
      disk: { backing: deviceFromImage(backing), cache: deviceFromImage(cache) },
      mem: {
        index: node.map((ver, i) => (typeof ver === 'number' && !replay.includes(i) ? { ver } : null)),
        nodeDirty: false,
        journal: { written: [], open: EMPTY_ENTRY },
        inflight: before.mem.inflight.map(() => 0),
        readers: before.mem.readers.map((r) => (r.phase === 'missed' || r.phase === 'inserting' ? { ...r, phase: 'lost' } : r)),
        writer: { ...before.mem.writer, phase: 'stopped' },
      },
      // Only flushed or FUA acknowledgements promise anything after a power failure.
      ghost: { acked: before.ghost.durable, durable: before.ghost.durable },
    };
  },
  afterCrash: {
    /** After recovery, no cache key maps a sector to data older than what the backing device holds. */
    NoStaleAfterCrash: (s) => s.mem.index.every((k, i) => !(k && 'ver' in k) || k.ver >= (read(s.disk.backing, i) as number)),
    /** After recovery, every sector reads at least the newest version acknowledged before a completed flush (or with FUA). */
    NoStaleAfterFlush: (s) => s.ghost.durable.every((ver, i) => served(s, i) >= ver),
  },
});

type CrashingParams = Parameters<typeof crashing.init>[0];

/** `powerFail` switches the generated crash steps: off, the crash bound is 0 whatever `maxCrashes` says. */
const bounded = (p: CrashingParams): CrashingParams => (p.powerFail || p.maxCrashes === 0 ? p : { ...p, maxCrashes: 0 });

export default defineModel({
  ...crashing,
  paramValues: { variant: VARIANTS },
  actions: (s, p) => crashing.actions(s, bounded(p)),
  next: (s, a, p) => crashing.next(s, a, bounded(p)),
});
