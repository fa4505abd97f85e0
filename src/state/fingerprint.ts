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

/** Thrown by `fingerprint` on a value that a state may not hold; `describeInvalid` explains it. */
export class InvalidValue extends Error {
  override readonly name = 'InvalidValue';
}

const MAX_DEPTH = 256;

// Lane results of the last `hash` call: returning two numbers through module variables avoids an allocation.
let H1 = 0;
let H2 = 0;

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
  H1 = fmix1(a ^ T_STRING);
  H2 = fmix2(b + T_STRING);
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
    H1 = cachedLanes[slot << 1] as number;
    H2 = cachedLanes[(slot << 1) + 1] as number;
    return;
  }
  hashStringLanes(s);
  cachedStrings[slot] = s;
  cachedLanes[slot << 1] = H1;
  cachedLanes[(slot << 1) + 1] = H2;
}

function hash(v: unknown, depth: number): void {
  switch (typeof v) {
    case 'string':
      hashString(v);
      return;
    case 'number': {
      if ((v | 0) === v) {
        H1 = fmix1(v ^ T_INT);
        H2 = fmix2(Math.imul(v, 0x9e3779b1) + T_INT);
        return;
      }
      if (!Number.isFinite(v)) throw new InvalidValue();
      if (v === 0) {
        // -0 equals 0 as a value
        H1 = fmix1(T_INT);
        H2 = fmix2(T_INT);
        return;
      }
      f64[0] = v;
      H1 = fmix1((u32[0] as number) ^ fmix1((u32[1] as number) ^ T_FLOAT));
      H2 = fmix2((u32[1] as number) + fmix2((u32[0] as number) + T_FLOAT));
      return;
    }
    case 'boolean':
      H1 = v ? T_TRUE : T_FALSE;
      H2 = v ? ~T_TRUE : ~T_FALSE;
      return;
    case 'object':
      break;
    default:
      throw new InvalidValue();
  }
  if (v === null) {
    H1 = T_NULL;
    H2 = ~T_NULL;
    return;
  }
  if (depth > MAX_DEPTH) throw new InvalidValue();
  const d = depth + 1;
  if (Array.isArray(v)) {
    let a = T_ARRAY ^ v.length;
    let b = T_ARRAY + v.length;
    for (let i = 0; i < v.length; i++) {
      hash(v[i], d);
      a = fmix1(Math.imul(a, 31) + H1);
      b = fmix2((b ^ H2) + 0x6a09e667);
    }
    H1 = a;
    H2 = b;
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
      const v1 = H1;
      const v2 = H2;
      hashString(k);
      a = (a + fmix1(H1 ^ Math.imul(v1, 0x27d4eb2f))) | 0;
      b = (b + fmix2(H2 + Math.imul(v2, 0x165667b1))) | 0;
      n++;
    }
    H1 = fmix1(a ^ T_OBJECT ^ n);
    H2 = fmix2(b + T_OBJECT + n);
    return;
  }
  if (v instanceof Set) {
    let a = 0;
    let b = 0;
    for (const x of v) {
      hash(x, d);
      a = (a + fmix1(H1)) | 0;
      b = (b + fmix2(H2)) | 0;
    }
    H1 = fmix1(a ^ T_SET ^ v.size);
    H2 = fmix2(b + T_SET + v.size);
    return;
  }
  if (v instanceof Map) {
    let a = 0;
    let b = 0;
    for (const [k, x] of v) {
      hash(x, d);
      const v1 = H1;
      const v2 = H2;
      hash(k, d);
      a = (a + fmix1(H1 ^ Math.imul(v1, 0x27d4eb2f))) | 0;
      b = (b + fmix2(H2 + Math.imul(v2, 0x165667b1))) | 0;
    }
    H1 = fmix1(a ^ T_MAP ^ v.size);
    H2 = fmix2(b + T_MAP + v.size);
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

function kindOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return K_NONE;
  if (Array.isArray(v)) return K_ARRAY;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return K_RECORD;
  if (v instanceof Set) return K_SET;
  if (v instanceof Map) return K_MAP;
  return K_NONE;
}

/** Entries of one level of the memo: key (record key, Map key, or none), value, contribution lanes. */
class MemoLevel {
  n = 0;
  keys: unknown[] = [];
  vals: unknown[] = [];
  ca = new Int32Array(64);
  cb = new Int32Array(64);
  /** Of a level-1 entry: the kind of its value, and its entries' range in level 2. */
  kind = new Uint8Array(64);
  from = new Int32Array(64);
  to = new Int32Array(64);

  push(key: unknown, val: unknown, a: number, b: number): number {
    const i = this.n++;
    if (i >= this.ca.length) this.grow();
    this.keys[i] = key;
    this.vals[i] = val;
    this.ca[i] = a;
    this.cb[i] = b;
    return i;
  }

