/**
 * The key-cache flush coherency model (seed 000). With faults off every variant keeps the coherency rule; with
 * node-pointer faults the rule breaks in every variant (`DirtyImpliesLive` violated), and the variants differ in
 * what follows. Entries marked "large" are the larger scope.
 */
import { defineSuite, type SuiteEntry } from 'interleave';

const MODEL = '../models/keycache/flush-coherency.ts';

/** The seed's sequence: replay, check_allocations and read-write, a bad node header, the flush. */
const FLUSH_MEETS_BAD_NODE = ['journal_replay_key', 'check_allocations', 'node_header_mismatch', 'key_cache_flush'];

const faulty: Record<string, Pick<SuiteEntry, 'expect' | 'traces'>> = {
  buggy: {
    expect: { DirtyImpliesLive: 'violated', NoPanic: 'violated', IncoherentFlushGoesReadOnly: 'violated', NoFlushAfterTopologyError: 'violated' },
    traces: {
      DirtyImpliesLive: { length: 3, actions: ['journal_replay_key', 'node_header_mismatch'] },
      NoPanic: { length: 5, actions: FLUSH_MEETS_BAD_NODE },
      IncoherentFlushGoesReadOnly: { length: 5, actions: FLUSH_MEETS_BAD_NODE },
      NoFlushAfterTopologyError: { length: 5, actions: ['journal_replay_key', 'node_header_mismatch', 'check_allocations', 'key_cache_flush'] },
    },
  },
  'error-return': {
    expect: { DirtyImpliesLive: 'violated', NoFlushAfterTopologyError: 'violated' },
    traces: {
      DirtyImpliesLive: { length: 3, actions: ['journal_replay_key', 'node_header_mismatch'] },
      NoFlushAfterTopologyError: { length: 5, actions: ['journal_replay_key', 'node_header_mismatch', 'check_allocations', 'key_cache_flush'] },
    },
  },
  'topology-stops-ops': {
    expect: { DirtyImpliesLive: 'violated' },
    traces: { DirtyImpliesLive: { length: 3, actions: ['journal_replay_key', 'node_header_mismatch'] } },
  },
};

const scopes = [
  { label: '', params: {} },
  { label: ' large 3 positions', params: { positions: 3, nodes: 2 } },
];

const entries: SuiteEntry[] = scopes.flatMap(({ label, params }) =>
  Object.entries(faulty).flatMap(([variant, withFaults]): SuiteEntry[] => [
    { name: `flush-coherency ${variant}${label}`, model: MODEL, params: { variant, faults: false, ...params }, expect: {} },
    { name: `flush-coherency ${variant} faults${label}`, model: MODEL, params: { variant, faults: true, ...params }, ...withFaults },
  ]),
);

export default defineSuite({
  name: 'keycache',
  entries: [
    ...entries,
    // Normal operation at four positions: the BUG_ON's coherency rule still holds.
    { name: 'flush-coherency buggy large 4 positions', model: MODEL, params: { variant: 'buggy', faults: false, positions: 4, nodes: 2 }, expect: {} },
  ],
});
