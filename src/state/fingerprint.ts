/**
 * Structural 64-bit fingerprints of state values, computed in one pass without building strings.
 *
 * The hash is two independent 32-bit lanes. Arrays combine their elements in order; records, Sets and Maps
 * combine their entries with addition, which is order-independent, so key order and insertion order do not
 * change a fingerprint. Every value is tagged by its kind so that, e.g., `[]`, `{}` and `new Set()` differ.
 *
 * Hashes of short strings are cached (see `hashString`); the fingerprint of a value does not depend on it.
 *
 * The same pass validates the value: anything that is not a plain value (see `Value`) makes `fingerprint`
 * throw `InvalidValue`; `describeInvalid` then finds the path for the error message (the fast path keeps no
 * path).
 */

import { duplicateSince, laneMark, pushedSince, pushKnownLanes, pushLanes, resetLanes } from './duplicate-lanes';

/** Thrown by `fingerprint` on a value that a state may not hold; `describeInvalid` explains it. */
export class InvalidValue extends Error {
  override readonly name = 'InvalidValue';
}

import { MAX_NESTING } from './value-limits';

const MAX_DEPTH = MAX_NESTING;

// Lane results of the last `hash` call: returning two numbers through a shared array avoids an allocation, and a
// typed array holds them as raw 32-bit integers (module variables would be tagged values, checked at each read).
const H = new Int32Array(2);
const h1 = (): number => H[0] as number;
const h2 = (): number => H[1] as number;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function fmix1(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function fmix2(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  return (h ^ (h >>> 15)) | 0;
}

// Tags, one per kind of value.
const T_NULL = 0x1000193;
const T_TRUE = 0x2000193;
const T_FALSE = 0x3000193;
const T_INT = 0x4000193;
const T_FLOAT = 0x5000193;
const T_STRING = 0x6000193;
const T_ARRAY = 0x7000193;
const T_OBJECT = 0x8000193;
const T_SET = 0x9000193;
const T_MAP = 0xa000193;

function hashStringLanes(s: string): void {
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  H[0] = fmix1(a ^ T_STRING);
  H[1] = fmix2(b + T_STRING);
}

// A direct-mapped cache of string lanes: states repeat the same keys and values (field names, enum-like
// strings), and a probe (length and three characters, then `===`) costs less than hashing again.
const STRING_CACHE_BITS = 12;
const STRING_CACHE_SIZE = 1 << STRING_CACHE_BITS;
const cachedStrings: (string | undefined)[] = new Array<string | undefined>(STRING_CACHE_SIZE).fill(undefined);
const cachedLanes = new Int32Array(STRING_CACHE_SIZE * 2);

function hashString(s: string): void {
  const n = s.length;
  if (n === 0 || n > 64) {
    hashStringLanes(s);
    return;
  }
  const slot = (Math.imul(n, 0x9e3779b1) ^ Math.imul(s.charCodeAt(0), 0x85ebca6b) ^ Math.imul(s.charCodeAt(n - 1), 0xc2b2ae35) ^ (s.charCodeAt(n >>> 1) << 7)) >>> (32 - STRING_CACHE_BITS);
  if (cachedStrings[slot] === s) {
    H[0] = cachedLanes[slot << 1] as number;
    H[1] = cachedLanes[(slot << 1) + 1] as number;
    return;
  }
  hashStringLanes(s);
  cachedStrings[slot] = s;
  cachedLanes[slot << 1] = h1();
  cachedLanes[(slot << 1) + 1] = h2();
}

function hash(v: unknown, depth: number): void {
  // `typeof v === '...'` tests compile to inline checks, where a switch on `typeof v` calls a V8 builtin.
  if (typeof v === 'string') {
    hashString(v);
    return;
  }
  if (typeof v === 'number') {
    if ((v | 0) === v) {
      H[0] = fmix1(v ^ T_INT);
      H[1] = fmix2(Math.imul(v, 0x9e3779b1) + T_INT);
      return;
    }
    if (!Number.isFinite(v)) throw new InvalidValue();
    if (v === 0) {
      // -0 equals 0 as a value
      H[0] = fmix1(T_INT);
      H[1] = fmix2(T_INT);
      return;
    }
    f64[0] = v;
    H[0] = fmix1((u32[0] as number) ^ fmix1((u32[1] as number) ^ T_FLOAT));
    H[1] = fmix2((u32[1] as number) + fmix2((u32[0] as number) + T_FLOAT));
    return;
  }
  if (typeof v === 'boolean') {
    H[0] = v ? T_TRUE : T_FALSE;
    H[1] = v ? ~T_TRUE : ~T_FALSE;
    return;
  }
  if (typeof v !== 'object') throw new InvalidValue();
  if (v === null) {
    H[0] = T_NULL;
    H[1] = ~T_NULL;
    return;
  }
  if (depth > MAX_DEPTH) throw new InvalidValue();
  const d = depth + 1;
  if (Array.isArray(v)) {
    let a = T_ARRAY ^ v.length;
    let b = T_ARRAY + v.length;
    for (let i = 0; i < v.length; i++) {
      hash(v[i], d);
      a = fmix1(Math.imul(a, 31) + h1());
      b = fmix2((b ^ h2()) + 0x6a09e667);
    }
    H[0] = a;
    H[1] = b;
    return;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const o = v as Record<string, unknown>;
    let a = 0;
    let b = 0;
    let n = 0;
    for (const k in o) {
      const x = o[k];
      if (x === undefined) throw new InvalidValue();
      hash(x, d);
      const v1 = h1();
      const v2 = h2();
      hashString(k);
      a = (a + fmix1(h1() ^ Math.imul(v1, 0x27d4eb2f))) | 0;
      b = (b + fmix2(h2() + Math.imul(v2, 0x165667b1))) | 0;
      n++;
    }
    H[0] = fmix1(a ^ T_OBJECT ^ n);
    H[1] = fmix2(b + T_OBJECT + n);
    return;
  }
  if (v instanceof Set) {
    let a = 0;
    let b = 0;
    const mark = laneMark();
    let objects = 0;
    for (const x of v) {
      hash(x, d);
      const ca = fmix1(h1());
      const cb = fmix2(h2());
      if (typeof x === 'object') {
        pushLanes(ca, cb);
        objects++;
      }
      a = (a + ca) | 0;
      b = (b + cb) | 0;
    }
    if (duplicateSince(mark, objects)) throw new InvalidValue();
    H[0] = fmix1(a ^ T_SET ^ v.size);
    H[1] = fmix2(b + T_SET + v.size);
    return;
  }
  if (v instanceof Map) {
    let a = 0;
    let b = 0;
    const mark = laneMark();
    let objects = 0;
    for (const [k, x] of v) {
      hash(x, d);
      const v1 = h1();
      const v2 = h2();
      hash(k, d);
      if (typeof k === 'object') {
        pushLanes(h1(), h2());
        objects++;
      }
      a = (a + fmix1(h1() ^ Math.imul(v1, 0x27d4eb2f))) | 0;
      b = (b + fmix2(h2() + Math.imul(v2, 0x165667b1))) | 0;
    }
    if (duplicateSince(mark, objects)) throw new InvalidValue();
    H[0] = fmix1(a ^ T_MAP ^ v.size);
    H[1] = fmix2(b + T_MAP + v.size);
    return;
  }
  throw new InvalidValue();
}

// ---- Fingerprints relative to a parent state.
//
// A successor usually shares most of its parent's parts: `{ ...s, x: { ...s.x, k: v } }` keeps every other field
// of `s`, and every other entry of `s.x`, by reference. `ParentMemo` keeps, for the entries of a parent state and
// of its top-level containers, each entry's key, value and contribution to the hash; a successor's entry that
// holds the same key and the same value (`===`) at the same position reuses the contribution instead of hashing
// the value again. The lanes are exactly those of `fingerprintInto`: only the work is saved. Values are taken to
// be immutable, as states are.

const K_NONE = 0;
const K_RECORD = 1;
const K_ARRAY = 2;
const K_SET = 3;
const K_MAP = 4;

/**
 * Records of at most this many keys are searched for a successor's key that is not at its parent's place: the sum
 * of entry contributions does not depend on order, and a search of a few keys costs less than hashing the value.
 */
const KEY_SEARCH_MAX = 16;

/**
 * Whether a member of `set` kept from its parent (the very object at the same place, entry `lo + j` of `level`)
 * has the lanes of a fresh member, pushed since `mark`.
 */
function keptDuplicate(set: Set<unknown>, level: MemoLevel, lo: number, hi: number, mark: number): boolean {
  const vals = level.vals;
  let j = lo;
  for (const x of set) {
    if (j < hi && vals[j] === x && typeof x === 'object' && pushedSince(mark, level.ca[j] as number, level.cb[j] as number)) return true;
    j++;
  }
  return false;
}

/** The index of `k` among `keys[lo..hi)`, or -1. */
function indexOfKey(keys: readonly unknown[], lo: number, hi: number, k: string): number {
  for (let t = lo; t < hi; t++) if (keys[t] === k) return t;
  return -1;
}

function kindOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return K_NONE;
  if (Array.isArray(v)) return K_ARRAY;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return K_RECORD;
  if (v instanceof Set) return K_SET;
  if (v instanceof Map) return K_MAP;
  return K_NONE;
}