  clear(): void {
    // Drop references so that a parent does not outlive its expansion.
    this.keys.length = 0;
    this.vals.length = 0;
    this.n = 0;
  }

  private grow(): void {
    const size = this.ca.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.ca = widen(this.ca, (n) => new Int32Array(n));
    this.cb = widen(this.cb, (n) => new Int32Array(n));
    this.kind = widen(this.kind, (n) => new Uint8Array(n));
    this.from = widen(this.from, (n) => new Int32Array(n));
    this.to = widen(this.to, (n) => new Int32Array(n));
  }
}

// Contribution of the last entry combined by `entry` (module variables, as H1/H2).
let CA = 0;
let CB = 0;

/**
 * Fingerprints of successors relative to the state they were reached from. `remember(parent)` once per expanded
 * state, then `fingerprintInto(successor, out)` for each successor; the result equals `fingerprintInto` of the
 * module, and throws `InvalidValue` as it does.
 */
export class ParentMemo {
  private readonly top = new MemoLevel();
  private readonly inner = new MemoLevel();
  private topKind = K_NONE;

  /** Takes `parent` as the reference for the next successors; throws `InvalidValue` as `fingerprintInto` does. */
  remember(parent: unknown): void {
    this.top.clear();
    this.inner.clear();
    this.topKind = kindOf(parent);
    if (this.topKind === K_NONE) return;
    this.node(parent, this.topKind, 0, true, this.top, 0, 0);
  }

  /** Drops the parent (and the references to its parts). */
  forget(): void {
    this.top.clear();
    this.inner.clear();
    this.topKind = K_NONE;
  }

  fingerprintInto(value: unknown, out: Int32Array): void {
    const kind = kindOf(value);
    if (kind !== K_NONE && kind === this.topKind) this.node(value, kind, 0, false, this.top, 0, this.top.n);
    else hash(value, 0);
    out[0] = H1;
    out[1] = H2;
  }

  /**
   * Hashes container `v` of kind `kind` into H1/H2. Building (`build`), its entries are appended to `level`
   * (and, at the top, its containers' entries to the inner level); otherwise entry j is compared with entry
   * `lo + j` of `level` (below `hi`) and its contribution reused when key and value are the same.
   */
  private node(v: unknown, kind: number, depth: number, build: boolean, level: MemoLevel, lo: number, hi: number): void {
    if (depth > MAX_DEPTH) throw new InvalidValue();
    let j = lo;
    let a = 0;
    let b = 0;
    if (kind === K_ARRAY) {
      const arr = v as unknown[];
      a = T_ARRAY ^ arr.length;
      b = T_ARRAY + arr.length;
      for (let i = 0; i < arr.length; i++) {
        this.entry(kind, i, arr[i], depth, build, level, j++, hi);
        a = fmix1(Math.imul(a, 31) + CA);
        b = fmix2((b ^ CB) + 0x6a09e667);
      }
      H1 = a;
      H2 = b;
      return;
    }
    if (kind === K_RECORD) {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const x = o[k];
        if (x === undefined) throw new InvalidValue();
        this.entry(kind, k, x, depth, build, level, j++, hi);
        a = (a + CA) | 0;
        b = (b + CB) | 0;
      }
      const n = j - lo;
      H1 = fmix1(a ^ T_OBJECT ^ n);
      H2 = fmix2(b + T_OBJECT + n);
      return;
    }
    if (kind === K_SET) {
      const set = v as Set<unknown>;
      for (const x of set) {
        this.entry(kind, undefined, x, depth, build, level, j++, hi);
        a = (a + CA) | 0;
        b = (b + CB) | 0;
      }
      H1 = fmix1(a ^ T_SET ^ set.size);
      H2 = fmix2(b + T_SET + set.size);
      return;
    }
    const map = v as Map<unknown, unknown>;
    for (const [k, x] of map) {
      this.entry(kind, k, x, depth, build, level, j++, hi);
      a = (a + CA) | 0;
      b = (b + CB) | 0;
    }
    H1 = fmix1(a ^ T_MAP ^ map.size);
    H2 = fmix2(b + T_MAP + map.size);
  }

  /**
   * Entry j of a container into CA/CB: reused from `level` when it holds the same key and value there, else
   * hashed (at the top, a container relative to the parent's container under the same key).
   */
  private entry(kind: number, key: unknown, x: unknown, depth: number, build: boolean, level: MemoLevel, j: number, hi: number): void {
    if (!build && j < hi && level.vals[j] === x && level.keys[j] === key) {
      CA = level.ca[j] as number;
      CB = level.cb[j] as number;
      return;
    }
    const isTop = level === this.top;
    const xk = isTop && typeof x === 'object' ? kindOf(x) : K_NONE;
    const from = this.inner.n;
    if (xk === K_NONE) hash(x, depth + 1);
    else if (build) this.node(x, xk, depth + 1, true, this.inner, 0, 0);
    else if (j < hi && level.kind[j] === xk && level.keys[j] === key) this.node(x, xk, depth + 1, false, this.inner, level.from[j] as number, level.to[j] as number);
    else hash(x, depth + 1);
    contribution(kind, key, depth);
    if (build) {
      const i = level.push(key, x, CA, CB);
      if (isTop) {
        level.kind[i] = xk;
        level.from[i] = from;
        level.to[i] = this.inner.n;
      }
    }
  }
}

