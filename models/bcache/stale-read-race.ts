/**
 * The bcache stale-data race between a read cache miss and a bypass write (seed 004: Ankit Kapoor and Coly Li,
 * May 2026, "bcache: fix stale data race between read cache miss and bypass write"), with power failure.
 *
 * A read that misses the cache (`cached_dev_cache_miss()`) inserts a placeholder "check key" for the range
 * (`bch_btree_insert_check_key()`), reads the backing device, completes the read to its caller and then inserts
 * the key for the cached copy with `bch_data_insert()` in replace mode (`op->replace`, `replace_key`): the insert
 * only lands if the check key is still there, otherwise it is a replace collision and nothing is cached. A bypass
 * write (`cached_dev_write()` with `s->iop.bypass`, chosen for congestion or sequential cutoff) submits the bio to
 * the backing device and, in parallel, calls `bch_data_insert()`, which for a bypass only invalidates the range
 * (`bch_data_invalidate()` inserts keys without pointers, replacing whatever was there, check keys included). If
 * the invalidation runs before the miss inserts its check key, and the miss reads the backing device before the
 * write lands, the miss's replace succeeds and the cache holds the old data: later read hits return it.
 *
 * Power failure is not written by hand: the persistent state is two block devices of the crash library
 * (`withCrashes`), and the checker adds one `Crash` step per distinct image a power failure may leave on them,
 * followed by `recover`.
 *
 * State (`disk` is what survives a power failure, `mem` is lost, `ghost` is the observer's bookkeeping):
 * - `disk.backing`: the backing device, one sector per bcache sector holding a data version (version 0 initially,
 *   write n writes n). A bypass write's bio (`bypass<n>`) is submitted at `write-start` and completed at
 *   `write-backing-done`, without REQ_PREFLUSH or REQ_FUA: it sits in the disk's volatile write cache, so a crash
 *   may keep it (even before it completed) or lose it. Reads return it once it completed.
 * - `disk.cache`: the cache device's persisted keys (journal entries and btree nodes), one sector per bcache
 *   sector holding the cached data version or null. Data on the cache device is written before its key, so a
 *   key never points at missing data; the cached version is carried by the key.
 * - `mem.index[s]`: the in-memory btree (`c->root` and its nodes): null, a check key `{ check: reader }`, or a
 *   data key `{ ver }`.
 * - `mem.inflight[u]`: the in-flight bypass-write refcount per unit (a sector for `inflight-ranges`, a chunk of
 *   `chunkSectors` sectors for `inflight-chunks`; the proposal's per-32 MB chunk refcounts), taken before
 *   `bch_data_insert()` and dropped after `cached_dev_write_complete()`.
 * - `mem.readers[r]`: one read request (`struct search` with `s->cache_miss`, `s->iop.bio`): its phase, sector,
 *   what the backing device returned, and, for the properties, how it was served and what it returned.
 * - `mem.writer`: the bypass writes, issued one after another by one writer (`struct search` for a write, with
 *   the backing bio's completion and the invalidation's completion as two flags).
 * - `ghost.acked[s]`: the newest version whose write was acknowledged since the last power failure (the writes
 *   carry no REQ_PREFLUSH or REQ_FUA, so a power failure voids their acknowledgement; what survives it is judged
 *   by `NoStaleAfterCrash`).
 *
 * Actions:
 * - `read-lookup` (reader; `cache_lookup()`): a data key for the sector is a hit: the read returns that version
 *   from the cache device. Otherwise a miss: `cached_dev_cache_miss()` inserts the reader's check key (replacing
 *   another reader's) and submits the backing read.
 * - `read-backing-done` (reader; `cached_dev_read_done()`): the backing read returns what the backing device
 *   holds; `bio_complete()` completes the read to its caller; then either the insert is queued or, in the
 *   in-flight variants, skipped because an in-flight unit overlaps the read ("do NOT update the missing bkey").
 * - `read-insert` (reader; `bch_data_insert()` -> `bch_data_insert_keys()` with `replace_key`): the data key
 *   replaces the reader's own check key; if that check key is gone the insert collides and nothing is cached.
 * - `write-start` (writer; `cached_dev_write()`): a new version for a sector; the in-flight variants first take
 *   the in-flight refcount. `buggy`, `v1` and `inflight-ranges`/`-chunks` submit the backing bio here;
 *   `buggy` and the in-flight variants start the invalidation in parallel.
 * - `write-backing-done` (writer; the backing bio's endio): the bio completes. In `inflight-ranges-flush` it is
 *   submitted here, once the invalidation is on the cache device, and completes in the same step.
 * - `write-invalidate` (writer; `bch_data_invalidate()` -> `bch_data_insert_keys()`): the in-memory key for the
 *   sector is removed; its journal entry (`bch_journal()`, not flushed) is written later. In `v1` it runs only
 *   after the backing bio completed (the v1 patch's `backing_device_bypass_write_complete()`).
 * - `write-complete` (writer; `cached_dev_write_complete()`): both parts done; the write is acknowledged and the
 *   in-flight refcount is dropped.
 * - `persist-key` (journal; `journal_write_unlocked()` or a btree node write): the cache device catches up with
 *   the in-memory key for one sector (a check key persists as no key), as a REQ_PREFLUSH | REQ_FUA write that is
 *   durable when it completes. Sectors persist in any order.
 * - `Crash` (generated, only with `powerFail`; at most `maxCrashes` per behaviour, default 1): each backing
 *   write not yet durable lands or not; `recover` (`run_cache_set()` -> `bch_journal_replay()`) rebuilds the
 *   in-memory index from the cache device image, stops the writer and abandons reads in flight; reads that had
 *   not started may then read.
 *
 * Abstracted away: key sizes and extents (one sector per request), buckets and generations, the data write to
 * the cache device (atomic with its key), journal writes in flight (submitted and completed in one step),
 * readahead, `CACHE_SET_STOPPING`, writeback and writethrough modes, read errors and retries.
 *
 * Variants: `buggy` (today's `cached_dev_write()`), `v1-invalidate-after-complete` (the v1 patch),
 * `inflight-ranges` (Coly Li's proposal, per sector), `inflight-chunks` (the same with one refcount per chunk of
 * `chunkSectors` sectors; with two sectors in one chunk a write to one sector also stops caching the other),
 * `inflight-ranges-flush` (the proposal, with the invalidation's journal entry written before the backing bio is
 * submitted). Power failure on or off is the boolean param `powerFail`: off, there are no crash steps at all
 * (the crash bound `maxCrashes` is taken as 0).
 *
 * Verdicts: `NoStaleHit` violated means a read served from the cache returned data older than a write that was
 * acknowledged before the read began: the run-time bug. `NoStaleAfterCrash` (checked on every recovered state)
 * violated means that after a power failure and recovery a cache key maps a sector to data older than the
 * backing device holds, so read hits return old data until the key is evicted. `CacheHit` and `HitAfterWrite`
 * unreachable would mean a fix stopped caching altogether, or for written sectors.
 */
