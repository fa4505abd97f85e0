import { describe, expect, expectTypeOf, test } from 'vitest';
import { produce } from 'immer';
import {
  complete,
  crashImages,
  createDevice,
  deviceFromImage,
  DeviceError,
  flush,
  isClean,
  read,
  submit,
  submitFlush,
  write,
  writeStatus,
  type Device,
} from '../../src/crash/index';
import { fingerprint } from '../../src/state/fingerprint';
import type { Value } from '../../src/model/types';
import { Oracle, type Op } from './oracle';

const images = (d: Device, torn = false): string[] => crashImages(d, { torn }).map((c) => JSON.stringify(c.image)).sort();

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof DeviceError ? e.code : `not a DeviceError: ${String(e)}`;
  }
  return undefined;
}

/** Runs `ops` on both the device and the oracle. */
function run(size: number, ops: readonly Op[]): { dev: Device; oracle: Oracle } {
  let dev = createDevice(size);
  const oracle = new Oracle(new Array(size).fill(null));
  for (const op of ops) {
    if (op.op === 'submit') dev = submit(dev, op);
    else if (op.op === 'complete') dev = complete(dev, op.id);
    else dev = flush(dev);
    oracle.apply(op);
  }
  return { dev, oracle };
}

const sub = (id: string, sector: number, data: string[], flags: { fua?: boolean; preflush?: boolean } = {}): Op => ({
  op: 'submit',
  id,
  sector,
  data,
  fua: flags.fua ?? false,
  preflush: flags.preflush ?? false,
});
const done = (id: string): Op => ({ op: 'complete', id });
const FLUSH: Op = { op: 'flush' };

