import { describe, expect, test } from 'vitest';
import { check } from 'interleave';
import model from '../../models/crash/journal-commit';
import { crashImages } from '../../src/crash/index';

const types = (trace: readonly { action: { type: string } | null }[]): (string | null)[] => trace.map((s) => s.action?.type ?? null);

describe('models/crash/journal-commit', () => {
  test('correct: data, flush, FUA commit record, acknowledge: both properties hold', () => {
    const r = check(model, { params: { variant: 'correct' } });
    expect(r.verdict).toBe('ok');
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([11, 17, 8]);
    expect(r.coverage.Crash).toEqual({ enabled: 10, distinct: 4 });
  });

  test('commit-before-flush: found only through a crash image that persists the commit record but not the data', () => {
    const r = check(model, { params: { variant: 'commit-before-flush' }, continue: true });
    expect(r.verdict).toBe('violation');
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([12, 22, 8]);
    expect(r.violations.map((v) => [v.kind, v.name])).toEqual([['action-invariant', 'CommitImpliesData']]);
    const trace = r.violations[0]!.trace;
    expect(trace).toHaveLength(5);
    expect(types(trace)).toEqual([null, 'WriteData', 'DataDone', 'WriteCommit', 'Crash']);
    expect(trace[4]!.action).toEqual({ type: 'Crash', actor: 'power', persisted: ['commit'], lost: ['data'] });

    // Of the images of the state before the crash, those that keep submission order (a prefix of data, commit)
    // are all harmless: the violation needs the reordered one.
    const before = trace[3]!.state;
    const images = crashImages(before.state.disk);
    expect(images.map((i) => i.persisted)).toEqual([[], ['data'], ['data', 'commit'], ['commit']]);
    const prefixes = images.filter((i) => ['data', 'commit'].slice(0, i.persisted.length).join() === i.persisted.join());
    expect(prefixes.map((i) => i.image)).toEqual([[null, null], ['D1', null], ['D1', 'T1']]);
    for (const i of prefixes) expect(i.image[1] !== 'T1' || i.image[0] === 'D1').toBe(true);
  });

  test('ack-before-flush: a completed but unflushed commit record is lost', () => {
    const r = check(model, { params: { variant: 'ack-before-flush' }, continue: true });
    expect(r.verdict).toBe('violation');
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([12, 19, 8]);
    expect(r.violations.map((v) => v.name)).toEqual(['AckedIsDurable']);
    const trace = r.violations[0]!.trace;
    expect(types(trace)).toEqual([null, 'WriteData', 'DataDone', 'Flush', 'WriteCommit', 'CommitDone', 'Ack', 'Crash']);
    expect(trace[7]!.action).toEqual({ type: 'Crash', actor: 'power', persisted: [], lost: ['commit'] });
    expect(trace[7]!.state).toEqual({
      crashes: 1,
      state: { disk: { sectors: ['D1', null], cache: [] }, pc: 'recovered', acked: true, recovered: { committed: false, data: 'D1' } },
    });
  });

  test('maxCrashes bounds crashes per behaviour; 0 turns them off', () => {
    const counts = (variant: string, maxCrashes: number): [string, number, number, number] => {
      const r = check(model, { params: { variant, maxCrashes }, continue: true });
      return [r.verdict, r.distinctStates, r.generatedStates, r.depth];
    };
    expect(counts('correct', 0)).toEqual(['ok', 7, 7, 7]);
    expect(counts('commit-before-flush', 0)).toEqual(['ok', 7, 7, 7]);
    expect(counts('correct', 2)).toEqual(['ok', 15, 21, 9]);
    expect(counts('commit-before-flush', 2)).toEqual(['violation', 17, 27, 9]);
  });
});
