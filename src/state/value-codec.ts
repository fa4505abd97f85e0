/**
 * A compact binary encoding of state values (see `Value`), used to hold frontier states as bytes in memory or
 * on disk. Decoding gives a value equal to the encoded one: the same record key order, the same Set and Map
 * insertion order, arrays, strings and numbers as they were (-0 becomes 0, as it does for fingerprints).
 *
 * Strings up to 64 characters are kept in a table shared by the writer and the reader of one run (the
 * frontier is read back in the order it was written, in the same process), so a repeated key or value costs a
 * byte or two. The table stops growing at 65,536 entries; later strings are written out in full. Likewise a
 * record's sequence of keys (its shape) is numbered in the table the first time it is written, so that a record
 * costs three bytes plus its values, and is decoded by an object literal made for its shape.
 *
 * A state written by `ValueWriter.top` that is a record of a numbered shape has each entry preceded by its length,
 * so that `ValueReader.top` can find an entry among those it decoded before (see `DecodedEntries`) without
 * decoding it, and so that a successor can copy the entries it keeps of its parent as bytes.
 */
import { DecodedEntries } from './decoded-entries';
import { InvalidValue } from './fingerprint';
import { MAX_NESTING } from './value-limits';

const T_NULL = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_INT = 3;
const T_FLOAT = 4;
const T_ASCII = 5;
const T_UTF16 = 6;
const T_STRING_REF = 7;
const T_ARRAY = 8;
const T_OBJECT = 9;
const T_SET = 10;
const T_MAP = 11;
const T_END = 12;
const T_SHAPED = 13;
const T_TOP = 14;
// Tags from SMALL_BASE up encode the integers SMALL_MIN..SMALL_MAX in the tag byte itself.
const SMALL_BASE = 32;
const SMALL_MIN = -32;
const SMALL_MAX = 255 - SMALL_BASE + SMALL_MIN;

const TABLE_MAX = 1 << 16;
const TABLE_STRING_MAX = 64;
// Shapes are numbered in two bytes; a record with more keys, or past the limits, is written key by key.
const SHAPE_MAX = 1 << 16;
const SHAPE_KEYS_MAX = 64;
const SHAPE_NODES_MAX = 1 << 18;

/** Every value fits in this many bytes beyond its strings and entries; `ValueWriter.value` reserves it up front. */
const SLACK = 16;

/** Builds a record of one shape, reading its values in key order. */
type RecordFactory = (r: ValueReader) => Record<string, unknown>;

/** Records of at most this many keys are searched for a key that is not at its place in the parent. */
const KEY_SEARCH_MAX = 16;

/**
 * The entry of `like` (a parent state read with `keys`) that holds the very value `x` under key `k`, the record's
 * entry `i`: at the same place, or elsewhere in a small record whose keys came in another order (a model that
 * rebuilds its state records rather than spreading them). -1 if none.
 */
function parentEntry(like: TopEntries, keys: readonly string[], i: number, k: string, x: unknown): number {
  const n = like.count;
  if (i < n && keys[i] === k) return like.values[i] === x ? i : -1;
  if (n > KEY_SEARCH_MAX) return -1;
  for (let t = 0; t < n; t++) if (keys[t] === k) return like.values[t] === x ? t : -1;
  return -1;
}

/**
 * A node of the trie of record key sequences: the path from the root spells a shape's keys in order. The first
 * child is held in `key`/`next` (most nodes have one), others in `more`.
 */
class ShapeNode {
  key: string | undefined = undefined;
  next: ShapeNode | undefined = undefined;
  more: Map<string, ShapeNode> | undefined = undefined;
  /** The shape id of the keys up to here, -1 if none yet. */
  shape = -1;

  constructor(
    readonly parent: ShapeNode | undefined,
    readonly last: string,
    readonly depth: number,
  ) {}
}

