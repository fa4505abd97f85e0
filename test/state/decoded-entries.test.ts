import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodedEntries } from '../../src/state/decoded-entries';

/** `bytes` placed at `offset` in a larger buffer, with a view of it, as a reader's chunk holds an entry. */
function placed(bytes: readonly number[], offset: number): { array: Uint8Array; view: DataView; from: number; to: number } {
  const array = new Uint8Array(offset + bytes.length + 7).fill(0xaa);
  array.set(bytes, offset);
  return { array, view: new DataView(array.buffer), from: offset, to: offset + bytes.length };
}

describe('DecodedEntries', () => {
  it('finds an entry kept from the same bytes at any offset, and no entry from other bytes', () => {
    const entry = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 2, maxLength: 128 });
    fc.assert(
      fc.property(entry, fc.nat(9), fc.nat(9), fc.nat(7), fc.nat(), (bytes, at, again, position, flip) => {
        const cache = new DecodedEntries();
        const kept = placed(bytes, at);
        const slot = cache.find(position, kept.view, kept.from, kept.to);
        expect([slot >= 0, cache.hit]).toEqual([true, false]);
        const value = { bytes };
        cache.keep(slot, kept.array, kept.from, kept.to, value);
        const same = placed(bytes, again);
        expect(cache.find(position, same.view, same.from, same.to)).toBe(slot);
        expect(cache.hit).toBe(true);
        expect(cache.values[slot]).toBe(value);
        // One byte changed, wherever it is (the word-at-a-time compare and its tail): never taken for the entry.
        const other = [...bytes];
        const i = flip % other.length;
        other[i] = ((other[i] as number) + 1) & 0xff;
        const changed = placed(other, again);
        cache.find(position, changed.view, changed.from, changed.to);
        expect(cache.hit).toBe(false);
        // A prefix (same start, shorter) is another entry as well.
        const prefix = placed(bytes.slice(0, -1), again);
        cache.find(position, prefix.view, prefix.from, prefix.to);
        expect(cache.hit).toBe(false);
      }),
    );
  });

  it('does not take other bytes that land in the slot of a kept entry for it, whether they differ in a word or the tail', () => {
    // Two bytes varied over all their values: some variants fall in the same slot (4,096 per position).
    const sameSlot = (cache: DecodedEntries, bytes: readonly number[], slot: number, at: readonly [number, number]): number[] | undefined => {
      for (let x = 0; x < 256; x++) {
        for (let y = 0; y < 256; y++) {
          const other = [...bytes];
          other[at[0]] = x;
          other[at[1]] = y;
          if (other[at[0]] === bytes[at[0]] && other[at[1]] === bytes[at[1]]) continue;
          const e = placed(other, 1);
          if (cache.find(2, e.view, e.from, e.to) === slot) return other;
        }
      }
      return undefined;
    };
    for (const n of [2, 3, 5, 7, 8, 13, 128]) {
      const bytes = Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff);
      const cache = new DecodedEntries();
      const kept = placed(bytes, 0);
      const slot = cache.find(2, kept.view, kept.from, kept.to);
      cache.keep(slot, kept.array, kept.from, kept.to, 'kept');
      for (const at of [[0, 1], [n - 2, n - 1]] as const) {
        const other = sameSlot(cache, bytes, slot, at);
        expect(other).toBeDefined();
        const e = placed(other as number[], 3);
        expect(cache.find(2, e.view, e.from, e.to)).toBe(slot);
        expect(cache.hit).toBe(false);
      }
    }
  });

  it('keeps no entry of fewer than 2 or more than 128 bytes, nor past position 7', () => {
    const cache = new DecodedEntries();
    for (const [position, n] of [[0, 1], [0, 129], [8, 10]] as const) {
      const e = placed(new Array<number>(n).fill(1), 3);
      expect(cache.find(position, e.view, e.from, e.to)).toBe(-1);
      expect(cache.hit).toBe(false);
    }
  });
});
