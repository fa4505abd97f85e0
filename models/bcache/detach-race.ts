/**
 * bcache: a write that goes straight to the backing device while a detach is pending, and a power failure.
 *
 * Upstream: commit df4ad53242158f9f1f97daf4feddbb4f8b77f080 (Dongsheng Yang, "bcache: fix race between setting
 * bdev state to none and new write request direct to backing", Linux 5.11; stable backport
 * <20201223021813.2791612-93-sashal@kernel.org> on stable@vger.kernel.org, which carries the full diff). Its
 * message:
 *
 *   A. detaching                       B. write request
 *   (1) writing back
 *   (2) write back done, set bdev state to clean
 *   (3) cached_dev_put() and schedule_work(&dc->detach)
 *                                      (4) write data [0 - 4K] directly into backing and ack to user
 *   (5) power failure
 *   On restart the bdev is clean but not detached, and a read of [0 - 4K] returns old data from the cache.
 *
 * Code followed (drivers/md/bcache/, v5.10, the commit's parent and the commit):
 * - `bch_cached_dev_detach()` sets BCACHE_DEV_DETACHING, wakes the writeback thread and drops the attach
 *   reference (`cached_dev_put()`); when `dc->count` reaches 0, `cached_dev_put()` schedules
 *   `cached_dev_detach_finish()`.
 * - `bch_writeback_thread()`: once the whole index was searched and no dirty key is left, it sets
 *   BDEV_STATE_CLEAN and calls `bch_write_bdev_super(dc, NULL)`; if DETACHING is set it breaks out and, on exit,
 *   `cached_dev_put()`. The fix writes `set_uuid` zeroed and BDEV_STATE_NONE right there, waiting for the write
 *   (`closure_sync()`), before the thread exits; `buggy` does it in `cached_dev_detach_finish()`.
 * - `cached_dev_submit_bio()`: if `cached_dev_get()` (refcount_inc_not_zero) fails, `detached_dev_do_request()`
 *   passes the bio to the backing device with no cache update at all. Otherwise, with DETACHING set,
 *   `should_writeback()` is false and `cached_dev_write()` writes through: backing bio plus a key insert that
 *   `bch_journal()` puts in the open journal entry. An empty flush goes to `cached_dev_nodata()`
 *   (`bch_journal_meta()` and a flush of the backing device), or straight to the backing device once detached.
 * - `__write_super()` issues the backing superblock as REQ_OP_WRITE | REQ_SYNC | REQ_META: no REQ_FUA, no
 *   REQ_PREFLUSH. `closure_sync()` waits for completion, not durability.
 * - On registration, a backing device whose superblock says clean or dirty (with the cache set's uuid) is
 *   attached again and reads go through the cache; BDEV_STATE_NONE runs it without a cache.
 *
 * State: `disk.backing` (sector 0 the superblock state `dirty` / `clean` / `none`, sector 1 one data sector
 * holding a version), `disk.cache` (sector 0 the cached key of that data sector on the cache device: its version
 * and whether it is dirty); `mem` the in-memory superblock, key, whether the key waits in the open journal entry,
 * attach state, the detach flags, the writeback thread and `dc->count` split into its two holders (the attach
 * reference and the writeback thread; requests hold one only within their step); `ghost` the newest acknowledged
 * version, the newest one made durable by a flush, and the versions written straight to the backing device.
 * Initially version 1 sits dirty in the cache (durable) and the backing device holds version 0.
 *
 * Actions: `detach` (admin, sysfs detach), `writeback` (the thread writes the dirty data back and marks the key
 * clean), `writeback-done` (the thread's clean-superblock step, and its exit once detaching), `detach-finish`
 * (the detach work), `write` (the user writes version 2: through the cache while `cached_dev_get()` succeeds,
 * else straight to the backing device), `journal-write` (the delayed write of the open journal entry), `flush` (an
 * empty REQ_PREFLUSH from the user), and the crash library's generated `Crash` (one per behaviour by default),
 * whose recovery registers the backing device again: attached unless its superblock says none.
 *
 * Abstracted: one data sector and one user write, issued after the detach request and once the dirty key was
 * written back (before the detach, writeback mode would cache it as a new dirty key; while the key is under
 * writeback, `bch_keybuf_check_overlapping(&dc->writeback_keys)` forces the write to writeback mode too: both
 * are ordinary writeback, not this race); writeback's data write and
 * its clean-key update in one step, the key reaching the cache device by a FUA node write; superblock writes
 * completed in the step that issues them (`sb_write_mutex` serialises them anyway). `backingCache` chooses the
 * backing disk: with a volatile write cache (default), or without one, where every write is durable when it
 * completes (each backing write is then issued as FUA).
 *
 * Properties (on every recovered state; what a read returns is the cached key's version when attached and a key
 * is cached, else the backing device's data):
 * - `NoStaleAfterCrash`: a version that went straight to the backing device and is on it after the power
 *   failure is not shadowed by older cached data: the commit's symptom. (A write-through write whose journal
 *   entry was not written yet may be shadowed too; that is bcache's window for any unflushed write, which
 *   `NoStaleAfterFlush` judges.)
 * - `NoStaleAfterFlush`: every read returns at least the newest version acknowledged before a completed flush.
 *   Version 1 does not count as acknowledged: whether writeback's data survives is a separate question (write_dirty()
 *   issues a plain REQ_OP_WRITE and nothing flushes the backing device before the superblock says clean or none;
 *   a patch adding REQ_FUA to write_dirty() was proposed on linux-bcache), left out of both properties.
 *
 * Variants (`variant`, with `paramValues`): `buggy` (superblock set to none in `cached_dev_detach_finish()`),
 * `fixed` (df4ad532: set to none by the writeback thread before it drops its reference).
 */