/**
 * Whether `v`, a successor's value where the parent held a container of kind `kind` (not K_NONE), is taken as a
 * container of that kind by `hash`, its prototype aside: any object that is no array, Set or Map counts as a
 * record. `Object.getPrototypeOf` on an object of unknown shape is a call into V8's runtime, several times the
 * cost of these checks, and it would be made for every successor; a state that is stored is checked for plain
 * values when it is encoded instead (`ValueWriter`), so what goes unchecked is only a successor that equals, key
 * for key, a state already stored.
 */
function hasKind(v: unknown, kind: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return kind === K_ARRAY;
  if (v instanceof Set) return kind === K_SET;
  if (v instanceof Map) return kind === K_MAP;
  return kind === K_RECORD;
}

// Mixing of a record or Map entry's key lanes (k1, k2) with its value lanes (v1, v2), as `hash` does.
const entryA = (k1: number, v1: number): number => fmix1(k1 ^ Math.imul(v1, 0x27d4eb2f));
const entryB = (k2: number, v2: number): number => fmix2(k2 + Math.imul(v2, 0x165667b1));

/**
 * Entries of one level of the memo, in parallel arrays: key (record key, Map key, or undefined), value,
 * contribution lanes, key lanes (records and Maps: reused when only the value changed), and, at the top, the
 * kind of the value and its entries' range in the inner level. Slots past `n` may hold stale entries until
 * `release` clears them.
 */