/**
 * The entries of the state `ValueReader.top` read last: where each lies in the bytes it was read from (its length
 * prefix included), so that a successor that keeps an entry can have its bytes copied rather than encoded again
 * (`ValueWriter.top`); its value; and the `DecodedEntries` slot it was found in or kept in (-1: none), which the
 * fingerprint memo takes as a hint (see `ParentMemo.remember`).
 */
export class TopEntries {
  /** The record's shape id; -1 when the value read was not a record written by `ValueWriter.top`. */
  shape = -1;
  count = 0;
  bytes: Uint8Array = new Uint8Array(0);
  /** A view of `bytes`. */
  view: DataView = new DataView(this.bytes.buffer);
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  slots = new Int32Array(16);
  values: unknown[] = [];
  /** Entries decoded so far, by their bytes. */
  readonly decoded = new DecodedEntries();
}

/**
 * `s` as V8's one copy of that text (an internalized string, as literals and property keys are). Strings that
 * arrive from another thread or are built from bytes are copies of their own: comparing one with `===` against the
 * model's literal compares their characters, where two internalized strings compare as pointers.
 */
export function internalized(s: string): string {
  for (const k in { [s]: 0 }) return k;
  return s;
}

/** Builds a record of one shape from its values in key order. */
type ValuesFactory = (values: readonly unknown[]) => Record<string, unknown>;

/** The strings and record shapes both sides of one run refer to by index. */
export class StringTable {
  readonly strings: string[] = [];
  readonly index = new Map<string, number>();
  /** Keys of each record shape, in order. */
  readonly shapes: (readonly string[])[] = [];
  readonly factories: (RecordFactory | undefined)[] = [];
  readonly valuesFactories: (ValuesFactory | undefined)[] = [];
  readonly root = new ShapeNode(undefined, '', 0);
  private nodes = 1;

  /** A table to read values written over another table, from that table's strings and shapes. */
  static of(strings: readonly string[], shapes: readonly (readonly string[])[]): StringTable {
    const table = new StringTable();
    for (const s of strings) table.strings.push(internalized(s));
    table.shapes.push(...shapes);
    for (let i = 0; i < shapes.length; i++) table.factories.push(undefined);
    return table;
  }

  /** The node after `node` for key `k`, created if need be; undefined past the limits. */
  child(node: ShapeNode, k: string): ShapeNode | undefined {
    if (node.key === k) return node.next;
    const found = node.more?.get(k);
    if (found !== undefined || node.depth >= SHAPE_KEYS_MAX || this.nodes >= SHAPE_NODES_MAX) return found;
    const made = new ShapeNode(node, k, node.depth + 1);
    this.nodes++;
    if (node.next === undefined) {
      node.key = k;
      node.next = made;
    } else (node.more ??= new Map()).set(k, made);
    return made;
  }

  /** The shape id of the keys leading to `node`, assigned if need be; -1 past the limit. */
  shapeOf(node: ShapeNode): number {
    if (node.shape >= 0 || this.shapes.length >= SHAPE_MAX) return node.shape;
    const keys = new Array<string>(node.depth);
    for (let at: ShapeNode = node; at.parent !== undefined; at = at.parent) keys[at.depth - 1] = at.last;
    node.shape = this.shapes.length;
    this.shapes.push(keys);
    this.factories.push(undefined);
    return node.shape;
  }

  /**
   * Per shape id: the shape with the same keys in the order first met (the canonical one), and where each of its
   * keys is in shape `id` (undefined for a canonical shape). See `ValueWriter.top`.
   */
  readonly canonical: number[] = [];
  readonly permutations: (Int32Array | undefined)[] = [];
  private readonly byKeySet = new Map<string, number>();

  /** The canonical shape of shape `id` (see `canonical`), noted on first call. */
  canonicalOf(id: number): number {
    const known = this.canonical[id];
    if (known !== undefined) return known;
    const keys = this.shapes[id] as readonly string[];
    const set = JSON.stringify([...keys].sort());
    const canon = this.byKeySet.get(set) ?? id;
    if (canon === id) this.byKeySet.set(set, id);
    else {
      const order = this.shapes[canon] as readonly string[];
      this.permutations[id] = Int32Array.from(order, (k) => keys.indexOf(k));
    }
    this.canonical[id] = canon;
    return canon;
  }