import { defineModel, deviceFromImage, flush, read, withCrashes, write, type Device } from 'interleave';

type Variant = 'buggy' | 'fixed';
type SbState = 'dirty' | 'clean' | 'none';

/** A cached key of the data sector (a type alias, so that it is a `Value` the devices can hold). */
type Key = { readonly ver: number; readonly dirty: boolean };

interface State {
  readonly disk: { readonly backing: Device; readonly cache: Device };
  readonly mem: {
    readonly sb: SbState;
    readonly key: Key | null;
    /** A write-through key insert waits in the open journal entry. */
    readonly keyUnjournaled: boolean;
    readonly attached: boolean;
    readonly detaching: boolean;
    /** The reference `bch_cached_dev_attach()` took, dropped by `bch_cached_dev_detach()`. */
    readonly attachRef: boolean;
    readonly writeback: 'running' | 'exited';
    readonly detachQueued: boolean;
    /** Superblock writes issued so far (names each write for the crash step). */
    readonly sbWrites: number;
    readonly writesLeft: number;
    readonly flushesLeft: number;
    readonly crashed: boolean;
  };
  readonly ghost: { readonly acked: number; readonly durable: number; readonly direct: readonly number[] };
}

type Action =
  | { readonly type: 'detach'; readonly actor: 'admin' }
  | { readonly type: 'writeback' | 'writeback-done'; readonly actor: 'writeback' }
  | { readonly type: 'detach-finish'; readonly actor: 'detach worker' }
  | { readonly type: 'write' | 'flush'; readonly actor: 'user' }
  | { readonly type: 'journal-write'; readonly actor: 'journal' };

interface Params {
  variant: string;
  backingCache: boolean;
  flushes: number;
}

const VARIANTS: readonly Variant[] = ['buggy', 'fixed'];
const SB = 0;
const DATA = 1;

/** `dc->count`: the attach reference and the writeback thread's. */
const count = (m: State['mem']): number => (m.attachRef ? 1 : 0) + (m.writeback === 'running' ? 1 : 0);

/** A write to the backing device; without a volatile write cache it is durable when it completes. */
const backingWrite = (s: State, p: Params, id: string, sector: number, value: SbState | number): Device =>
  write(s.disk.backing, { id, sector, data: [value], fua: !p.backingCache });

/** `bch_write_bdev_super()`: REQ_SYNC | REQ_META, no FUA; the caller waits for completion at most. */
function writeSb(s: State, p: Params, sb: SbState): State {
  const n = s.mem.sbWrites + 1;
  return { ...s, disk: { ...s.disk, backing: backingWrite(s, p, `sb${n}-${sb}`, SB, sb) }, mem: { ...s.mem, sb, sbWrites: n } };
}

const withMem = (s: State, mem: Partial<State['mem']>): State => ({ ...s, mem: { ...s.mem, ...mem } });

/** The thread's reference is dropped on exit; the last `cached_dev_put()` schedules the detach work. */
function exitWriteback(s: State): State {
  const m = { ...s.mem, writeback: 'exited' as const };
  return withMem(s, { writeback: 'exited', detachQueued: m.detaching && count(m) === 0 });
}