class MemoLevel {
  n = 0;
  cap = 64;
  keys: unknown[] = new Array<unknown>(64).fill(undefined);
  vals: unknown[] = new Array<unknown>(64).fill(undefined);
  ca = new Int32Array(64);
  cb = new Int32Array(64);
  ka = new Int32Array(64);
  kb = new Int32Array(64);
  kind = new Uint8Array(64);
  from = new Int32Array(64);
  to = new Int32Array(64);

  /** Appends an entry: key, value and contribution (the next slot, made room for by the caller). */
  put(key: unknown, val: unknown, a: number, b: number): void {
    const i = this.n;
    this.keys[i] = key;
    this.vals[i] = val;
    this.ca[i] = a;
    this.cb[i] = b;
    this.n = i + 1;
  }

  /** Drops the references held in slots from `n` up to `upTo`, so that a parent does not outlive its expansion. */
  release(upTo: number): void {
    for (let i = this.n; i < upTo; i++) {
      this.keys[i] = undefined;
      this.vals[i] = undefined;
    }
  }

  grow(): void {
    const size = this.cap * 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.ca = widen(this.ca, (n) => new Int32Array(n));
    this.cb = widen(this.cb, (n) => new Int32Array(n));
    this.ka = widen(this.ka, (n) => new Int32Array(n));
    this.kb = widen(this.kb, (n) => new Int32Array(n));
    this.kind = widen(this.kind, (n) => new Uint8Array(n));
    this.from = widen(this.from, (n) => new Int32Array(n));
    this.to = widen(this.to, (n) => new Int32Array(n));
    for (let i = this.cap; i < size; i++) {
      this.keys.push(undefined);
      this.vals.push(undefined);
    }
    this.cap = size;
  }
}

/**
 * Where a parent's top-level entries were found when it was decoded (see `TopEntries` in `value-codec`): per
 * entry, a slot number (-1: none) under which an entry holding the very same value may have been met before.
 */
