/**
 * A compact binary encoding of state values (see `Value`), used to hold frontier states as bytes in memory or
 * on disk. Decoding gives a value equal to the encoded one: the same record key order, the same Set and Map
 * insertion order, arrays, strings and numbers as they were (-0 becomes 0, as it does for fingerprints).
 *
 * Strings up to 64 characters are kept in a table shared by the writer and the reader of one run (the
 * frontier is read back in the order it was written, in the same process), so a repeated key or value costs a
 * byte or two. The table stops growing at 65,536 entries; later strings are written out in full.
 */

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
// Tags from SMALL_BASE up encode the integers SMALL_MIN..SMALL_MAX in the tag byte itself.
const SMALL_BASE = 32;
const SMALL_MIN = -32;
const SMALL_MAX = 255 - SMALL_BASE + SMALL_MIN;

const TABLE_MAX = 1 << 16;
const TABLE_STRING_MAX = 64;

/** The strings both sides of one run refer to by index. */
export class StringTable {
  readonly strings: string[] = [];
  readonly index = new Map<string, number>();
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Appends encoded values to a growable byte buffer. */
export class ValueWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(
    private readonly table: StringTable,
    initialBytes = 1 << 16,
  ) {
    this.bytes = new Uint8Array(initialBytes);
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
  }

  private varint(n: number): void {
    this.reserve(5);
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
    this.varint(n >>> 0);
  }

  private string(s: string): void {
    const n = s.length;
    if (n <= TABLE_STRING_MAX) {
      const known = this.table.index.get(s);
      if (known !== undefined) {
        this.reserve(1);
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
    this.reserve(1);
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

  /** Writes a state value. The value must be a plain value (the checker has fingerprinted it already). */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.reserve(1);
        this.bytes[this.length++] = v ? T_TRUE : T_FALSE;
        return;
      default:
        break;
    }
    if (v === null || typeof v !== 'object') {
      this.reserve(1);
      this.bytes[this.length++] = T_NULL;
      return;
    }
    if (Array.isArray(v)) {
      this.reserve(1);
      this.bytes[this.length++] = T_ARRAY;
      this.varint(v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i]);
      return;
    }
    if (v instanceof Set) {
      this.reserve(1);
      this.bytes[this.length++] = T_SET;
      this.varint(v.size);
      for (const x of v) this.value(x);
      return;
    }
    if (v instanceof Map) {
      this.reserve(1);
      this.bytes[this.length++] = T_MAP;
      this.varint(v.size);
      for (const [k, x] of v) {
        this.value(k);
        this.value(x);
      }
      return;
    }
    // A record is its keys and values, then an end tag (one pass over the keys).
    const o = v as Record<string, unknown>;
    this.reserve(1);
    this.bytes[this.length++] = T_OBJECT;
    for (const k in o) {
      this.string(k);
      this.value(o[k]);
    }
    this.reserve(1);
    this.bytes[this.length++] = T_END;
  }

  private number(v: number): void {
    this.reserve(9);
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
  at = 0;
  end = 0;

  constructor(private readonly table: StringTable) {}

  /** Reads from `bytes[from, to)`. */
  load(bytes: Uint8Array, from: number, to: number): void {
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
    return s;
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
      case T_OBJECT: {
        const o: Record<string, unknown> = {};
        for (;;) {
          const t = b[this.at++] as number;
          if (t === T_END) break;
          const k = this.string(t);
          const x = this.value();
          // An own key "__proto__" must stay a key, not set the prototype.
          if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
          else o[k] = x;
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
