import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { FingerprintStore } from '../../src/state/fingerprint-store';

/** Adds like a search does: pausing when the store asks, growing it, then going on. */
function addAll(store: FingerprintStore, items: readonly [number, number, number, number][]): number[] {
  return items.map(([h1, h2, parent, action]) => {
    if (store.mustPause(action)) store.grow(Math.max(1024, store.added), action);
    return store.add(h1, h2, parent, action);
  });
}

describe('FingerprintStore', () => {
  it('stores each fingerprint once, grows when asked, and keeps parent pointers and action indices', () => {
    const store = FingerprintStore.create(4);
    const n = 100_000;
    const ids = addAll(store, Array.from({ length: n }, (_, i) => [i * 7919, i ^ 0x5555, i - 1, i % 13]));
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => i));
    const again = addAll(store, Array.from({ length: 101 }, (_, k) => [k * 997 * 7919, (k * 997) ^ 0x5555, 0, 0]));
    expect(again.every((id) => id === -1)).toBe(true);
    expect(store.size).toBe(n);
    expect(store.parentOf(500)).toBe(499);
    expect(store.actionOf(500)).toBe(500 % 13);
    expect(store.pathTo(3)).toEqual([0, 1, 2, 3]);
  });

  it('storedFirst: true only for a stored fingerprint in its first slot, so a search may skip its add', () => {
    const store = FingerprintStore.create();
    const items = Array.from({ length: 600 }, (_, i): [number, number, number, number] => [i * 40503, (i * 7) ^ 0x1234, -1, 0]);
    addAll(store, items);
    // Every stored one is found by add; those storedFirst finds are a subset (the others lie past a collision).
    const first = items.filter(([h1, h2]) => store.storedFirst(h1, h2));
    expect(first.length).toBeGreaterThan(items.length / 2);
    expect(first.every(([h1, h2]) => store.add(h1, h2, -1, 0) === -1)).toBe(true);
    expect(Array.from({ length: 600 }, (_, i) => store.storedFirst(i * 40503, ((i * 7) ^ 0x1234) + 1)).some(Boolean)).toBe(false);
    expect(addAll(store, [[0, 0, -1, 0]])).toEqual([600]);
    expect(store.storedFirst(0, 0)).toBe(true);
  });

  it('stores fingerprints with a zero lane (0 marks an empty slot)', () => {
    const store = FingerprintStore.create();
    expect(addAll(store, [[0, 0, -1, 0], [0, 0, -1, 0], [0, 5, -1, 1], [5, 0, -1, 2], [7, 9, -1, 3]])).toEqual([0, -1, 1, 2, 3]);
  });

  it('pauses adders for action indices that do not fit, and keeps them exact as they widen', () => {
    const store = FingerprintStore.create(4);
    expect(store.mustPause(255)).toBe(false);
    expect(store.mustPause(256)).toBe(true);
    const actions = [3, 255, 256, 70_000, 1, 65_535, 65_536, 0];
    addAll(store, actions.map((a, i) => [i + 1, i + 7, i - 1, a]));
    expect(actions.map((_, i) => store.actionOf(i))).toEqual(actions);
    expect(actions.map((_, i) => store.parentOf(i))).toEqual(actions.map((_, i) => i - 1));
  });

  it('holds a million states in under 24 bytes each (the table grows by half again when 3/4 full)', () => {
    const store = FingerprintStore.create();
    addAll(store, Array.from({ length: 1_000_000 }, (_, i) => [Math.imul(i, 0x9e3779b1), i, i - 1, i % 20]));
    expect(store.size).toBe(1_000_000);
    expect(store.bytes / store.size).toBeLessThan(24);
    expect(addAll(store, [[Math.imul(999_999, 0x9e3779b1), 999_999, 0, 0]])).toEqual([-1]);
  });

  it('counts each fingerprint once when two threads add overlapping sets at the same time', async () => {
    const store = FingerprintStore.create(1 << 20, 2);
    const n = 500_000;
    const file = path.resolve(__dirname, '../../src/state/fingerprint-store.ts');
    const code = `
      require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'ES2022' } });
      const { workerData, parentPort } = require('node:worker_threads');
      const { FingerprintStore } = require(${JSON.stringify(file)});
      const store = FingerprintStore.attach(workerData.buffers);
      // Start together, then add the same fingerprints in the same order: the threads race on each one.
      const ready = new Int32Array(workerData.ready);
      Atomics.add(ready, 0, 1);
      while (Atomics.load(ready, 0) < 2);
      let added = 0;
      for (let i = 0; i < workerData.n; i++) {
        if (store.add(Math.imul(i, 0x9e3779b1) | 1, i + 1, -1, 0) >= 0) added++;
      }
      store.flush();
      parentPort.postMessage(added);`;
    const ready = new SharedArrayBuffer(4);
    const run = () =>
      new Promise<number>((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { buffers: store.buffers, n, ready } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a + b).toBe(n);
    expect(Math.min(a, b)).toBeGreaterThan(0);
    expect(store.size).toBe(n);
    expect(addAll(store, [[Math.imul(123, 0x9e3779b1) | 1, 124, -1, 0]])).toEqual([-1]);
  }, 30_000);
});