describe('device operations', () => {
  test('a completed write is read back but not durable until a flush', () => {
    let d = write(createDevice(2), { id: 'a', sector: 1, data: ['A'] });
    expect(read(d, 1)).toBe('A');
    expect(d.sectors).toEqual([null, null]);
    expect(writeStatus(d, 'a')).toBe('completed');
    expect(images(d)).toEqual(['["A"]'.replace('"A"', 'null,"A"'), '[null,null]'].sort());
    d = flush(d);
    expect(d).toEqual({ sectors: [null, 'A'], cache: [] });
    expect(isClean(d)).toBe(true);
    expect(images(d)).toEqual(['[null,"A"]']);
  });

  test('an in-flight write is not read back, and a flush does not make it durable', () => {
    let d = submit(createDevice(1), { id: 'a', sector: 0, data: ['A'] });
    expect(read(d, 0)).toBe(null);
    d = flush(d);
    expect(writeStatus(d, 'a')).toBe('in-flight');
    expect(images(d)).toEqual(['["A"]', '[null]']);
  });

  test('a FUA write is durable on completion, without making earlier writes durable', () => {
    let d = write(createDevice(2), { id: 'a', sector: 0, data: ['A'] });
    d = submit(d, { id: 'b', sector: 1, data: ['B'], fua: true });
    expect(images(d)).toEqual(['["A","B"]', '["A",null]', '[null,"B"]', '[null,null]']);
    d = complete(d, 'b');
    expect(d.sectors).toEqual([null, 'B']);
    expect(images(d)).toEqual(['["A","B"]', '[null,"B"]']);
  });

  test('a preflush write makes the writes completed before its submission durable when it completes', () => {
    let d = write(createDevice(3), { id: 'a', sector: 0, data: ['A'] });
    d = submit(d, { id: 'j', sector: 1, data: ['J'], preflush: true, fua: true });
    d = write(d, { id: 'c', sector: 2, data: ['C'] }); // completed after j was submitted: not covered
    expect(images(d)).toHaveLength(8);
    d = complete(d, 'j');
    expect(d.sectors).toEqual(['A', 'J', null]);
    expect(images(d)).toEqual(['["A","J","C"]', '["A","J",null]']);
  });

  test('an asynchronous flush covers what was completed at its submission', () => {
    let d = write(createDevice(2), { id: 'a', sector: 0, data: ['A'] });
    d = submitFlush(d, 'f');
    d = write(d, { id: 'b', sector: 1, data: ['B'] });
    expect(images(d)).toHaveLength(4);
    d = complete(d, 'f');
    expect(d).toEqual({
      sectors: ['A', null],
      cache: [{ id: 'b', blocks: [{ sector: 1, value: 'B' }], fua: false, preflush: false, status: 'completed', after: [] }],
    });
  });

  test('a durable write stays in the cache while a concurrent overlapping write may land under it', () => {
    let d = submit(createDevice(2), { id: 'v', sector: 0, data: ['V0', 'V1'] });
    d = write(d, { id: 'w', sector: 0, data: ['W'], fua: true });
    expect(writeStatus(d, 'w')).toBe('durable');
    // v lost; v landed after w; v landed before w (its sector 0 overwritten).
    expect(crashImages(d)).toEqual([
      { image: ['W', null], persisted: ['w'], lost: ['v'] },
      { image: ['V0', 'V1'], persisted: ['w', 'v'], lost: [] },
      { image: ['W', 'V1'], persisted: ['v', 'w'], lost: [] },
    ]);
    expect(images(d, true)).toEqual(['["V0","V1"]', '["V0",null]', '["W","V1"]', '["W",null]']);
    d = complete(d, 'v'); // v completed after w: from now on it is the later of the two
    expect(read(d, 0)).toBe('V0');
    expect(d.sectors).toEqual(['W', null]);
    expect(images(d)).toEqual(['["V0","V1"]', '["W",null]']);
  });

  test('a settled write hides the earlier completed writes on its sectors', () => {
    let d = write(createDevice(2), { id: 'a', sector: 0, data: ['A0', 'A1'] });
    d = write(d, { id: 'b', sector: 0, data: ['B'], fua: true });
    expect(d.cache).toEqual([{ id: 'a', blocks: [{ sector: 1, value: 'A1' }], fua: false, preflush: false, status: 'completed', after: [] }]);
    expect(read(d, 0)).toBe('B');
    expect(read(d, 1)).toBe('A1');
    expect(images(d)).toEqual(['["B","A1"]', '["B",null]']);
  });

  test('torn writes land sector by sector', () => {
    const d = submit(createDevice(3), { id: 'a', sector: 0, data: ['A0', 'A1', 'A2'] });
    expect(images(d)).toHaveLength(2);
    expect(images(d, true)).toHaveLength(8);
    expect(crashImages(d, { torn: true })[1]).toEqual({ image: ['A0', null, null], persisted: ['a@0'], lost: ['a@1', 'a@2'] });
  });

  test('deviceFromImage starts with an empty cache', () => {
    expect(deviceFromImage(['x', 'y'])).toEqual({ sectors: ['x', 'y'], cache: [] });
  });

  test('misuse throws DeviceError codes', () => {
    const d = submit(createDevice(2), { id: 'a', sector: 0, data: ['A'] });
    expect(codeOf(() => submit(d, { id: 'a', sector: 1, data: ['B'] }))).toBe('duplicate-write');
    expect(codeOf(() => complete(d, 'zz'))).toBe('unknown-write');
    expect(codeOf(() => complete(complete(d, 'a'), 'a'))).toBe('not-in-flight');
    expect(codeOf(() => submit(d, { id: 'b', sector: 1, data: ['B', 'C'] }))).toBe('out-of-range');
    expect(codeOf(() => submit(d, { id: 'b', sector: 0, data: [] }))).toBe('empty-write');
    expect(codeOf(() => read(d, 5))).toBe('out-of-range');
  });

  test('works on immer drafts', () => {
    const s0 = { disk: createDevice(2), n: 0 };
    const s1 = produce(s0, (draft) => {
      draft.disk = submit(draft.disk, { id: 'a', sector: 0, data: ['A'] }) as typeof draft.disk;
      draft.n = 1;
    });
    const s2 = produce(s1, (draft) => {
      draft.disk = complete(draft.disk, 'a') as typeof draft.disk;
    });
    expect(s0.disk.cache).toEqual([]);
    expect(s2.disk.cache[0]?.status).toBe('completed');
    expect(fingerprint(s2)).toBe(fingerprint({ disk: write(createDevice(2), { id: 'a', sector: 0, data: ['A'] }), n: 1 }));
  });

  test('the same history gives the same value whatever the path (fingerprints agree)', () => {
    const a = flush(write(write(createDevice(2), { id: 'x', sector: 0, data: ['X'] }), { id: 'y', sector: 1, data: ['Y'] }));
    const b = flush(write(createDevice(2), { id: 'z', sector: 0, data: ['X', 'Y'] }));
    expect(fingerprint(a)).toBe(fingerprint(b));
  });
});

