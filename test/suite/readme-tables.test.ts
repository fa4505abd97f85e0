import { describe, expect, it } from 'vitest';
import type { EntryResult } from '../../src/suite/entry-result';
import { modelKey, updateReadmeTables } from '../../src/suite/readme-tables';

const entry = (name: string, model: string, states: number): EntryResult => ({
  suite: 's',
  specFile: 'specs/s.spec.ts',
  entry: name,
  model,
  modelName: 'm',
  params: { variant: name, scope: 2 },
  entryParams: { variant: name },
  verdict: 'violation',
  distinctStates: states,
  generatedStates: states * 2,
  depth: 4,
  seconds: 0.1,
  properties: [{ name: 'Safe', kind: 'invariant', expected: 'violated', actual: 'violated', traceLength: 5, traceActions: [], problems: [] }],
  problems: [],
  passed: true,
  reproduce: '',
});

describe('updateReadmeTables', () => {
  it('keys models by their path below models/', () => {
    expect(modelKey('models/alloc/early-bucket-race.ts')).toBe('alloc/early-bucket-race');
    expect(modelKey('/abs/repo/models/bcache/stale-read-race.ts')).toBe('bcache/stale-read-race');
  });

  it('writes a table after each marker and replaces it on the next run, leaving the prose alone', () => {
    const md = '# Models\n\n## alloc/x\n<!-- table:alloc/x -->\n\nProse stays.\n\n## other\n<!-- table:other/y -->\n';
    const first = updateReadmeTables(md, [entry('buggy', 'models/alloc/x.ts', 1234)]);
    expect(first.missing).toEqual(['other/y']);
    expect(first.text).toContain('| buggy | variant=buggy | violates Safe | 1,234 | 4 | Safe: 5 states |');
    expect(first.text).toContain('Prose stays.');
    const second = updateReadmeTables(first.text, [entry('buggy', 'models/alloc/x.ts', 99)]);
    expect(second.text).toContain('| 99 |');
    expect(second.text).not.toContain('1,234');
    expect(second.text.match(/<!-- table:alloc\/x -->/g)).toHaveLength(1);
  });

  it('keeps the table of a model that had no entries in this run (a run of some specs only)', () => {
    const md = '<!-- table:alloc/x -->\n<!-- table:other/y -->\n';
    const both = updateReadmeTables(md, [entry('a', 'models/alloc/x.ts', 10), entry('b', 'models/other/y.ts', 20)]).text;
    const onlyX = updateReadmeTables(both, [entry('a', 'models/alloc/x.ts', 11)]);
    expect(onlyX.missing).toEqual(['other/y']);
    expect(onlyX.text).toContain('| b | variant=b | violates Safe | 20 | 4 | Safe: 5 states |');
    expect(onlyX.text).toContain('| 11 |');
  });
});