export interface EntryHints {
  readonly count: number;
  readonly slots: Int32Array;
}

// The memo keeps what it built for a top-level container entry under its hint slot, for as long as its entries
// stay in the inner level, which is cleared when it grows past INNER_LIMIT entries.
const CACHE_BITS = 15;
const CACHE_MASK = (1 << CACHE_BITS) - 1;
const INNER_LIMIT = 1 << 17;

/**
 * Fingerprints of successors relative to the state they were reached from. `remember(parent)` once per expanded
 * state, then `fingerprintInto(successor, out)` for each successor; the result equals `fingerprintInto` of the
 * module, and throws `InvalidValue` as it does, except that the successor itself and its top-level containers,
 * where the parent had containers of the same kind, are not checked to be plain objects (see `hasKind`).
 *
 * A container entry of the parent is hashed entry by entry into the inner level. With hints, what was built for
 * a top-level entry is kept under its slot and taken again, without hashing, when a later parent holds the very
 * same value (`===`) at a position with that slot: decoding gives equal entries of frontier states the same
 * object (see `DecodedEntries`).
 */
export class ParentMemo {
  private readonly top = new MemoLevel();
  private readonly inner = new MemoLevel();
  private topKind = K_NONE;
  // Built top-level entries by hint slot: the value, its lanes and its entries' range in `inner`.
  private cached: unknown[] | undefined;
  private readonly cachedLanes = new Int32Array(2 << CACHE_BITS);
  private readonly cachedRange = new Int32Array(2 << CACHE_BITS);
  private readonly cachedKind = new Uint8Array(1 << CACHE_BITS);
  private hints: EntryHints | undefined;
  /** Top-level entries of the previous parent that `build` may keep for the next one (see `remember`). */
  private reusable = 0;
  /** The lanes of the parent given to `remember` last. */
  readonly parent = new Int32Array(2);

  /**
   * Takes `parent` as the reference for the next successors, and its lanes into `this.parent`; throws
   * `InvalidValue` as `fingerprintInto` does, except that its Sets and Maps are not searched for equal members:
   * a parent is a state already checked. `hints`, if given, are those of `parent`'s entries.
   */
  remember(parent: unknown, hints?: EntryHints): void {
    resetLanes();
    const top = this.top;
    const topN = top.n;
    top.n = 0;
    // Parents follow their siblings, which hold many of the same top-level entries: an entry that the previous
    // parent, a record too, held at the same place under the same key, with the very same value, is kept as it
    // is, its lanes and its entries in the inner level included (unless the inner level is cleared now).
    this.reusable = this.topKind === K_RECORD ? topN : 0;
    this.topKind = K_NONE;
    if (this.inner.n > INNER_LIMIT) {
      this.clearInner();
      this.reusable = 0;
    }
    const kind = kindOf(parent);
    if (kind !== K_NONE) {
      this.hints = kind === K_RECORD ? hints : undefined;
      if (this.hints !== undefined) this.cached ??= new Array<unknown>(1 << CACHE_BITS).fill(undefined);
      this.build(parent, kind, top);
      this.topKind = kind;
    } else hash(parent, 0);
    this.parent[0] = h1();
    this.parent[1] = h2();
    top.release(topN);
  }

  /** Drops the parent and every part of earlier ones that the memo holds. */
  forget(): void {
    const topN = this.top.n;
    this.top.n = 0;
    this.top.release(topN);
    this.clearInner();
    this.topKind = K_NONE;
  }

  private clearInner(): void {
    const innerN = this.inner.n;
    this.inner.n = 0;
    this.inner.release(innerN);
    this.cached?.fill(undefined);
  }

  fingerprintInto(value: unknown, out: Int32Array): void {
    resetLanes();
    const kind = this.topKind;
    if (kind !== K_NONE && hasKind(value, kind)) this.diff(value, kind, this.top, 0, this.top.n);
    else hash(value, 0);
    out[0] = h1();
    out[1] = h2();
  }

