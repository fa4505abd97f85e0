/**
 * The key-cache flush BUG_ON under a node-pointer fault: the seed's hypothesis (seed 000), kept as a fault model;
 * upstream's cause is in replay-coherency.test.ts. With faults off the coherency rule holds in every variant: at this scope
 * the BUG_ON cannot fire in normal operation. With a node-pointer fault the buggy variant panics by the seed's
 * sequence (journal replay leaves a dirty alloc key; check_allocations, read-write; the node header stops
 * matching; the journal-pin flush of that key). The seed's flush came from recovery's bch2_journal_flush_pins();
 * the shortest trace flushes from journal reclaim instead, which runs the same btree_key_cache_flush_pos() and
 * saves recovery's `journal_flush_pins` step.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/keycache/flush-coherency';

const SEED = ['journal_replay_key', 'check_allocations', 'node_header_mismatch', 'key_cache_flush'];
const types = (trace: readonly { action: { type: string } | null }[] | undefined): (string | undefined)[] | undefined =>
  trace?.slice(1).map((s) => s.action?.type);

describe('keycache/flush-coherency', () => {
  it.each(['buggy', 'error-return', 'topology-stops-ops'])('%s without faults: the coherency rule holds and recovery completes', (variant) => {
    const result = check(model, { params: { variant } });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.depth]).toEqual([123, 7]);
    expect(result.reachable).toEqual({ RecoveryCompletes: true, RecoveryFlushesPins: true });
  });

  it('buggy without faults at 3 and 4 positions still never reaches the BUG_ON', () => {
    expect(check(model, { params: { positions: 3 } }).distinctStates).toBe(705);
    const four = check(model, { params: { positions: 4 } });
    expect([four.verdict, four.distinctStates]).toEqual(['ok', 4173]);
  });

  it('buggy with faults: the seed sequence ends in the BUG_ON', () => {
    const result = check(model, { params: { faults: true }, continue: true });
    expect(result.distinctStates).toBe(519);
    expect(result.violations.map((v) => [v.name, v.trace.length])).toEqual([
      ['DirtyImpliesLive', 3],
      ['IncoherentFlushGoesReadOnly', 5],
      ['NoPanic', 5],
      ['NoFlushAfterTopologyError', 6],
    ]);
    const panic = result.violations.find((v) => v.name === 'NoPanic');
    expect(types(panic?.trace)).toEqual(SEED);
    const states = panic?.trace.map((s) => s.state);
    expect(states?.[0]?.journal).toEqual(['set', 'none']);
    expect(states?.[1]?.cache[0]).toEqual({ key: 'live', dirty: true });
    expect(states?.[4]?.error).toBe('panic');
    // The btree itself still holds the live key: the flush read the wrong node.
    expect(states?.[4]?.btree).toEqual(['live', 'live']);
  });

  it('error-return with faults: no panic; the same sequence ends in emergency read-only', () => {
    const result = check(model, { params: { variant: 'error-return', faults: true }, continue: true });
    expect(result.distinctStates).toBe(519);
    expect(result.violations.map((v) => v.name)).toEqual(['DirtyImpliesLive', 'NoFlushAfterTopologyError']);
    // The fs goes on flushing other nodes' keys after the topology error was logged; btree_bad_header() logs it
    // only once check_allocations has completed, so a lookup after it (here a fill) is what reports it.
    const flushed = result.violations.find((v) => v.name === 'NoFlushAfterTopologyError');
    expect(types(flushed?.trace)).toEqual(['journal_replay_key', 'check_allocations', 'node_header_mismatch', 'key_cache_fill', 'key_cache_flush']);
    const readOnly = check(defineModel({ ...model, invariants: { NotReadOnly: (s) => s.error !== 'emergency-ro' } }), {
      params: { variant: 'error-return', faults: true },
    });
    expect(types(readOnly.violations[0]?.trace)).toEqual(SEED);
  });

  it('topology-stops-ops with faults: no panic, no flush after the topology error', () => {
    const result = check(model, { params: { variant: 'topology-stops-ops', faults: true }, continue: true });
    expect(result.distinctStates).toBe(639);
    expect(result.violations.map((v) => v.name)).toEqual(['DirtyImpliesLive']);
    const readOnly = check(defineModel({ ...model, invariants: { NotReadOnly: (s) => s.error !== 'emergency-ro' } }), {
      params: { variant: 'topology-stops-ops', faults: true },
    });
    // A bad node read during replay reports nothing (btree_bad_header() returns early before check_allocations
    // has completed): the shortest way to read-only is the flush meeting the bad node, as in the seed.
    expect(types(readOnly.violations[0]?.trace)).toEqual(SEED);
  });

  it('the topology error is first reported by a lookup after check_allocations has completed', () => {
    const seen = check(defineModel({ ...model, invariants: { NoTopologyError: (s) => s.error === 'none' } }), {
      params: { faults: true },
    });
    const trace = seen.violations[0]?.trace;
    expect(types(trace)).toEqual(['check_allocations', 'node_header_mismatch', 'key_cache_fill']);
    expect(trace?.map((s) => s.state.phase)).toEqual(['check-allocations', 'read-write', 'read-write', 'read-write']);
  });

  it('with one node holding every key, error-return flushes nothing after the topology error either', () => {
    const result = check(model, { params: { variant: 'error-return', faults: true, nodes: 1 }, continue: true });
    expect(result.distinctStates).toBe(378);
    expect(result.violations.map((v) => v.name)).toEqual(['DirtyImpliesLive']);
  });
});
