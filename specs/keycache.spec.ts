/**
 * Seed 000 (koverstreet/bcachefs #1107). replay-coherency: the mechanism upstream fixed in 68377eb3a7f5, with no
 * fault: before the fix an inodes key (replayed straight into the btree) reaches the flush BUG_ON; alloc keys
 * (replayed through the key cache) do not, but are cached stale. flush-coherency: the seed's own hypothesis, a
 * node-pointer fault (upstream attributed the corrupt nodes to memory corruption).
 *
 * The key-cache flush coherency model. With faults off every variant keeps the coherency rule; with
 * node-pointer faults the rule breaks in every variant (`DirtyImpliesLive` violated), and the variants differ in
 * what follows. Entries marked "large" are the larger scope.
 */
import { defineSuite, type SuiteEntry } from 'interleave';

const MODEL = '../models/keycache/flush-coherency.ts';
const REPLAY = '../models/keycache/replay-coherency.ts';

/** A task fills the entry from the live btree key; replay writes the journal's deletion under it; the task's update dirties it. */
const STALE_FILL_THEN_UPDATE = ['trans_traverse', 'journal_replay_key', 'trans_update'];
/** The fill alone caches the live btree key over the journal's unreplayed deletion. */
const STALE_FILL = { length: 2, actions: ['trans_traverse'] };

const replay: SuiteEntry[] = [
  {
    name: 'replay-coherency before-fix inodes',
    model: REPLAY,
    params: { variant: 'before-fix', btree: 'inodes' },
    expect: { DirtyImpliesLive: 'violated', NoPanic: 'violated', CleanEntryIsCurrent: 'violated' },
    traces: {
      DirtyImpliesLive: { length: 4, actions: STALE_FILL_THEN_UPDATE },
      NoPanic: { length: 5, actions: [...STALE_FILL_THEN_UPDATE, 'key_cache_flush'] },
      CleanEntryIsCurrent: STALE_FILL,
    },
  },
  { name: 'replay-coherency after-fix inodes', model: REPLAY, params: { variant: 'after-fix', btree: 'inodes' }, expect: {} },
  {
    name: 'replay-coherency before-fix alloc',
    model: REPLAY,
    params: { variant: 'before-fix', btree: 'alloc' },
    expect: { CleanEntryIsCurrent: 'violated' },
    traces: { CleanEntryIsCurrent: STALE_FILL },
  },
  { name: 'replay-coherency after-fix alloc', model: REPLAY, params: { variant: 'after-fix', btree: 'alloc' }, expect: {} },
  { name: 'replay-coherency after-fix inodes large 3 positions', model: REPLAY, params: { variant: 'after-fix', btree: 'inodes', positions: 3 }, expect: {} },
  {
    name: 'replay-coherency before-fix alloc large 3 positions',
    model: REPLAY,
    params: { variant: 'before-fix', btree: 'alloc', positions: 3 },
    expect: { CleanEntryIsCurrent: 'violated' },
    traces: { CleanEntryIsCurrent: STALE_FILL },
  },
];

/** The seed's sequence: replay, check_allocations and read-write, a bad node header, the flush. */
const FLUSH_MEETS_BAD_NODE = ['journal_replay_key', 'check_allocations', 'node_header_mismatch', 'key_cache_flush'];

/** btree_bad_header() reports only once check_allocations has completed: a lookup through the bad node then. */
const FLUSH_AFTER_TOPOLOGY_ERROR = ['journal_replay_key', 'check_allocations', 'node_header_mismatch', 'key_cache_fill', 'key_cache_flush'];

const faulty: Record<string, Pick<SuiteEntry, 'expect' | 'traces'>> = {
  buggy: {
    expect: { DirtyImpliesLive: 'violated', NoPanic: 'violated', IncoherentFlushGoesReadOnly: 'violated', NoFlushAfterTopologyError: 'violated' },
    traces: {
      DirtyImpliesLive: { length: 3, actions: ['journal_replay_key', 'node_header_mismatch'] },
      NoPanic: { length: 5, actions: FLUSH_MEETS_BAD_NODE },
      IncoherentFlushGoesReadOnly: { length: 5, actions: FLUSH_MEETS_BAD_NODE },
      NoFlushAfterTopologyError: { length: 6, actions: FLUSH_AFTER_TOPOLOGY_ERROR },
    },
  },
  'error-return': {
    expect: { DirtyImpliesLive: 'violated', NoFlushAfterTopologyError: 'violated' },
    traces: {
      DirtyImpliesLive: { length: 3, actions: ['journal_replay_key', 'node_header_mismatch'] },
      NoFlushAfterTopologyError: { length: 6, actions: FLUSH_AFTER_TOPOLOGY_ERROR },
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
    ...replay,
    ...entries,
    // Normal operation at four positions: the BUG_ON's coherency rule still holds.
    { name: 'flush-coherency buggy large 4 positions', model: MODEL, params: { variant: 'buggy', faults: false, positions: 4, nodes: 2 }, expect: {} },
  ],
});
