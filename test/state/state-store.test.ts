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