  /** The function that builds records of shape `id`. */
  factory(id: number): RecordFactory {
    return (this.factories[id] ??= shared(recordFactories, this.shapes[id] as readonly string[], makeFactory));
  }

  /** The function that builds records of shape `id` from an array of their values. */
  valuesFactory(id: number): ValuesFactory {
    return (this.valuesFactories[id] ??= shared(valuesFactories, this.shapes[id] as readonly string[], makeValuesFactory));
  }
}

// Factories by their keys, shared by the tables of a thread: states moved from another thread come with a table of
// their own, and a factory made for each such table would be compiled anew and run cold. Bounded, as tables are.
const FACTORIES_MAX = 1 << 12;
const recordFactories = new Map<string, RecordFactory>();
const valuesFactories = new Map<string, ValuesFactory>();

function shared<F>(cache: Map<string, F>, keys: readonly string[], make: (keys: readonly string[]) => F): F {
  const id = JSON.stringify(keys);
  let f = cache.get(id);
  if (f === undefined) {
    f = make(keys);
    if (cache.size < FACTORIES_MAX) cache.set(id, f);
  }
  return f;
}

/** `k` as a key of an object literal: "__proto__" as a literal key would set the prototype; computed, it is a key. */
function literalKey(k: string): string {
  return k === '__proto__' ? '["__proto__"]' : JSON.stringify(k);
}

/**
 * A record built by an object literal gets its final hidden class at once, and every record of a shape gets the
 * same one, which is several times faster than adding keys one by one. Where code generation is not allowed,
 * keys are added one by one.
 */
function makeFactory(keys: readonly string[]): RecordFactory {
  const body = keys.map((k) => `${literalKey(k)}: r.value()`).join(', ');
  try {
    return new Function('r', `return { ${body} };`) as RecordFactory;
  } catch {
    return (r) => {
      const o: Record<string, unknown> = {};
      for (const k of keys) setKey(o, k, r.value());
      return o;
    };
  }
}

function makeValuesFactory(keys: readonly string[]): ValuesFactory {
  const body = keys.map((k, i) => `${literalKey(k)}: v[${i}]`).join(', ');
  try {
    return new Function('v', `return { ${body} };`) as ValuesFactory;
  } catch {
    return (values) => {
      const o: Record<string, unknown> = {};
      keys.forEach((k, i) => setKey(o, k, values[i]));
      return o;
    };
  }
}

