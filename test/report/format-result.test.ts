/** The terminal report's search line: how many threads expanded states. */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import { formatResult } from '../../src/report/format-result';

const counter = defineModel({
  name: 'Counter',
  params: {},
  init: () => [0],
  actions: () => [{ type: 'inc' }],
  next: (n: number) => (n < 3 ? n + 1 : undefined),
  invariants: {},
  deadlock: false,
});

const searchLine = (text: string) => text.split('\n').find((l) => l.startsWith('Search:'));

describe('formatResult', () => {
  it('names the threads of a parallel search: the main one and its workers (a plain one-thread search says nothing)', () => {
    const r = check(counter);
    expect(searchLine(formatResult(r))).toBeUndefined();
    expect(searchLine(formatResult({ ...r, search: { strategy: 'parallel-bfs', workers: 2, symmetry: false } }))).toBe('Search: 2 threads (the main one and 1 worker)');
    expect(searchLine(formatResult({ ...r, search: { strategy: 'parallel-bfs', workers: 3, symmetry: false } }))).toBe('Search: 3 threads (the main one and 2 workers)');
  });
});
