import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { complete, crashImages, createDevice, flush, read, submit, type Device } from '../../src/crash/index';
import { Oracle, type Op } from './oracle';

const SIZE = 3;

type Cmd =
  | { readonly k: 'submit'; readonly sector: number; readonly len: number; readonly fua: boolean; readonly preflush: boolean }
  | { readonly k: 'flushRequest'; readonly fua: boolean }
  | { readonly k: 'complete'; readonly pick: number }
  | { readonly k: 'flush' };

const cmd = (maxLen: number): fc.Arbitrary<Cmd> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ k: fc.constant('submit' as const), sector: fc.nat(SIZE - 1), len: fc.integer({ min: 1, max: maxLen }), fua: fc.boolean(), preflush: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('flushRequest' as const), fua: fc.boolean() }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('complete' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('flush' as const) }) },
  );

/** Turns random commands into a valid history with at most `maxWrites` data writes (ids w0, w1, ...). */
function history(cmds: readonly Cmd[], maxWrites: number): Op[] {
  const ops: Op[] = [];
  const inFlight: string[] = [];
  let writes = 0;
  let n = 0;
  for (const c of cmds) {
    if (c.k === 'submit') {
      if (writes >= maxWrites) continue;
      writes++;
      const id = `w${n++}`;
      const sector = Math.min(c.sector, SIZE - c.len);
      ops.push({ op: 'submit', id, sector, data: Array.from({ length: c.len }, (_, i) => `${id}.${i}`), fua: c.fua, preflush: c.preflush });
      inFlight.push(id);
    } else if (c.k === 'flushRequest') {
      const id = `f${n++}`;
      ops.push({ op: 'submit', id, sector: 0, data: [], fua: c.fua, preflush: true });
      inFlight.push(id);
    } else if (c.k === 'complete') {
      if (inFlight.length === 0) continue;
      const [id] = inFlight.splice(c.pick % inFlight.length, 1);
      ops.push({ op: 'complete', id: id as string });
    } else {
      ops.push({ op: 'flush' });
    }
  }
  return ops;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function step(dev: Device, op: Op): Device {
  deepFreeze(dev); // the functions must not mutate their input
  if (op.op === 'submit') return submit(dev, op);
  if (op.op === 'complete') return complete(dev, op.id);
  return flush(dev);
}

const imagesOf = (dev: Device, torn: boolean): string[] => crashImages(dev, { torn }).map((c) => JSON.stringify(c.image)).sort();

/** The witness of each image is consistent: persisted and lost split the cache, and replaying persisted gives the image. */
function checkWitnesses(dev: Device, torn: boolean): void {
  const labels = new Map<string, { sector: number; value: unknown }[]>();
  const durable = new Set<string>();
  for (const w of dev.cache) {
    if (w.blocks.length === 0) continue;
    const split = torn && w.blocks.length > 1;
    for (const b of w.blocks) {
      const label = split ? `${w.id}@${b.sector}` : w.id;
      labels.set(label, [...(labels.get(label) ?? []), b]);
      if (w.status === 'durable') durable.add(label);
    }
  }
  for (const c of crashImages(dev, { torn })) {
    expect([...c.persisted, ...c.lost].sort()).toEqual([...labels.keys()].sort());
    for (const d of durable) expect(c.persisted).toContain(d);
    const image: unknown[] = [...dev.sectors];
    for (const p of c.persisted) for (const b of labels.get(p) ?? []) image[b.sector] = b.value;
    expect(image).toEqual(c.image);
  }
}

describe('crash images of random histories equal a brute-force enumeration', () => {
  test('whole writes, after every step, with reads', () => {
    fc.assert(
      fc.property(fc.array(cmd(2), { maxLength: 14 }), (cmds) => {
        const ops = history(cmds, 5);
        let dev = createDevice(SIZE);
        const oracle = new Oracle(new Array(SIZE).fill(null));
        for (const op of ops) {
          dev = step(dev, op);
          oracle.apply(op);
          expect(imagesOf(dev, false)).toEqual(oracle.images(false));
          for (let s = 0; s < SIZE; s++) expect(read(dev, s)).toBe(oracle.read(s));
          checkWitnesses(dev, false);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('torn writes, at the end of the history', () => {
    fc.assert(
      fc.property(fc.array(cmd(2), { maxLength: 10 }), (cmds) => {
        const ops = history(cmds, 4);
        let dev = createDevice(SIZE);
        const oracle = new Oracle(new Array(SIZE).fill(null));
        for (const op of ops) {
          dev = step(dev, op);
          oracle.apply(op);
        }
        expect(imagesOf(dev, true)).toEqual(oracle.images(true));
        checkWitnesses(dev, true);
      }),
      { numRuns: 150 },
    );
  });
});