function setKey(o: Record<string, unknown>, k: string, x: unknown): void {
  // An own key "__proto__" must stay a key, not set the prototype.
  if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
  else o[k] = x;
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

// The writer's direct-mapped cache in front of the string table's Map, as the fingerprint's string cache.
const CACHE_BITS = 10;

/** Appends encoded values to a growable byte buffer. */
export class ValueWriter {
  bytes: Uint8Array;
  /** A view of `bytes`, to copy entries four bytes at a time. */
  private view: DataView;
  length = 0;
  private readonly cachedStrings: (string | undefined)[] = new Array<string | undefined>(1 << CACHE_BITS).fill(undefined);
  private readonly cachedIndex = new Int32Array(1 << CACHE_BITS);
  /** How deep below the value being written `value` is (the value itself: 0). */
  private depth = 0;
  // Scratch of `reorder`.
  private entryStarts = new Int32Array(32);
  private scratch = new Uint8Array(256);

  constructor(
    private readonly table: StringTable,
    initialBytes = 1 << 16,
  ) {
    this.bytes = new Uint8Array(Math.max(initialBytes, SLACK));
    this.view = new DataView(this.bytes.buffer);
  }

  /** Drops the written bytes, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** Writes `n` (below 2^32) at `length`; the caller has reserved 5 bytes. */
  private varint(n: number): void {
    const b = this.bytes;
    let at = this.length;
    while (n >= 0x80) {
      b[at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    b[at++] = n;
    this.length = at;
  }

  /** Writes a non-negative integer below 2^32 (e.g. a state id). */
  uint32(n: number): void {
    this.reserve(5);
    this.varint(n >>> 0);
  }

  /** Writes a string; the caller has reserved SLACK bytes. */
  private string(s: string): void {
    const n = s.length;
    if (n <= TABLE_STRING_MAX && n > 0) {
      const slot = (Math.imul(n, 0x9e3779b1) ^ Math.imul(s.charCodeAt(0), 0x85ebca6b) ^ Math.imul(s.charCodeAt(n - 1), 0xc2b2ae35)) >>> (32 - CACHE_BITS);
      let known: number | undefined;
      if (this.cachedStrings[slot] === s) known = this.cachedIndex[slot] as number;
      else {
        known = this.table.index.get(s);
        if (known !== undefined) {
          this.cachedStrings[slot] = s;
          this.cachedIndex[slot] = known;
        }
      }
      if (known !== undefined) {
        this.bytes[this.length++] = T_STRING_REF;
        this.varint(known);
        return;
      }
      if (this.table.strings.length < TABLE_MAX) {
        this.table.index.set(s, this.table.strings.length);
        this.table.strings.push(s);
      }
    }
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    this.bytes[this.length++] = ascii ? T_ASCII : T_UTF16;
    this.varint(n);
    this.reserve(ascii ? n : 2 * n);
    const b = this.bytes;
    let at = this.length;
    if (ascii) {
      for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    } else {
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        b[at++] = c & 0xff;
        b[at++] = c >>> 8;
      }
    }
    this.length = at;
  }

  /**
   * Writes a state value. The checker has fingerprinted it, which checks all but the prototypes of some objects
   * (see `ParentMemo`): an object that is no array, Set, Map or plain record throws `InvalidValue` here.
   */
  value(v: unknown): void {
    this.reserve(SLACK);
    // Tests of `typeof v` against one string compile to inline checks (a switch on it calls a V8 builtin).
    if (typeof v === 'string') {
      this.string(v);
      return;
    }
    if (typeof v === 'number') {
      this.number(v);
      return;
    }
    if (typeof v === 'boolean') {
      this.bytes[this.length++] = v ? T_TRUE : T_FALSE;
      return;
    }
    if (v === null || typeof v !== 'object') {
      this.bytes[this.length++] = T_NULL;
      return;
    }
    // The fingerprint refused deeper values already: this keeps the writer's own recursion bounded too.
    const d = this.depth;
    if (d > MAX_NESTING) this.refuse();
    this.depth = d + 1;
    if (Array.isArray(v)) {
      this.bytes[this.length++] = T_ARRAY;
      this.varint(v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i]);
      this.depth = d;
      return;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype) {
      if (v instanceof Set) {
        this.bytes[this.length++] = T_SET;
        this.varint(v.size);
        for (const x of v) this.value(x);
        this.depth = d;
        return;
      }
      if (v instanceof Map) {
        this.bytes[this.length++] = T_MAP;
        this.varint(v.size);
        for (const [k, x] of v) {
          this.value(k);
          this.value(x);
        }
        this.depth = d;
        return;
      }
      if (proto !== null) this.refuse();
    }
    this.record(v as Record<string, unknown>);
    this.depth = d;
  }

  /** Throws `InvalidValue`, leaving the writer ready for the next value. */
  private refuse(): never {
    this.depth = 0;
    throw new InvalidValue();
  }

  /**
   * Writes a state as `value` does, except that a record whose keys have a shape number has each entry preceded
   * by its length (read back by `ValueReader.top`). Where the record holds, under the same key at the same place,
   * the very value (`===`) that the record last read into `like` held, that entry's bytes are copied; the reader
   * of `like` must share this writer's table.
   */
  top(v: unknown, like?: TopEntries): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Set || v instanceof Map) {
      this.value(v);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new InvalidValue();
    const o = v as Record<string, unknown>;
    const table = this.table;
    // Entries are one level below the state (see `value`).
    this.depth = 1;
    this.reserve(SLACK);
    const start = this.length;
    this.length = start + 3;
    const copyFrom = like !== undefined && like.shape >= 0 ? like : undefined;
    const keys = copyFrom === undefined ? undefined : (table.shapes[copyFrom.shape] as readonly string[]);
    let node: ShapeNode | undefined = table.root;
    let i = 0;
    for (const k in o) {
      node = node.key === k ? node.next : table.child(node, k);
      if (node === undefined) break;
      const x = o[k];
      const p = copyFrom === undefined ? -1 : parentEntry(copyFrom, keys as readonly string[], i, k, x);
      if (p >= 0) {
        const from = (copyFrom as TopEntries).starts[p] as number;
        const to = (copyFrom as TopEntries).ends[p] as number;
        this.reserve(to - from);
        let at = this.length;
        // Entries are mostly a few bytes: a loop costs less than a subarray and a `set`, and one that copies four
        // bytes at a time through views a fraction of one that copies them one by one.
        if (to - from <= 64) {
          const dst = this.view;
          const src = (copyFrom as TopEntries).view;
          const words = from + ((to - from) & ~3);
          let j = from;
          for (; j < words; j += 4, at += 4) dst.setInt32(at, src.getInt32(j, true), true);
          for (; j < to; j++) dst.setUint8(at++, src.getUint8(j));
        } else {
          this.bytes.set((copyFrom as TopEntries).bytes.subarray(from, to), at);
          at += to - from;
        }
        this.length = at;
      } else {
        // One byte for the length, moved over if the entry needs more.
        this.reserve(SLACK);
        const at = this.length;
        this.length = at + 1;
        this.value(x);
        const n = this.length - at - 1;
        if (n < 0x80) this.bytes[at] = n;
        else {
          const extra = n < 1 << 14 ? 1 : n < 1 << 21 ? 2 : n < 1 << 28 ? 3 : 4;
          this.reserve(extra);
          this.bytes.copyWithin(at + 1 + extra, at + 1, at + 1 + n);
          this.length = at;
          this.varint(n);
          this.length = at + 1 + extra + n;
        }
      }
      i++;
    }
    this.depth = 0;
    let id = node === undefined ? -1 : table.shapeOf(node);
    if (id < 0) {
      this.length = start;
      this.value(o);
      return;
    }
    // A state is written with its keys in one order per set of keys, whatever order the model built it in, so
    // that the states read back share one hidden class and the model's reads of them stay monomorphic.
    const canon = table.canonical[id] ?? table.canonicalOf(id);
    if (canon !== id) {
      this.reorder(start + 3, table.permutations[id] as Int32Array);
      id = canon;
    }
    const b = this.bytes;
    b[start] = T_TOP;
    b[start + 1] = id & 0xff;
    b[start + 2] = id >>> 8;
  }

  /**
   * Puts the length-prefixed entries written from `from` to the end in the order `perm` gives (entry `c` of the
   * result is entry `perm[c]` of what was written).
   */
  private reorder(from: number, perm: Int32Array): void {
    const n = perm.length;
    if (this.entryStarts.length < n + 1) this.entryStarts = new Int32Array(2 * (n + 1));
    const starts = this.entryStarts;
    const b = this.bytes;
    let at = from;
    for (let i = 0; i < n; i++) {
      starts[i] = at;
      let len = 0;
      let shift = 0;
      for (;;) {
        const x = b[at++] as number;
        len |= (x & 0x7f) << shift;
        if (x < 0x80) break;
        shift += 7;
      }
      at += len >>> 0;
    }
    starts[n] = at;
    const span = at - from;
    if (this.scratch.length < span) this.scratch = new Uint8Array(2 * span);
    const scratch = this.scratch;
    let to = 0;
    for (let c = 0; c < n; c++) {
      const i = perm[c] as number;
      const s = starts[i] as number;
      const e = starts[i + 1] as number;
      scratch.set(b.subarray(s, e), to);
      to += e - s;
    }
    b.set(scratch.subarray(0, span), from);
  }

  /**
   * A record is its shape (its keys in order, numbered in the table) and its values; the shape is found while
   * the values are written, and filled in after them. Past the shape limits, its keys and values, then an end tag.
   */
  private record(o: Record<string, unknown>): void {
    const table = this.table;
    const start = this.length;
    this.length = start + 3;
    let node: ShapeNode | undefined = table.root;
    for (const k in o) {
      node = node.key === k ? node.next : table.child(node, k);
      if (node === undefined) break;
      this.value(o[k]);
    }
    const id = node === undefined ? -1 : table.shapeOf(node);
    if (id >= 0) {
      const b = this.bytes;
      b[start] = T_SHAPED;
      b[start + 1] = id & 0xff;
      b[start + 2] = id >>> 8;
      return;
    }
    // Written again key by key (strings the first attempt added to the table are simply referred to).
    this.length = start;
    this.bytes[this.length++] = T_OBJECT;
    for (const k in o) {
      this.reserve(SLACK);
      this.string(k);
      this.value(o[k]);
    }
    this.reserve(1);
    this.bytes[this.length++] = T_END;
  }

  /** Writes a number; the caller has reserved SLACK bytes. */
  private number(v: number): void {
    const b = this.bytes;
    if ((v | 0) === v) {
      // -0 passes this test and is written as 0
      if (v >= SMALL_MIN && v <= SMALL_MAX) {
        b[this.length++] = v - SMALL_MIN + SMALL_BASE;
        return;
      }
      const at = this.length;
      b[at] = T_INT;
      b[at + 1] = v & 0xff;
      b[at + 2] = (v >>> 8) & 0xff;
      b[at + 3] = (v >>> 16) & 0xff;
      b[at + 4] = v >>> 24;
      this.length = at + 5;
      return;
    }
    f64[0] = v;
    b[this.length++] = T_FLOAT;
    b.set(f64Bytes, this.length);
    this.length += 8;
  }
}