  /**
   * Hashes container `v` of kind `kind` into `H` as `hash` does, appending its entries to `level` (the top
   * level's container entries append theirs to the inner level).
   */
  private build(v: unknown, kind: number, level: MemoLevel): void {
    const isTop = level === this.top;
    const d = isTop ? 1 : 2;
    let a = 0;
    let b = 0;
    if (kind === K_RECORD) {
      const o = v as Record<string, unknown>;
      const reusable = isTop ? this.reusable : 0;
      let n = 0;
      for (const k in o) {
        const x = o[k];
        if (x === undefined) throw new InvalidValue();
        if (level.n >= level.cap) level.grow();
        const i = level.n;
        if (i < reusable && level.keys[i] === k && level.vals[i] === x) {
          a = (a + (level.ca[i] as number)) | 0;
          b = (b + (level.cb[i] as number)) | 0;
          level.n = i + 1;
          n++;
          continue;
        }
        this.buildValue(x, isTop, level, i, d);
        const v1 = h1();
        const v2 = h2();
        hashString(k);
        level.ka[i] = h1();
        level.kb[i] = h2();
        const ca = entryA(h1(), v1);
        const cb = entryB(h2(), v2);
        level.put(k, x, ca, cb);
        a = (a + ca) | 0;
        b = (b + cb) | 0;
        n++;
      }
      H[0] = fmix1(a ^ T_OBJECT ^ n);
      H[1] = fmix2(b + T_OBJECT + n);
      return;
    }
    if (kind === K_ARRAY) {
      const arr = v as unknown[];
      const n = arr.length;
      a = T_ARRAY ^ n;
      b = T_ARRAY + n;
      for (let j = 0; j < n; j++) {
        const x = arr[j];
        if (level.n >= level.cap) level.grow();
        const i = level.n;
        this.buildValue(x, isTop, level, i, d);
        level.put(undefined, x, h1(), h2());
        a = fmix1(Math.imul(a, 31) + h1());
        b = fmix2((b ^ h2()) + 0x6a09e667);
      }
      H[0] = a;
      H[1] = b;
      return;
    }
    if (kind === K_SET) {
      const set = v as Set<unknown>;
      for (const x of set) {
        if (level.n >= level.cap) level.grow();
        const i = level.n;
        this.buildValue(x, isTop, level, i, d);
        const ca = fmix1(h1());
        const cb = fmix2(h2());
        level.put(undefined, x, ca, cb);
        a = (a + ca) | 0;
        b = (b + cb) | 0;
      }
      H[0] = fmix1(a ^ T_SET ^ set.size);
      H[1] = fmix2(b + T_SET + set.size);
      return;
    }
    const map = v as Map<unknown, unknown>;
    for (const [k, x] of map) {
      if (level.n >= level.cap) level.grow();
      const i = level.n;
      this.buildValue(x, isTop, level, i, d);
      const v1 = h1();
      const v2 = h2();
      hash(k, d);
      level.ka[i] = h1();
      level.kb[i] = h2();
      const ca = entryA(h1(), v1);
      const cb = entryB(h2(), v2);
      level.put(k, x, ca, cb);
      a = (a + ca) | 0;
      b = (b + cb) | 0;
    }
    H[0] = fmix1(a ^ T_MAP ^ map.size);
    H[1] = fmix2(b + T_MAP + map.size);
  }

  /** Lanes of entry value `x` (slot `i` of `level`) into `H`; at the top, a container's entries go to the inner level. */
  private buildValue(x: unknown, isTop: boolean, level: MemoLevel, i: number, d: number): void {
    // The very object met before under this slot was a container of the kind kept with it: no look at it again.
    const hints = isTop ? this.hints : undefined;
    const hint = hints !== undefined && i < hints.count ? (hints.slots[i] as number) : -1;
    const slot = hint < 0 ? -1 : hint & CACHE_MASK;
    const cached = this.cached as unknown[];
    if (slot >= 0 && cached[slot] === x) {
      level.kind[i] = this.cachedKind[slot] as number;
      H[0] = this.cachedLanes[2 * slot] as number;
      H[1] = this.cachedLanes[2 * slot + 1] as number;
      level.from[i] = this.cachedRange[2 * slot] as number;
      level.to[i] = this.cachedRange[2 * slot + 1] as number;
      return;
    }
    const xk = isTop && typeof x === 'object' ? kindOf(x) : K_NONE;
    if (isTop) level.kind[i] = xk;
    if (xk === K_NONE) {
      hash(x, d);
      return;
    }
    const from = this.inner.n;
    this.build(x, xk, this.inner);
    level.from[i] = from;
    level.to[i] = this.inner.n;
    if (slot >= 0) {
      cached[slot] = x;
      this.cachedKind[slot] = xk;
      this.cachedLanes[2 * slot] = h1();
      this.cachedLanes[2 * slot + 1] = h2();
      this.cachedRange[2 * slot] = from;
      this.cachedRange[2 * slot + 1] = this.inner.n;
    }
  }

