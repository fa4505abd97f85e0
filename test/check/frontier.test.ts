import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Frontier } from '../../src/search/bfs/frontier';

function state(i: number): unknown {
  return { i, tag: `t${i % 5}`, seen: new Set([i, i + 1]), by: new Map([[`k${i % 3}`, [i, null, true]]]) };
}

/** Adds `sizes[l]` states to level l and takes them back, level by level; returns the ids in taken order. */
function drive(f: Frontier, sizes: number[]): number[] {
  const taken: number[] = [];
  let next = 0;
  for (let i = 0; i < (sizes[0] ?? 0); i++) f.add(state(next), next++);
  for (let l = 1; ; l++) {
    const size = f.advance();
    if (size === 0) break;
    let n = 0;
    while (f.take()) {
      expect(f.state).toEqual(state(f.id));
      taken.push(f.id);
      n++;
      if (n === 1) for (let i = 0; i < (sizes[l] ?? 0); i++) f.add(state(next), next++);
    }
    expect(n).toBe(size);
  }
  return taken;
}

describe('Frontier', () => {
  const sizes = [3, 2_000, 9_000, 1, 0, 5];

  it('gives states back in the order they were added, level by level, in memory', () => {
    const f = new Frontier(Infinity);
    expect(drive(f, sizes)).toEqual(Array.from({ length: 3 + 2_000 + 9_000 + 1 }, (_, i) => i));
    expect(f.spilledBytes).toBe(0);
    f.close();
  });

  it('spills levels beyond the budget to files in the given folder and removes them on close', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontier-test-'));
    try {
      const f = new Frontier(16 * 1024, dir);
      const taken = drive(f, sizes);
      expect(taken).toEqual(Array.from({ length: 3 + 2_000 + 9_000 + 1 }, (_, i) => i));
      expect(f.spilledBytes).toBeGreaterThan(0);
      f.close();
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts pending states across both levels', () => {
    const f = new Frontier(Infinity);
    f.add(1, 0);
    f.add(2, 1);
    expect(f.pending).toBe(2);
    f.advance();
    expect(f.take()).toBe(true);
    f.add(3, 2);
    expect([f.state, f.id, f.pending]).toEqual([1, 0, 2]);
    f.close();
  });
});