/** Reads values written by a `ValueWriter` sharing the same `StringTable`. */
export class ValueReader {
  bytes: Uint8Array = new Uint8Array(0);
  /** A view of `bytes`, for `DecodedEntries`. */
  private view = new DataView(this.bytes.buffer);
  at = 0;
  end = 0;

  constructor(private readonly table: StringTable) {}

  /** Reads from `bytes[from, to)`. */
  load(bytes: Uint8Array, from: number, to: number): void {
    if (bytes !== this.bytes) this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.bytes = bytes;
    this.at = from;
    this.end = to;
  }

  get done(): boolean {
    return this.at >= this.end;
  }

  private varint(): number {
    const b = this.bytes;
    let n = 0;
    let shift = 0;
    for (;;) {
      const x = b[this.at++] as number;
      n |= (x & 0x7f) << shift;
      if (x < 0x80) return n >>> 0;
      shift += 7;
    }
  }

  uint32(): number {
    return this.varint();
  }

  /** A record's shape id, in two bytes. */
  private shapeId(): number {
    const b = this.bytes;
    const at = this.at;
    this.at = at + 2;
    return (b[at] as number) | ((b[at + 1] as number) << 8);
  }

  private string(tag: number): string {
    if (tag === T_STRING_REF) return this.table.strings[this.varint()] as string;
    const n = this.varint();
    const b = this.bytes;
    let at = this.at;
    let s: string;
    if (tag === T_ASCII) {
      if (n <= 16) {
        s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(b[at++] as number);
      } else {
        s = latin1.decode(b.subarray(at, at + n));
        at += n;
      }
    } else {
      // Code units one by one, so that lone surrogates survive.
      const parts: string[] = [];
      for (let from = 0; from < n; from += 4096) {
        const codes = new Array<number>(Math.min(4096, n - from));
        for (let i = 0; i < codes.length; i++) {
          codes[i] = (b[at] as number) | ((b[at + 1] as number) << 8);
          at += 2;
        }
        parts.push(String.fromCharCode(...codes));
      }
      s = parts.join('');
    }
    this.at = at;
    return n <= TABLE_STRING_MAX ? internalized(s) : s;
  }