function next(s: State, a: Action, p: Params): State | undefined {
  const m = s.mem;
  if (m.crashed) return undefined;
  const fixed = (p.variant as Variant) === 'fixed';
  switch (a.type) {
    case 'detach': {
      if (!m.attached || m.detaching) return undefined;
      const mem = { ...m, detaching: true, attachRef: false };
      return withMem(s, { detaching: true, attachRef: false, detachQueued: count(mem) === 0 });
    }
    case 'writeback': {
      if (m.writeback !== 'running' || !m.key?.dirty) return undefined;
      const key = { ver: m.key.ver, dirty: false };
      const backing = backingWrite(s, p, `writeback${key.ver}`, DATA, key.ver);
      const cache = write(s.disk.cache, { id: 'node', sector: 0, data: [key], fua: true });
      return { ...s, disk: { backing, cache }, mem: { ...m, key } };
    }
    case 'writeback-done': {
      if (m.writeback !== 'running' || m.key?.dirty === true) return undefined;
      if (!m.detaching && m.sb === 'clean') return undefined;
      const clean = writeSb(s, p, 'clean');
      if (!m.detaching) return clean;
      return exitWriteback(fixed ? writeSb(clean, p, 'none') : clean);
    }
    case 'detach-finish': {
      if (!m.detachQueued) return undefined;
      const done = fixed ? s : writeSb(s, p, 'none');
      return withMem(done, { attached: false, detachQueued: false });
    }
    case 'write': {
      if (m.writesLeft === 0 || !m.detaching || m.key?.dirty === true) return undefined;
      const ver = 2;
      const backing = backingWrite(s, p, `write${ver}`, DATA, ver);
      const cached = m.attached && count(m) > 0;
      return {
        disk: { ...s.disk, backing },
        mem: cached ? { ...m, key: { ver, dirty: false }, keyUnjournaled: true, writesLeft: m.writesLeft - 1 } : { ...m, writesLeft: m.writesLeft - 1 },
        ghost: { ...s.ghost, acked: ver, direct: cached ? s.ghost.direct : [...s.ghost.direct, ver] },
      };
    }
    case 'journal-write': {
      if (!m.keyUnjournaled || !m.attached) return undefined;
      const cache = write(s.disk.cache, { id: 'journal', sector: 0, data: [m.key], preflush: true, fua: true });
      return { ...s, disk: { ...s.disk, cache }, mem: { ...m, keyUnjournaled: false } };
    }
    case 'flush': {
      if (m.flushesLeft === 0) return undefined;
      const journaled = m.attached && count(m) > 0 && m.keyUnjournaled;
      const cache = journaled ? write(s.disk.cache, { id: 'journal', sector: 0, data: [m.key], preflush: true, fua: true }) : s.disk.cache;
      return {
        disk: { backing: flush(s.disk.backing), cache },
        mem: { ...m, keyUnjournaled: m.keyUnjournaled && !journaled, flushesLeft: m.flushesLeft - 1 },
        ghost: { ...s.ghost, durable: s.ghost.acked },
      };
    }
    default:
      return undefined;
  }
}

/** What a read of the data sector returns: the cached key's version if attached and cached, else the backing device. */
const served = (s: State): number => (s.mem.attached && s.mem.key ? s.mem.key.ver : (read(s.disk.backing, DATA) as number));

const detachRace = defineModel<State, Action, Params>({
  name: 'bcache/detach-race',
  params: { variant: 'buggy', backingCache: true, flushes: 1 },
  init: (p) => [
    {
      disk: { backing: deviceFromImage(['dirty', 0]), cache: deviceFromImage([{ ver: 1, dirty: true }]) },
      mem: {
        sb: 'dirty',
        key: { ver: 1, dirty: true },
        keyUnjournaled: false,
        attached: true,
        detaching: false,
        attachRef: true,
        writeback: 'running',
        detachQueued: false,
        sbWrites: 0,
        writesLeft: 1,
        flushesLeft: p.flushes,
        crashed: false,
      },
      ghost: { acked: 0, durable: 0, direct: [] },
    },
  ],
  actions: () => [
    { type: 'detach', actor: 'admin' },
    { type: 'writeback', actor: 'writeback' },
    { type: 'writeback-done', actor: 'writeback' },
    { type: 'detach-finish', actor: 'detach worker' },
    { type: 'write', actor: 'user' },
    { type: 'journal-write', actor: 'journal' },
    { type: 'flush', actor: 'user' },
  ],
  next,
  invariants: {},
  reachable: {
    /** The detach completes: the model does not stop short of the end the commit is about. */
    Detached: (s) => !s.mem.crashed && !s.mem.attached,
    /** The user's write goes straight to the backing device in some run. */
    DirectWrite: (s) => s.ghost.direct.length > 0,
  },
  terminal: (s) => s.mem.crashed || (!s.mem.attached && s.mem.writesLeft === 0 && s.mem.flushesLeft === 0),
});

const crashing = withCrashes(detachRace, {
  devices: (s) => ({ backing: s.disk.backing, cache: s.disk.cache }),
  /** Reboot and registration: the backing device is attached again unless its superblock says none. */
  recover(images, before): State {
    const backing = images.backing ?? [];
    const cache = images.cache ?? [];
    const sb = backing[SB] as SbState;
    const attached = sb !== 'none';
    return {
      disk: { backing: deviceFromImage(backing), cache: deviceFromImage(cache) },
      mem: {
        ...before.mem,
        sb,
        key: attached ? (cache[0] as Key | null) : null,
        keyUnjournaled: false,
        attached,
        detaching: false,
        attachRef: attached,
        writeback: attached ? 'running' : 'exited',
        detachQueued: false,
        crashed: true,
      },
      ghost: { ...before.ghost, acked: before.ghost.durable },
    };
  },
  afterCrash: {
    /** A version written straight to the backing device, and on it after the crash, is not shadowed by the cache. */
    NoStaleAfterCrash: (s) => {
      const data = read(s.disk.backing, DATA) as number;
      return !s.ghost.direct.includes(data) || served(s) >= data;
    },
    /** Every read returns at least the newest version acknowledged before a completed flush. */
    NoStaleAfterFlush: (s) => served(s) >= s.ghost.durable,
  },
});

export default defineModel({ ...crashing, paramValues: { variant: VARIANTS } });