  /**
   * Hashes container `v` of kind `kind` into `H`, comparing its entry j with entry `lo + j` of `level` (below
   * `hi`): the same value under the same key reuses the contribution; under the same key only, the key's lanes.
   * One function per kind: each is compiled on its own, with a smaller frame than one for all four.
   */
  private diff(v: unknown, kind: number, level: MemoLevel, lo: number, hi: number): void {
    if (kind === K_RECORD) this.diffRecord(v as Record<string, unknown>, level, lo, hi);
    else if (kind === K_SET) this.diffSet(v as Set<unknown>, level, lo, hi);
    else if (kind === K_ARRAY) this.diffArray(v as unknown[], level, lo, hi);
    else this.diffMap(v as Map<unknown, unknown>, level, lo, hi);
  }

  private diffRecord(o: Record<string, unknown>, level: MemoLevel, lo: number, hi: number): void {
    const isTop = level === this.top;
    const d = isTop ? 1 : 2;
    const keys = level.keys;
    const vals = level.vals;
    let j = lo;
    let a = 0;
    let b = 0;
    for (const k in o) {
      const x = o[k];
      // The parent's entry under this key: at the same place, or, in a small record whose keys came in another
      // order (a model that rebuilds its records rather than spreading them), elsewhere in the parent's range.
      // The search is a call of its own, made only on a miss: the loop of a model that spreads stays as small.
      const m = j < hi && keys[j] === k ? j : hi - lo <= KEY_SEARCH_MAX ? indexOfKey(keys, lo, hi, k) : -1;
      if (m >= 0) {
        if (vals[m] === x) {
          a = (a + (level.ca[m] as number)) | 0;
          b = (b + (level.cb[m] as number)) | 0;
        } else {
          if (x === undefined) throw new InvalidValue();
          this.diffValue(x, isTop, level, m, d);
          a = (a + entryA(level.ka[m] as number, h1())) | 0;
          b = (b + entryB(level.kb[m] as number, h2())) | 0;
        }
      } else {
        if (x === undefined) throw new InvalidValue();
        hash(x, d);
        const v1 = h1();
        const v2 = h2();
        hashString(k);
        a = (a + entryA(h1(), v1)) | 0;
        b = (b + entryB(h2(), v2)) | 0;
      }
      j++;
    }
    const n = j - lo;
    H[0] = fmix1(a ^ T_OBJECT ^ n);
    H[1] = fmix2(b + T_OBJECT + n);
  }

  private diffArray(arr: unknown[], level: MemoLevel, lo: number, hi: number): void {
    const isTop = level === this.top;
    const d = isTop ? 1 : 2;
    const vals = level.vals;
    const n = arr.length;
    let a = T_ARRAY ^ n;
    let b = T_ARRAY + n;
    for (let i = 0, j = lo; i < n; i++, j++) {
      const x = arr[i];
      if (j < hi) {
        if (vals[j] === x) {
          H[0] = level.ca[j] as number;
          H[1] = level.cb[j] as number;
        } else this.diffValue(x, isTop, level, j, d);
      } else hash(x, d);
      a = fmix1(Math.imul(a, 31) + h1());
      b = fmix2((b ^ h2()) + 0x6a09e667);
    }
    H[0] = a;
    H[1] = b;
  }