describe('post-crash image counts against a brute-force enumeration', () => {
  const cases: { name: string; size: number; ops: Op[]; count: number; torn?: number }[] = [
    { name: 'three writes in flight to distinct sectors', size: 3, ops: [sub('a', 0, ['A']), sub('b', 1, ['B']), sub('c', 2, ['C'])], count: 8 },
    { name: 'three writes in flight to one sector', size: 1, ops: [sub('a', 0, ['A']), sub('b', 0, ['B']), sub('c', 0, ['C'])], count: 4 },
    {
      name: 'three completed writes to one sector, one after another',
      size: 1,
      ops: [sub('a', 0, ['A']), done('a'), sub('b', 0, ['B']), done('b'), sub('c', 0, ['C']), done('c')],
      count: 4,
    },
    {
      name: 'a chain of completed two-sector writes',
      size: 3,
      ops: [sub('a', 0, ['A', 'A']), done('a'), sub('b', 1, ['B', 'B']), done('b')],
      count: 4,
      torn: 12,
    },
    {
      name: 'two overlapping two-sector writes in flight together',
      size: 3,
      ops: [sub('a', 0, ['A', 'A']), sub('b', 1, ['B', 'B'])],
      count: 5,
      torn: 12,
    },
    {
      name: 'flush between two batches',
      size: 4,
      ops: [sub('a', 0, ['A']), sub('b', 1, ['B']), done('a'), FLUSH, done('b'), sub('c', 2, ['C']), sub('d', 3, ['D']), done('c')],
      count: 8,
    },
    {
      name: 'FUA write over an in-flight two-sector write',
      size: 2,
      ops: [sub('v', 0, ['V', 'V']), sub('w', 0, ['W'], { fua: true }), done('w')],
      count: 3,
      torn: 4,
    },
    {
      name: 'journal commit with preflush and FUA',
      size: 4,
      ops: [sub('d1', 0, ['D1']), sub('d2', 1, ['D2']), done('d1'), sub('c', 2, ['C'], { preflush: true, fua: true }), done('d2'), sub('n', 3, ['N'])],
      count: 16,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { dev, oracle } = run(c.size, c.ops);
      expect(images(dev)).toEqual(oracle.images(false));
      expect(images(dev)).toHaveLength(c.count);
      expect(images(dev, true)).toEqual(oracle.images(true));
      expect(images(dev, true)).toHaveLength(c.torn ?? c.count);
    });
  }
});

describe('typed devices', () => {
  interface Super {
    readonly magic: 'bcachefs';
    readonly seq: number;
  }

  test('a read returns the type the device holds, an interface included', () => {
    const blank: Super = { magic: 'bcachefs', seq: 0 };
    let dev = createDevice<Super | null>(2, null);
    dev = write(dev, { id: 'sb', sector: 0, data: [{ ...blank, seq: 7 }] });
    const sb = read(dev, 0);
    expectTypeOf(sb).toEqualTypeOf<Super | null>();
    expect(sb?.seq).toBe(7);
    expect(read(dev, 1)).toBe(null);
    expectTypeOf(read(createDevice(1), 0)).toEqualTypeOf<Value>();
    expectTypeOf(crashImages(submit(dev, { id: 'w', sector: 1, data: [blank] }))[0]!.image).toEqualTypeOf<readonly (Super | null)[]>();
  });
});
