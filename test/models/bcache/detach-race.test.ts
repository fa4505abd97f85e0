/**
 * bcache detach race (models/bcache/detach-race.ts, df4ad532): verdicts, counts and shortest counterexamples per
 * variant and backing disk, as `check` computed them, and the crash images behind them.
 */
import { describe, expect, it } from 'vitest';
import model from '../../../models/bcache/detach-race';
import { replay, run } from '../model-harness';

const DIRECT_WRITE = ['detach', 'writeback', 'writeback-done', 'write'];
const REACH = { Detached: true, DirectWrite: true };

describe('bcache/detach-race', () => {
  it('verdicts per variant and backing disk', () => {
    const scopes: Record<string, string | boolean>[] = [
      { variant: 'buggy' },
      { variant: 'buggy', backingCache: false },
      { variant: 'fixed' },
      { variant: 'fixed', backingCache: false },
    ];
    const rows = scopes.map((params) => {
      const { result, traces, counts } = run(model, params);
      return [result.verdict, ...counts, traces, result.reachable];
    });
    expect(rows).toEqual([
      ['violation', 345, 668, 10, { NoStaleAfterCrash: [...DIRECT_WRITE, 'Crash'], NoStaleAfterFlush: [...DIRECT_WRITE, 'flush', 'Crash'] }, REACH],
      ['violation', 119, 163, 10, { NoStaleAfterCrash: [...DIRECT_WRITE, 'Crash'], NoStaleAfterFlush: [...DIRECT_WRITE, 'flush', 'Crash'] }, REACH],
      ['violation', 307, 647, 9, { NoStaleAfterCrash: [...DIRECT_WRITE, 'Crash'] }, REACH],
      ['ok', 104, 163, 9, {}, REACH],
    ]);
  });

  it('buggy: the superblock still says clean after the direct write, and the flush makes it durable that way', () => {
    const { result } = run(model, { variant: 'buggy' });
    const v = result.violations.find((x) => x.name === 'NoStaleAfterFlush')!;
    const recovered = v.trace[v.trace.length - 1]!.state.state;
    expect(recovered.disk.backing.sectors).toEqual(['clean', 2]);
    expect([recovered.mem.attached, recovered.mem.key, recovered.ghost.durable]).toEqual([true, { ver: 1, dirty: false }, 2]);
  });

  it('fixed, volatile backing cache: the superblock write that says none is lost, the direct write lands', () => {
    const { result } = run(model, { variant: 'fixed' });
    const crash = result.violations[0]!.trace[5]!;
    expect(crash.action).toEqual({
      type: 'Crash',
      actor: 'power',
      persisted: ['backing:writeback1', 'backing:sb1-clean', 'backing:write2'],
      lost: ['backing:sb2-none'],
    });
    expect(crash.state.state.mem.attached).toBe(true);
  });

  it('fixed: the superblock says none before the writeback thread drops its reference', () => {
    const path = [{ type: 'detach' }, { type: 'writeback' }, { type: 'writeback-done' }];
    const fixed = replay(model, { variant: 'fixed' }, path);
    expect([fixed.state.mem.sb, fixed.state.mem.detachQueued, fixed.state.mem.attached]).toEqual(['none', true, true]);
    const buggy = replay(model, { variant: 'buggy' }, path);
    expect([buggy.state.mem.sb, buggy.state.mem.detachQueued]).toEqual(['clean', true]);
    expect(replay(model, { variant: 'buggy' }, [...path, { type: 'detach-finish' }]).state.mem.sb).toBe('none');
  });

  it('fixed: a flush after the direct write makes the superblock that says none durable with it', () => {
    const path = [{ type: 'detach' }, { type: 'writeback' }, { type: 'writeback-done' }, { type: 'write' }];
    const unflushed = replay(model, { variant: 'fixed' }, path);
    expect(unflushed.state.disk.backing.sectors).toEqual(['dirty', 0]);
    const flushed = replay(model, { variant: 'fixed' }, [...path, { type: 'flush' }]);
    expect([flushed.state.disk.backing.sectors, flushed.state.disk.backing.cache]).toEqual([['none', 2], []]);
  });

  it('a write while the writeback thread still holds its reference goes through the cache', () => {
    const cached = replay(model, { variant: 'buggy' }, [{ type: 'detach' }, { type: 'writeback' }, { type: 'write' }]);
    expect([cached.state.mem.key, cached.state.mem.keyUnjournaled, cached.state.ghost.direct]).toEqual([{ ver: 2, dirty: false }, true, []]);
  });

  it('no crash: both variants run to the end without deadlock', () => {
    expect(run(model, { variant: 'buggy', maxCrashes: 0 }).counts).toEqual([133, 151, 9]);
    expect(run(model, { variant: 'fixed', maxCrashes: 0 }).result.verdict).toBe('ok');
  });
});