  private diffSet(set: Set<unknown>, level: MemoLevel, lo: number, hi: number): void {
    const isTop = level === this.top;
    const d = isTop ? 1 : 2;
    const vals = level.vals;
    let j = lo;
    let a = 0;
    let b = 0;
    const mark = laneMark();
    let fresh = 0;
    let kept = 0;
    // The lanes of the last fresh member that is an object (a step usually adds one).
    let fa = 0;
    let fb = 0;
    for (const x of set) {
      let ca: number;
      let cb: number;
      if (j < hi && vals[j] === x) {
        ca = level.ca[j] as number;
        cb = level.cb[j] as number;
        if (typeof x === 'object') kept++;
      } else {
        if (j < hi) this.diffValue(x, isTop, level, j, d);
        else hash(x, d);
        ca = fmix1(h1());
        cb = fmix2(h2());
        if (typeof x === 'object') {
          pushLanes(ca, cb);
          fresh++;
          fa = ca;
          fb = cb;
        }
      }
      a = (a + ca) | 0;
      b = (b + cb) | 0;
      j++;
    }
    // Members kept from the parent are distinct from one another (the parent was checked) and their lanes are the
    // parent's entries': fresh members are compared with each other, and with the kept ones (see `keptDuplicate`).
    if (fresh > 0 && kept > 0) {
      const ca = level.ca;
      const cb = level.cb;
      let maybe = false;
      if (fresh === 1) {
        for (let t = lo; t < hi; t++) {
          if (ca[t] === fa && cb[t] === fb) {
            maybe = true;
            break;
          }
        }
      } else maybe = true;
      if (maybe && keptDuplicate(set, level, lo, hi, mark)) {
        duplicateSince(mark, 0);
        throw new InvalidValue();
      }
    }
    if (duplicateSince(mark, fresh)) throw new InvalidValue();
    H[0] = fmix1(a ^ T_SET ^ set.size);
    H[1] = fmix2(b + T_SET + set.size);
  }

  private diffMap(map: Map<unknown, unknown>, level: MemoLevel, lo: number, hi: number): void {
    const isTop = level === this.top;
    const d = isTop ? 1 : 2;
    const keys = level.keys;
    const vals = level.vals;
    let j = lo;
    let a = 0;
    let b = 0;
    const mark = laneMark();
    let fresh = 0;
    for (const [k, x] of map) {
      if (j < hi && keys[j] === k) {
        if (typeof k === 'object') pushKnownLanes(level.ka[j] as number, level.kb[j] as number);
        if (vals[j] === x) {
          a = (a + (level.ca[j] as number)) | 0;
          b = (b + (level.cb[j] as number)) | 0;
        } else {
          this.diffValue(x, isTop, level, j, d);
          a = (a + entryA(level.ka[j] as number, h1())) | 0;
          b = (b + entryB(level.kb[j] as number, h2())) | 0;
        }
      } else {
        hash(x, d);
        const v1 = h1();
        const v2 = h2();
        hash(k, d);
        if (typeof k === 'object') {
          pushLanes(h1(), h2());
          fresh++;
        }
        a = (a + entryA(h1(), v1)) | 0;
        b = (b + entryB(h2(), v2)) | 0;
      }
      j++;
    }
    if (duplicateSince(mark, fresh)) throw new InvalidValue();
    H[0] = fmix1(a ^ T_MAP ^ map.size);
    H[1] = fmix2(b + T_MAP + map.size);
  }

  /**
   * Lanes of value `x` into `H`, where slot `j` of `level` held another value: at the top, a container of the
   * kind the parent's was is hashed relative to the parent's; otherwise it is hashed in full.
   */
  private diffValue(x: unknown, isTop: boolean, level: MemoLevel, j: number, d: number): void {
    if (isTop) {
      const xk = level.kind[j] as number;
      if (xk !== K_NONE && hasKind(x, xk)) {
        this.diff(x, xk, this.inner, level.from[j] as number, level.to[j] as number);
        return;
      }
    }
    hash(x, d);
  }
}

/**
 * Fingerprints `value` into its two 32-bit lanes, returned through `out` (to keep the checker's loop free of
 * allocations). Throws `InvalidValue` when the value is not a plain value.
 */
export function fingerprintInto(value: unknown, out: Int32Array): void {
  resetLanes();
  hash(value, 0);
  out[0] = h1();
  out[1] = h2();
}

const scratch = new Int32Array(2);

/** The fingerprint as 16 hex digits, for graph node keys and reports. */
export function fingerprint(value: unknown): string {
  fingerprintInto(value, scratch);
  const hi = ((scratch[0] as number) >>> 0).toString(16).padStart(8, '0');
  const lo = ((scratch[1] as number) >>> 0).toString(16).padStart(8, '0');
  return hi + lo;
}
