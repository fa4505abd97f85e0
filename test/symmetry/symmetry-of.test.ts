import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalUnder, permutations, symmetryOf } from '../../src/symmetry';
import { fingerprint } from '../../src/state/fingerprint';
import { alloc, BUCKETS, IDS, renameAlloc, renameToy, TASKS, toy, type Alloc, type Toy } from './toy-states';

const ALL = permutations<string>([...IDS]);
const imagesOf = (s: Toy): Set<string> => new Set(ALL.map((p) => fingerprint(renameToy(s, (x) => p.get(x) ?? x))));

const single = {
  'no signature': symmetryOf<Toy, unknown, string>({ ids: [...IDS], rename: renameToy }),
  // Ties between ids that are not alike (same label, different pointers): runs must be enumerated.
  'a weak signature': symmetryOf<Toy, unknown, string>({ ids: [...IDS], rename: renameToy, signature: (s, x) => s.label[x] ?? null }),
  'a strong signature': symmetryOf<Toy, unknown, string>({
    ids: (s) => Object.keys(s.label),
    rename: renameToy,
    signature: (s, x) => [s.label[x] ?? null, s.next[x] === null, s.next[x] === x, s.held.has(x), s.order.filter((y) => y === x).length],
  }),
};

describe('symmetryOf, one sort', () => {
  it.each(Object.entries(single))('with %s gives every state of a class the same representative, an image of the state', (_, canon) => {
    fc.assert(
      fc.property(toy, fc.constantFrom(...ALL), (s, p) => {
        const c = fingerprint(canon(s, null));
        expect(fingerprint(canon(renameToy(s, (x) => p.get(x) ?? x), null))).toBe(c);
        expect(imagesOf(s).has(c)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('without signatures picks the least image over the whole group, as canonicalUnder does', () => {
    const reference = canonicalUnder(ALL, renameToy);
    fc.assert(
      fc.property(toy, (s) => {
        expect(fingerprint(single['no signature'](s, null))).toBe(fingerprint(reference(s)));
      }),
      { numRuns: 200 },
    );
  });

  it('counts classes of all states over two ids exactly (brute force over every state)', () => {
    // Two ids, labels 0..1, pointers to a, b or null: 2 * 2 * 3 * 3 = 36 states (order and held empty).
    const states: Toy[] = [];
    for (const la of [0, 1]) for (const lb of [0, 1]) for (const na of ['a', 'b', null]) for (const nb of ['a', 'b', null]) {
      states.push({ label: { a: la, b: lb }, next: { a: na, b: nb }, order: [], held: new Set() });
    }
    const canon = symmetryOf<Toy, unknown, string>({ ids: ['a', 'b'], rename: renameToy, signature: (s, x) => s.label[x] ?? null });
    const classes = new Set(states.map((s) => fingerprint(canon(s, null))));
    // Burnside: (36 fixed by the identity + 6 fixed by the swap) / 2 = 21.
    expect(classes.size).toBe(21);
  });

  it('tries one rename per id when the ids of a run are alike, and k! when they are not', () => {
    let renames = 0;
    const counting = (s: Toy, to: (id: string) => string): Toy => {
      renames++;
      return renameToy(s, to);
    };
    const canon = symmetryOf<Toy, unknown, string>({ ids: [...IDS], rename: counting, signature: (s, x) => s.label[x] ?? null });
    const alike: Toy = { label: { a: 0, b: 0, c: 0, d: 0 }, next: { a: null, b: null, c: null, d: null }, order: [], held: new Set() };
    canon(alike, null);
    expect(renames).toBe(4); // the base image and three swaps that leave it unchanged
    renames = 0;
    const ring: Toy = { ...alike, next: { a: 'b', b: 'c', c: 'd', d: 'a' } };
    canon(ring, null);
    expect(renames).toBe(1 + 1 + 24); // base, the first swap (which changes the image), then 4!
  });

  it('rejects ids listed twice', () => {
    const canon = symmetryOf<Toy, unknown, string>({ ids: ['a', 'a'], rename: renameToy });
    expect(() => canon({ label: {}, next: {}, order: [], held: new Set() }, null)).toThrow(Error);
  });
});

describe('symmetryOf, two sorts', () => {
  const taskPerms = permutations(TASKS);
  const bucketPerms = permutations(BUCKETS);
  const rename = (s: Alloc, t: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Alloc =>
    renameAlloc(s, { task: (x) => t.get(x) ?? x, bucket: (x) => b.get(x) ?? x });
  const images = (s: Alloc): Set<string> => new Set(taskPerms.flatMap((t) => bucketPerms.map((b) => fingerprint(rename(s, t, b)))));

  const canons = {
    'no signature': symmetryOf({ sorts: { task: TASKS, bucket: BUCKETS }, rename: renameAlloc }),
    signatures: symmetryOf({
      sorts: { task: TASKS, bucket: BUCKETS },
      rename: renameAlloc,
      signature: { task: (s: Alloc, t: number) => s.pc[t - 1] ?? null, bucket: (s: Alloc, b: number) => s.dirty[b] ?? null },
    }),
  };

  it.each(Object.entries(canons))('with %s gives every state of a class the same representative, an image of the state', (_, canon) => {
    fc.assert(
      fc.property(alloc, fc.constantFrom(...taskPerms), fc.constantFrom(...bucketPerms), (s, t, b) => {
        const c = fingerprint(canon(s, null));
        expect(fingerprint(canon(rename(s, t, b), null))).toBe(c);
        expect(images(s).has(c)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('without signatures picks the least of all 36 images', () => {
    fc.assert(
      fc.property(alloc, (s) => {
        const least = [...taskPerms.flatMap((t) => bucketPerms.map((b) => rename(s, t, b)))].reduce((x, y) => (compareFp(y, x) < 0 ? y : x));
        expect(fingerprint(canons['no signature'](s, null))).toBe(fingerprint(least));
      }),
      { numRuns: 100 },
    );
  });
});

// The order symmetryOf uses: fingerprint lanes as signed 32-bit integers, lane 1 first.
function compareFp(a: unknown, b: unknown): number {
  const [a1, a2] = lanes(a);
  const [b1, b2] = lanes(b);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}

function lanes(v: unknown): [number, number] {
  const hex = fingerprint(v);
  return [parseInt(hex.slice(0, 8), 16) | 0, parseInt(hex.slice(8), 16) | 0];
}