import { produce } from 'immer';
import { complete, createDevice, defineModel, deviceFromImage, read, submit, withCrashes, write, type Device } from 'interleave';

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
  readonly backingDone: boolean;
  readonly invalidated: boolean;
  /** Writes not yet started. */
  readonly left: number;
}

interface State {
  readonly disk: { readonly backing: Device; readonly cache: Device };
  readonly mem: {
    readonly index: readonly MemKey[];
    readonly inflight: readonly number[];
    readonly readers: readonly Reader[];
    readonly writer: Writer;
  };
  readonly ghost: { readonly acked: readonly number[] };
}

type Action =
  | { readonly type: 'read-lookup'; readonly actor: string; readonly reader: number; readonly sector: number }
  | { readonly type: 'read-backing-done' | 'read-insert'; readonly actor: string; readonly reader: number }
  | { readonly type: 'write-start'; readonly actor: 'writer'; readonly sector: number }
  | { readonly type: 'write-backing-done' | 'write-invalidate' | 'write-complete'; readonly actor: 'writer' }
  | { readonly type: 'persist-key'; readonly actor: 'journal'; readonly sector: number };

type Params = { variant: string; powerFail: boolean; sectors: number; chunkSectors: number; readers: number; writes: number };

const VARIANTS: readonly Variant[] = [
  'buggy',
  'v1-invalidate-after-complete',
  'inflight-ranges',
  'inflight-chunks',
  'inflight-ranges-flush',
];

function variantOf(p: Params): Variant {
  const v = VARIANTS.find((x) => x === p.variant);
  if (v === undefined) throw new Error(`Unknown variant "${p.variant}"; expected one of ${VARIANTS.join(', ')}.`);
  return v;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const readerName = (r: number): string => `reader${r + 1}`;
const usesInflight = (v: Variant): boolean => v === 'inflight-ranges' || v === 'inflight-chunks' || v === 'inflight-ranges-flush';

/** The refcount slot that covers sector `s`. */
const unitOf = (v: Variant, p: Params, s: number): number => (v === 'inflight-chunks' ? Math.floor(s / p.chunkSectors) : s);
const unitCount = (v: Variant, p: Params): number => (v === 'inflight-chunks' ? Math.ceil(p.sectors / p.chunkSectors) : p.sectors);

/** What a key persists as: check keys are placeholders and never reach the cache device as keys. */
const persisted = (k: MemKey | undefined): number | null => (k && 'ver' in k ? k.ver : null);
const bioId = (ver: number): string => `bypass${ver}`;

const IDLE_READER: Reader = { phase: 'idle', sector: 0, data: 0, served: null, got: 0, need: 0 };

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
          d.mem.index[sector] = { check: a.reader };
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
        if (ours) d.mem.index[r.sector] = { ver: r.data };
        d.mem.readers[a.reader] = { ...r, phase: 'done' };
      });
    }
    default:
      return undefined;
  }
}

