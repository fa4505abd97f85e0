/** The terminal report's search line: how many threads expanded states. */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import { formatResult } from '../../src/report/format-result';
import { formatValue } from '../../src/report/format-value';

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

  it('says of a depth-first search that its depth is the longest path and its counterexamples are not shortest', () => {
    const r = check(counter, { strategy: 'dfs' });
    expect(searchLine(formatResult(r))).toBe('Search: depth-first, one thread; depth is the longest path explored and counterexamples are not shortest ones (--strategy bfs finds shortest)');
    expect(searchLine(formatResult({ ...r, search: { strategy: 'dfs', workers: 1, symmetry: true } }))).toBe(
      "Search: depth-first, one thread, states identified up to the model's symmetry (counts are equivalence classes); depth is the longest path explored and counterexamples are not shortest ones (--strategy bfs finds shortest)",
    );
  });
});

describe('formatValue in the terminal', () => {
  const dev = { cache: [{ id: 'journal-write-1', blocks: [{ sector: 0, value: 'D1' }], fua: false, preflush: true, status: 'in-flight', after: ['w0'] }] };

  it('cuts a long value after a word, never inside one, and says how much is left out', () => {
    const whole = formatValue(dev);
    expect(whole).toHaveLength(140);
    const cut = formatValue(dev, 60);
    expect(cut).toBe('{ cache: [{ id: "journal-write-1", blocks: …(+98 chars)');
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(whole.startsWith(cut.slice(0, cut.indexOf(' …')))).toBe(true);
  });
});
