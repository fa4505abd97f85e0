/**
 * A block device with a volatile write-back cache, as an immutable plain value (so it fingerprints and
 * compares like any other part of a state), and the pure functions that operate on it.
 *
 * Semantics (README.md in this folder states them in full):
 * - a write takes effect for reads when it completes; until a flush (or FUA) it may still be lost;
 * - on the medium, a write completed before another was submitted (or completed) lands first;
 *   writes that were in flight together land in any order;
 * - `flush` makes every completed write durable; a FUA write is durable when it completes; a preflush write
 *   makes every write completed before its submission durable when it completes.
 */

import type { Value } from '../model/types';
import { DeviceError } from './device-error';

/** One sector's worth of data carried by a write. */
export interface Block<T = Value> {
  readonly sector: number;
  readonly value: T;
}

/**
 * Where a write stands: submitted but not acknowledged, acknowledged (in the volatile cache), or durable
 * (guaranteed on the medium but still kept because a write in flight may yet land over it or under it).
 */
export type WriteStatus = 'in-flight' | 'completed' | 'durable';

/** A write the device has not yet settled onto the medium. */
export interface CachedWrite<T = Value> {
  /** Chosen by the model; unique among the writes in the cache. Shown in crash steps. */
  readonly id: string;
  /** The sectors this write can still change (those overwritten by a later durable write are dropped). */
  readonly blocks: readonly Block<T>[];
  readonly fua: boolean;
  readonly preflush: boolean;
  readonly status: WriteStatus;
  /**
   * For a write in flight: the writes of the cache that were already completed when it was submitted. They
   * land on the medium before it, and a preflush makes them durable. Empty once the write completes.
   */
  readonly after: readonly string[];
}

/**
 * The device: the contents of the medium, and the writes not yet settled onto it. The cache lists the
 * completed (and durable) writes in completion order, then the writes in flight in submission order.
 * `T` is what a sector holds: a device made with `createDevice<Super | null>(n, null)` reads back `Super | null`.
 */
export interface Device<T = Value> {
  readonly sectors: readonly T[];
  readonly cache: readonly CachedWrite<T>[];
}

/** A write as the model submits it: `data[i]` goes to sector `sector + i`. */
export interface WriteRequest<T = Value> {
  readonly id: string;
  readonly sector: number;
  readonly data: readonly T[];
  /** Forced unit access: durable as soon as it completes (REQ_FUA). */
  readonly fua?: boolean;
  /** Flush before the write (REQ_PREFLUSH): writes completed before submission are durable when it completes. */
  readonly preflush?: boolean;
}

/** A device of `size` sectors, each holding `fill` (default null), with an empty cache. */
export function createDevice(size: number): Device;
export function createDevice<T>(size: number, fill: T): Device<T>;
export function createDevice<T>(size: number, fill?: T): Device<T | null> {
  const value = fill === undefined ? null : fill;
  return { sectors: Array.from({ length: size }, () => value), cache: [] };
}

/** The device a recovery finds after a crash: the medium holds `image`, the cache is empty. */
export function deviceFromImage<T = Value>(image: readonly T[]): Device<T> {
  return { sectors: [...image], cache: [] };
}

const settledStatus = <T>(w: CachedWrite<T>): boolean => w.status !== 'in-flight';

function findWrite<T>(dev: Device<T>, id: string): number {
  const i = dev.cache.findIndex((w) => w.id === id);
  if (i < 0) throw new DeviceError('unknown-write', `No write '${id}' is in the device cache.`);
  return i;
}

/** Submits a write; it is in flight until `complete`. */
export function submit<T>(dev: Device<T>, request: WriteRequest<T>): Device<T> {
  const { id, sector, data } = request;
  const preflush = request.preflush ?? false;
  if (dev.cache.some((w) => w.id === id)) throw new DeviceError('duplicate-write', `A write '${id}' is still in the device cache.`);
  if (data.length === 0 && !preflush) throw new DeviceError('empty-write', `Write '${id}' carries no data and no preflush.`);
  if (data.length > 0 && (!Number.isInteger(sector) || sector < 0 || sector + data.length > dev.sectors.length)) {
    throw new DeviceError('out-of-range', `Write '${id}' to sectors ${sector}..${sector + data.length - 1} is outside a device of ${dev.sectors.length} sectors.`);
  }
  const write: CachedWrite<T> = {
    id,
    blocks: data.map((value, i) => ({ sector: sector + i, value })),
    fua: request.fua ?? false,
    preflush,
    status: 'in-flight',
    after: dev.cache.filter(settledStatus).map((w) => w.id),
  };
  return { sectors: dev.sectors, cache: [...dev.cache, write] };
}

