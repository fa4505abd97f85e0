/**
 * Decoded top-level entries of frontier states, found again by their encoded bytes.
 *
 * States of a breadth-first level share most of their parts: siblings keep their parent's entries, and a part
 * such as a per-process table takes far fewer distinct values than there are states. Decoding a container entry
 * (and hashing it again for the parent's fingerprint memo) costs far more than hashing and comparing its few
 * bytes, so `ValueReader.top` looks each container entry of a top-level record up here first and, when the same
 * bytes were decoded before at the same position, gives the value decoded then: the very same object, which the
 * fingerprint memo recognises (see `ParentMemo.remember`). Values are immutable, so sharing them is safe.
 *
 * Direct-mapped: per position (the entry's index in its record, below `POSITIONS`), `SLOTS` slots of at most
 * `MAX_BYTES` bytes each, each holding the bytes of one entry and its decoded value. Bytes refer to the string
 * table of the one reader the cache serves, which only grows, so a kept entry means the same forever.
 */
const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
const POSITIONS = 8;
const MAX_BYTES = 128;

export class DecodedEntries {
  /** Decoded values by slot (undefined: empty). */
  readonly values: unknown[] = new Array<unknown>(POSITIONS * SLOTS).fill(undefined);
  /** Whether the last `find` found the bytes it was given. */
  hit = false;
  private readonly lengths = new Int32Array(POSITIONS * SLOTS);
  /** Kept bytes, per position, allocated on first use. */
  private readonly kept: (DataView | undefined)[] = new Array<DataView | undefined>(POSITIONS).fill(undefined);

  /**
   * The slot for the entry at `position` encoded as `bytes[from, to)`, -1 if such an entry is not kept (too
   * long, past the kept positions); `hit` tells whether the slot holds that entry's decoded value. The bytes are
   * hashed and compared four at a time through views, which takes a fraction of the instructions that one at a
   * time does on a typed array.
   */
  find(position: number, bytes: DataView, from: number, to: number): number {
    const n = to - from;
    if (position >= POSITIONS || n > MAX_BYTES || n < 2) {
      this.hit = false;
      return -1;
    }
    const words = from + (n & ~3);
    let h = 0x811c9dc5 ^ n;
    let i = from;
    for (; i < words; i += 4) h = Math.imul(h ^ bytes.getInt32(i, true), 0x01000193);
    for (; i < to; i++) h = Math.imul(h ^ bytes.getUint8(i), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    const slot = position * SLOTS + (h >>> (32 - SLOT_BITS));
    let hit = this.lengths[slot] === n && this.values[slot] !== undefined;
    if (hit) {
      const kept = this.kept[position] as DataView;
      let at = (slot - position * SLOTS) * MAX_BYTES;
      for (i = from; i < words; i += 4, at += 4) {
        if (kept.getInt32(at, true) !== bytes.getInt32(i, true)) {
          hit = false;
          break;
        }
      }
      if (hit) {
        for (; i < to; i++, at++) {
          if (kept.getUint8(at) !== bytes.getUint8(i)) {
            hit = false;
            break;
          }
        }
      }
    }
    this.hit = hit;
    return slot;
  }

  /** Keeps `value`, decoded from `bytes[from, to)`, in `slot` (from `find` with the same bytes). */
  keep(slot: number, bytes: Uint8Array, from: number, to: number, value: unknown): void {
    const position = (slot / SLOTS) | 0;
    const kept = (this.kept[position] ??= new DataView(new ArrayBuffer(SLOTS * MAX_BYTES)));
    new Uint8Array(kept.buffer).set(bytes.subarray(from, to), (slot - position * SLOTS) * MAX_BYTES);
    this.lengths[slot] = to - from;
    this.values[slot] = value;
  }
}