  /**
   * Reads a state written by `ValueWriter.top`, noting its entries in `into`; a container entry whose bytes
   * `into.decoded` has met before at the same position is not decoded again: the value decoded then is taken.
   */
  top(into: TopEntries): unknown {
    const b = this.bytes;
    if (b[this.at] !== T_TOP) {
      into.shape = -1;
      into.count = 0;
      return this.value();
    }
    this.at++;
    const id = this.shapeId();
    const n = (this.table.shapes[id] as readonly string[]).length;
    if (into.starts.length < n) {
      into.starts = new Int32Array(2 * n);
      into.ends = new Int32Array(2 * n);
      into.slots = new Int32Array(2 * n);
    }
    const values = into.values;
    const decoded = into.decoded;
    for (let i = 0; i < n; i++) {
      into.starts[i] = this.at;
      const length = this.varint();
      const from = this.at;
      const tag = b[from] as number;
      let slot = -1;
      if ((tag >= T_ARRAY && tag <= T_MAP) || tag === T_SHAPED) {
        slot = decoded.find(i, this.view, from, from + length);
        if (decoded.hit) {
          values[i] = decoded.values[slot];
          this.at = from + length;
        } else {
          const x = this.value();
          values[i] = x;
          if (slot >= 0) decoded.keep(slot, b, from, from + length, x);
        }
      } else values[i] = this.value();
      into.slots[i] = slot;
      into.ends[i] = this.at;
    }
    for (let i = n; i < values.length; i++) values[i] = undefined;
    into.shape = id;
    into.count = n;
    into.bytes = b;
    into.view = this.view;
    return (this.table.valuesFactories[id] ?? this.table.valuesFactory(id))(values);
  }