/** Submits a flush request (an empty preflush write); it takes effect when completed with `complete`. */
export function submitFlush<T>(dev: Device<T>, id: string): Device<T> {
  return submit(dev, { id, sector: 0, data: [], preflush: true });
}

/** Completes (acknowledges) a write in flight. */
export function complete<T>(dev: Device<T>, id: string): Device<T> {
  const i = findWrite(dev, id);
  const w = dev.cache[i] as CachedWrite<T>;
  if (w.status !== 'in-flight') throw new DeviceError('not-in-flight', `Write '${id}' was already completed.`);
  const flushed = w.preflush ? new Set(w.after) : new Set<string>();
  const done: CachedWrite<T> = { ...w, status: w.fua ? 'durable' : 'completed', after: [] };
  const settled: CachedWrite<T>[] = [];
  const inFlight: CachedWrite<T>[] = [];
  for (const x of dev.cache) {
    if (x === w) continue;
    if (x.status === 'in-flight') inFlight.push(x);
    else settled.push(flushed.has(x.id) ? { ...x, status: 'durable' } : x);
  }
  return settle(dev.sectors, [...settled, done, ...inFlight]);
}

/** Submits and completes a write in one step. */
export function write<T>(dev: Device<T>, request: WriteRequest<T>): Device<T> {
  return complete(submit(dev, request), request.id);
}

/** A flush submitted and completed in one step: every completed write becomes durable. */
export function flush<T>(dev: Device<T>): Device<T> {
  return settle(
    dev.sectors,
    dev.cache.map((w): CachedWrite<T> => (w.status === 'completed' ? { ...w, status: 'durable' } : w)),
  );
}

/** What a read of `sector` returns now: the last completed write to it, else the medium. */
export function read<T>(dev: Device<T>, sector: number): T {
  for (let i = dev.cache.length - 1; i >= 0; i--) {
    const w = dev.cache[i] as CachedWrite<T>;
    if (w.status === 'in-flight') continue;
    for (const b of w.blocks) if (b.sector === sector) return b.value;
  }
  if (!Number.isInteger(sector) || sector < 0 || sector >= dev.sectors.length) throw new DeviceError('out-of-range', `Sector ${sector} is outside a device of ${dev.sectors.length} sectors.`);
  return dev.sectors[sector] as T;
}

/** The status of write `id`, or undefined when it is not in the cache (never submitted, or settled on the medium). */
export function writeStatus<T>(dev: Device<T>, id: string): WriteStatus | undefined {
  return dev.cache.find((w) => w.id === id)?.status;
}

/** Whether nothing is in flight or volatile: a crash now cannot change the medium. */
export function isClean<T>(dev: Device<T>): boolean {
  return dev.cache.length === 0;
}

/**
 * Moves durable writes onto the medium once no write in flight can land under or over them any more (every
 * write in flight was submitted after they completed), in completion order. A write settled this way hides the
 * blocks of earlier completed writes on the same sectors: those land before it, so can never be seen again.
 * Writes left with no blocks carry no information and are dropped.
 */
function settle<T>(sectorsIn: readonly T[], cacheIn: readonly CachedWrite<T>[]): Device<T> {
  let sectors = sectorsIn;
  let cache = cacheIn;
  for (;;) {
    const i = cache.findIndex((w) => w.status === 'durable');
    if (i < 0) break;
    const w = cache[i] as CachedWrite<T>;
    if (cache.some((x) => x.status === 'in-flight' && !x.after.includes(w.id))) break;
    const next = [...sectors];
    const covered = new Set<number>();
    for (const b of w.blocks) {
      next[b.sector] = b.value;
      covered.add(b.sector);
    }
    sectors = next;
    cache = cache
      .filter((x) => x !== w)
      .map((x, j) => (j < i && covered.size > 0 && x.blocks.some((b) => covered.has(b.sector)) ? { ...x, blocks: x.blocks.filter((b) => !covered.has(b.sector)) } : x));
    cache = dropEmpty(dropId(cache, w.id));
  }
  return { sectors, cache: dropEmpty(cache) };
}

function dropId<T>(cache: readonly CachedWrite<T>[], id: string): readonly CachedWrite<T>[] {
  return cache.map((x) => (x.after.includes(id) ? { ...x, after: x.after.filter((a) => a !== id) } : x));
}

// A completed write without blocks can change neither reads nor crash images; an in-flight one may still be a flush.
function dropEmpty<T>(cache: readonly CachedWrite<T>[]): readonly CachedWrite<T>[] {
  let out = cache;
  for (const w of cache) {
    if (w.blocks.length === 0 && w.status !== 'in-flight') out = dropId(out.filter((x) => x.id !== w.id), w.id);
  }
  return out;
}