function writerStep(s: State, a: Action, v: Variant, p: Params): State | undefined {
  const w = s.mem.writer;
  switch (a.type) {
    case 'write-start': {
      if (w.phase !== 'idle' || w.left === 0) return undefined;
      const ver = w.ver + 1;
      const backing = v === 'inflight-ranges-flush' ? s.disk.backing : submit(s.disk.backing, { id: bioId(ver), sector: a.sector, data: [ver] });
      return produce(s, (d) => {
        d.mem.writer = { phase: 'started', sector: a.sector, ver, backingDone: false, invalidated: false, left: w.left - 1 };
        if (usesInflight(v)) (d.mem.inflight[unitOf(v, p, a.sector)] as number) += 1;
        d.disk.backing = backing as typeof d.disk.backing;
      });
    }
    case 'write-backing-done': {
      if (w.phase !== 'started' || w.backingDone) return undefined;
      let backing: Device;
      if (v === 'inflight-ranges-flush') {
        // Submitted only once the invalidation is durable on the cache device (its journal writes are FUA).
        if (!w.invalidated || read(s.disk.cache, w.sector) !== null) return undefined;
        backing = write(s.disk.backing, { id: bioId(w.ver), sector: w.sector, data: [w.ver] });
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
      return produce(s, (d) => {
        d.mem.index[w.sector] = null;
        d.mem.writer.invalidated = true;
      });
    }
    case 'write-complete': {
      if (w.phase !== 'started' || !w.backingDone || !w.invalidated) return undefined;
      return produce(s, (d) => {
        d.ghost.acked[w.sector] = w.ver;
        d.mem.writer.phase = 'idle';
        if (usesInflight(v)) (d.mem.inflight[unitOf(v, p, w.sector)] as number) -= 1;
      });
    }
    default:
      return undefined;
  }
}

function nextState(s: State, a: Action, p: Params): State | undefined {
  const v = variantOf(p);
  switch (a.type) {
    case 'persist-key': {
      const now = persisted(s.mem.index[a.sector]);
      if (now === read(s.disk.cache, a.sector)) return undefined;
      const cache = write(s.disk.cache, { id: 'journal', sector: a.sector, data: [now], preflush: true, fua: true });
      return produce(s, (d) => {
        d.disk.cache = cache as typeof d.disk.cache;
      });
    }
    case 'read-lookup':
    case 'read-backing-done':
    case 'read-insert':
      return readerStep(s, a, v, p);
    default:
      return writerStep(s, a, v, p);
  }
}

const staleReadRace = defineModel<State, Action, Params>({
  name: 'bcache/stale-read-race',
  params: { variant: 'buggy', powerFail: false, sectors: 1, chunkSectors: 2, readers: 2, writes: 1 },
  init: (p) => {
    const v = variantOf(p);
    const sectors = range(p.sectors);
    return [
      {
        disk: { backing: createDevice(p.sectors, 0), cache: createDevice(p.sectors, null) },
        mem: {
          index: sectors.map(() => null),
          inflight: range(unitCount(v, p)).map(() => 0),
          readers: range(p.readers).map(() => IDLE_READER),
          writer: { phase: 'idle', sector: 0, ver: 0, backingDone: false, invalidated: false, left: p.writes },
        },
        ghost: { acked: sectors.map(() => 0) },
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
    for (const sector of sectors) out.push({ type: 'write-start', actor: 'writer', sector });
    out.push(
      { type: 'write-invalidate', actor: 'writer' },
      { type: 'write-backing-done', actor: 'writer' },
      { type: 'write-complete', actor: 'writer' },
    );
    for (const sector of sectors) out.push({ type: 'persist-key', actor: 'journal', sector });
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
  /** Reboot and `run_cache_set()`: the index is replayed from the cache device; nothing in memory survives. */
  recover(images, before): State {
    const backing = images.backing ?? [];
    const keys = images.cache ?? [];
    return {
      disk: { backing: deviceFromImage(backing), cache: deviceFromImage(keys) },
      mem: {
        index: keys.map((ver) => (typeof ver === 'number' ? { ver } : null)),
        inflight: before.mem.inflight.map(() => 0),
        readers: before.mem.readers.map((r) => (r.phase === 'missed' || r.phase === 'inserting' ? { ...r, phase: 'lost' } : r)),
        writer: { ...before.mem.writer, phase: 'stopped' },
      },
      // The bypass writes carried no FUA: their acknowledgements promise nothing after a power failure.
      ghost: { acked: before.ghost.acked.map(() => 0) },
    };
  },
  afterCrash: {
    /** After recovery, no cache key maps a sector to data older than what the backing device holds. */
    NoStaleAfterCrash: (s) => s.mem.index.every((k, i) => !(k && 'ver' in k) || k.ver >= (read(s.disk.backing, i) as number)),
  },
});

type CrashingParams = Parameters<typeof crashing.init>[0];

/** `powerFail` switches the generated crash steps: off, the crash bound is 0 whatever `maxCrashes` says. */
const bounded = (p: CrashingParams): CrashingParams => (p.powerFail || p.maxCrashes === 0 ? p : { ...p, maxCrashes: 0 });

export default defineModel({
  ...crashing,
  actions: (s, p) => crashing.actions(s, bounded(p)),
  next: (s, a, p) => crashing.next(s, a, bounded(p)),
});