  value(): unknown {
    const b = this.bytes;
    const tag = b[this.at++] as number;
    if (tag >= SMALL_BASE) return tag - SMALL_BASE + SMALL_MIN;
    switch (tag) {
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_INT: {
        const at = this.at;
        this.at = at + 4;
        return (b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24);
      }
      case T_FLOAT:
        for (let i = 0; i < 8; i++) f64Bytes[i] = b[this.at + i] as number;
        this.at += 8;
        return f64[0];
      case T_ASCII:
      case T_UTF16:
      case T_STRING_REF:
        return this.string(tag);
      case T_ARRAY: {
        const n = this.varint();
        const a = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = this.value();
        return a;
      }
      case T_SHAPED: {
        const id = this.shapeId();
        return (this.table.factories[id] ?? this.table.factory(id))(this);
      }
      case T_TOP: {
        const id = this.shapeId();
        const values = new Array<unknown>((this.table.shapes[id] as readonly string[]).length);
        for (let i = 0; i < values.length; i++) {
          this.varint();
          values[i] = this.value();
        }
        return (this.table.valuesFactories[id] ?? this.table.valuesFactory(id))(values);
      }
      case T_OBJECT: {
        const o: Record<string, unknown> = {};
        for (;;) {
          const t = b[this.at++] as number;
          if (t === T_END) break;
          const k = this.string(t);
          setKey(o, k, this.value());
        }
        return o;
      }
      case T_SET: {
        const n = this.varint();
        const s = new Set<unknown>();
        for (let i = 0; i < n; i++) s.add(this.value());
        return s;
      }
      case T_MAP: {
        const n = this.varint();
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const k = this.value();
          m.set(k, this.value());
        }
        return m;
      }
      default:
        throw new Error(`corrupt frontier data: tag ${tag} at byte ${this.at - 1}`);
    }
  }
}

const latin1 = new TextDecoder('latin1');
