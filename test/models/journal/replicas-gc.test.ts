/**
 * bcachefs journal replicas gc (models/journal/replicas-gc.ts, d14bfd10): verdicts, counts and the shortest
 * counterexample as `check` computed them, and what the gc wrote to the superblock in each variant.
 */
import { describe, expect, it } from 'vitest';
import { read } from 'interleave';
import model from '../../../models/journal/replicas-gc';
import { replay, run } from '../model-harness';

const EMPTY_GC = ['evacuate', 'flush-pins', 'gc-start', 'gc-mark', 'gc-end', 'Crash'];
const REACH = { ProgramDone: true, GcOnEmptyJournal: true };
const GC = [{ type: 'evacuate' }, { type: 'flush-pins' }, { type: 'gc-start' }, { type: 'gc-mark' }, { type: 'gc-end' }];

describe('journal/replicas-gc', () => {
  it('verdicts and counts', () => {
    const scopes: Record<string, string | number>[] = [
      { variant: 'buggy' },
      { variant: 'fixed' },
      { variant: 'buggy', rounds: 2 },
      { variant: 'fixed', rounds: 2 },
      { variant: 'buggy', maxCrashes: 0 },
    ];
    const rows = scopes.map((params) => {
      const { result, traces, counts } = run(model, params);
      return [result.verdict, ...counts, traces, result.reachable];
    });
    expect(rows).toEqual([
      ['violation', 589, 774, 16, { MountableAfterCrash: EMPTY_GC }, REACH],
      ['ok', 1043, 1257, 18, {}, REACH],
      ['violation', 3945, 7136, 27, { MountableAfterCrash: EMPTY_GC }, REACH],
      ['ok', 4782, 5660, 31, {}, REACH],
      ['ok', 105, 152, 15, {}, REACH],
    ]);
  });

  it('buggy: the crash keeps the superblock that marks no journal device; the mount finds no journal', () => {
    const { result } = run(model, { variant: 'buggy' });
    const last = result.violations[0]!.trace[6]!;
    expect(last.action).toMatchObject({ type: 'Crash', persisted: ['dev1:sb2'] });
    expect(last.state.state.disk[1]!.sectors).toEqual([{ seq: 2, members: [0, 1], journal: [] }, 1]);
    expect(last.state.state.mounted).toEqual({ mountable: false });
  });

  it('gc on an empty journal: buggy writes no journal entry, fixed writes one to device 0 and keeps it marked', () => {
    const buggy = replay(model, { variant: 'buggy' }, GC);
    expect([buggy.state.mem.replicas, buggy.state.mem.journal]).toEqual([[], { seq: 1, live: [], open: false }]);
    const fixed = replay(model, { variant: 'fixed' }, GC);
    expect([fixed.state.mem.replicas, fixed.state.mem.journal]).toEqual([['0'], { seq: 2, live: ['0'], open: false }]);
    // The entry was marked (superblock 2) before it was written, so the entry's PREFLUSH made superblock 2
    // durable; superblock 3, the gc's, is completed but may still be lost.
    expect(fixed.state.disk[0]!.sectors).toEqual([{ seq: 2, members: [0, 1], journal: ['0', '0+1'] }, 2]);
    expect(read(fixed.state.disk[0]!, 0)).toEqual({ seq: 3, members: [0, 1], journal: ['0'] });
  });

  it('fixed: a reclaim between gc start and the marking loop leaves the entry marked in the gc table', () => {
    const raced = replay(model, { variant: 'fixed' }, [GC[0]!, GC[1]!, GC[2]!, { type: 'reclaim' }, GC[3]!]);
    expect([raced.state.mem.journal.live, raced.state.mem.gc]).toEqual([[], ['0']]);
  });
});
