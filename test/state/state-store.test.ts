import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/state/state-store';

describe('StateStore', () => {
  it('stores each fingerprint once, grows, and keeps parent pointers and action indices', () => {
    const store = new StateStore(4);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      expect(store.add(i * 7919, i ^ 0x5555, i - 1, i % 13)).toBe(i);
    }
    for (let i = 0; i < n; i += 997) {
      expect(store.add(i * 7919, i ^ 0x5555, 0, 0)).toBe(-1);
      expect(store.has(i * 7919, i ^ 0x5555)).toBe(true);
    }
    expect(store.has(-1, -1)).toBe(false);
    expect(store.size).toBe(n);
    expect(store.parentOf(500)).toBe(499);
    expect(store.actionOf(500)).toBe(500 % 13);
    expect(store.pathTo(3)).toEqual([0, 1, 2, 3]);
  });

  it('stores the all-zero fingerprint, which marks empty slots', () => {
    const store = new StateStore();
    expect(store.add(0, 0, -1, 0)).toBe(0);
    expect(store.has(0, 0)).toBe(true);
    expect(store.add(0, 0, -1, 0)).toBe(-1);
  });
});

describe('StateStore memory', () => {
  it('keeps action indices exact as they widen from one byte to two and four', () => {
    const store = new StateStore(4);
    const actions = [3, 255, 256, 70_000, 1, 65_535, 65_536, 0];
    actions.forEach((a, i) => store.add(i + 1, i + 7, i - 1, a));
    expect(actions.map((_, i) => store.actionOf(i))).toEqual(actions);
    expect(actions.map((_, i) => store.parentOf(i))).toEqual(actions.map((_, i) => i - 1));
  });

  it('holds a million states in under 21 bytes each', () => {
    const store = new StateStore();
    for (let i = 0; i < 1_000_000; i++) store.add(Math.imul(i, 0x9e3779b1), i, i - 1, i % 20);
    expect(store.size).toBe(1_000_000);
    expect(store.bytes / store.size).toBeLessThan(21);
    expect(store.has(Math.imul(999_999, 0x9e3779b1), 999_999)).toBe(true);
    expect(store.has(Math.imul(999_999, 0x9e3779b1), 1_000_000)).toBe(false);
  });
});