/**
 * Turns the lanes of an entry's value (in H1/H2) into its contribution to a container of `kind` (into CA/CB),
 * as `hash` combines them: array elements as they are; Set elements mixed; record and Map entries mixed with
 * their key's lanes.
 */
function contribution(kind: number, key: unknown, depth: number): void {
  if (kind === K_ARRAY) {
    CA = H1;
    CB = H2;
  } else if (kind === K_SET) {
    CA = fmix1(H1);
    CB = fmix2(H2);
  } else {
    const v1 = H1;
    const v2 = H2;
    if (kind === K_RECORD) hashString(key as string);
    else hash(key, depth + 1);
    CA = fmix1(H1 ^ Math.imul(v1, 0x27d4eb2f));
    CB = fmix2(H2 + Math.imul(v2, 0x165667b1));
  }
}

/**
 * Fingerprints `value` into its two 32-bit lanes, returned through `out` (to keep the checker's loop free of
 * allocations). Throws `InvalidValue` when the value is not a plain value.
 */
export function fingerprintInto(value: unknown, out: Int32Array): void {
  hash(value, 0);
  out[0] = H1;
  out[1] = H2;
}

const scratch = new Int32Array(2);

/** The fingerprint as 16 hex digits, for graph node keys and reports. */
export function fingerprint(value: unknown): string {
  fingerprintInto(value, scratch);
  const hi = ((scratch[0] as number) >>> 0).toString(16).padStart(8, '0');
  const lo = ((scratch[1] as number) >>> 0).toString(16).padStart(8, '0');
  return hi + lo;
}

/** Explains why `value` is not a plain value: a path inside it (`$.a[2].b`) and what was found there. */
export function describeInvalid(value: unknown): { path: string; problem: string } | undefined {
  const ancestors: object[] = [];
  function visit(v: unknown, path: string): { path: string; problem: string } | undefined {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return undefined;
      case 'number':
        return Number.isFinite(v) ? undefined : { path, problem: `the number ${String(v)}, which is not finite` };
      case 'undefined':
        return { path, problem: 'undefined (use null, or leave the key out)' };
      case 'function':
        return { path, problem: 'a function' };
      case 'symbol':
        return { path, problem: 'a symbol' };
      case 'bigint':
        return { path, problem: 'a bigint (use a number or a string)' };
      default:
        break;
    }
    if (v === null) return undefined;
    const o = v as object;
    if (ancestors.includes(o)) return { path, problem: 'a reference back to one of its own ancestors (a cycle)' };
    ancestors.push(o);
    try {
      if (Array.isArray(o)) {
        for (let i = 0; i < o.length; i++) {
          const r = visit(o[i], `${path}[${i}]`);
          if (r) return r;
        }
        return undefined;
      }
      const proto: unknown = Object.getPrototypeOf(o);
      if (proto === Object.prototype || proto === null) {
        for (const k of Object.keys(o)) {
          const r = visit((o as Record<string, unknown>)[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);
          if (r) return r;
        }
        return undefined;
      }
      if (o instanceof Set) {
        let i = 0;
        for (const x of o) {
          const r = visit(x, `${path}.<element ${i++}>`);
          if (r) return r;
        }
        return undefined;
      }
      if (o instanceof Map) {
        let i = 0;
        for (const [k, x] of o) {
          const rk = visit(k, `${path}.<key ${i}>`);
          if (rk) return rk;
          const r = visit(x, `${path}.get(${typeof k === 'string' ? JSON.stringify(k) : `<key ${i}>`})`);
          if (r) return r;
          i++;
        }
        return undefined;
      }
      const ctor = (proto as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'unknown';
      return { path, problem: `an instance of class ${ctor} (states hold plain objects, arrays, Sets and Maps only)` };
    } finally {
      ancestors.pop();
    }
  }
  const found = visit(value, '$');
  if (found) return found;
  return { path: '$', problem: `a structure nested deeper than ${MAX_DEPTH} levels` };
}
