/**
 * Key-cache coherency during journal replay (seed 000, upstream fix 68377eb3a7f5). No fault is injected. Before the
 * fix, a fill while the journal still holds an unreplayed deletion caches the live btree key unflagged; for a
 * btree replayed straight into the btree (inodes) the deletion then lands under the entry, the task's update
 * dirties it, and the flush hits BUG_ON(bkey_deleted(btree_k.k)). After the fix the fill caches the journal key.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/keycache/replay-coherency';

const types = (trace: readonly { action: { type: string } | null }[] | undefined): (string | undefined)[] | undefined =>
  trace?.slice(1).map((s) => s.action?.type);

describe('keycache/replay-coherency', () => {
  it('before-fix, inodes: stale fill, replayed deletion under it, update, flush BUG_ON', () => {
    const result = check(model, { params: { variant: 'before-fix', btree: 'inodes' }, continue: true });
    expect([result.distinctStates, result.depth]).toEqual([864, 10]);
    expect(result.violations.map((v) => [v.name, v.trace.length])).toEqual([
      ['CleanEntryIsCurrent', 2],
      ['DirtyImpliesLive', 4],
      ['NoPanic', 5],
    ]);
    const panic = result.violations.find((v) => v.name === 'NoPanic');
    expect(types(panic?.trace)).toEqual(['trans_traverse', 'journal_replay_key', 'trans_update', 'key_cache_flush']);
    const states = panic?.trace.map((s) => s.state);
    expect(states?.[0]).toMatchObject({ btree: ['live', 'live'], journal: ['delete', 'delete'] });
    // The fill took the btree's live key and no flag, although the journal held the key's deletion.
    expect(states?.[1]?.cache[0]).toEqual({ key: 'live', dirty: false, immediateFlush: false });
    // Replay wrote the deletion into the btree and left the entry as it was.
    expect(states?.[2]?.btree[0]).toBe('deleted');
    expect(states?.[2]?.cache[0]).toEqual({ key: 'live', dirty: false, immediateFlush: false });
    expect(states?.[3]?.cache[0]).toEqual({ key: 'live', dirty: true, immediateFlush: false });
    expect(states?.[4]?.panic).toBe(true);
  });

  it('after-fix, inodes: the fill caches the journal deletion, flagged, and the rule holds', () => {
    const result = check(model, { params: { variant: 'after-fix', btree: 'inodes' } });
    expect([result.verdict, result.distinctStates, result.depth]).toEqual(['ok', 484, 8]);
    expect(result.reachable).toEqual({ ReplayCompletes: true, DirtyEntry: true });
    const first = model.next(model.init(model.params)[0]!, { type: 'trans_traverse', actor: 'task', pos: 0 }, { ...model.params, variant: 'after-fix' });
    expect(first?.cache[0]).toEqual({ key: 'deleted', dirty: false, immediateFlush: true });
  });

  it('alloc keys replay through the key cache: no BUG_ON in either variant, but before-fix caches a stale key', () => {
    const before = check(model, { params: { variant: 'before-fix', btree: 'alloc' }, continue: true });
    expect([before.distinctStates, before.depth]).toEqual([406, 6]);
    expect(before.violations.map((v) => [v.name, v.trace.length])).toEqual([['CleanEntryIsCurrent', 2]]);
    expect(types(before.violations[0]?.trace)).toEqual(['trans_traverse']);
    const after = check(model, { params: { variant: 'after-fix', btree: 'alloc' } });
    expect([after.verdict, after.distinctStates]).toEqual(['ok', 406]);
    expect(after.reachable).toEqual({ ReplayCompletes: true, DirtyEntry: true });
  });

  it('three positions: after-fix inodes holds, before-fix alloc still never reaches the BUG_ON', () => {
    const inodes = check(model, { params: { variant: 'after-fix', positions: 3 } });
    expect([inodes.verdict, inodes.distinctStates, inodes.depth]).toEqual(['ok', 7284, 11]);
    const alloc = check(model, { params: { variant: 'before-fix', btree: 'alloc', positions: 3 }, continue: true });
    expect([alloc.distinctStates, alloc.violations.map((v) => v.name)]).toEqual([6096, ['CleanEntryIsCurrent']]);
  });

  it('one position is enough for the bug', () => {
    const result = check(model, { params: { variant: 'before-fix', positions: 1 }, continue: true });
    expect([result.distinctStates, result.violations.map((v) => v.name)]).toEqual([46, ['CleanEntryIsCurrent', 'DirtyImpliesLive', 'NoPanic']]);
    expect(check(model, { params: { variant: 'after-fix', positions: 1 } }).distinctStates).toBe(32);
  });

  it('refuses a variant outside paramValues', () => {
    expect(() => check(model, { params: { variant: 'no-such-fix' } })).toThrow(expect.objectContaining({ code: 'IL103' }));
  });
});
