/**
 * fsync error reporting against journal reclaim (seed 002, generic/441): expected verdicts per variant, with
 * the shortest counterexamples pinned, at two fds and at fsync-err's default of ten. `FsyncDurable` is checked
 * through the generated crash step (one crash per behaviour); the entries with `maxCrashes: 0` check deadlocks,
 * which are not reported while a crash is still possible.
 */
import { defineSuite } from 'interleave';

const PREFIX = [
  'write', 'write', 'fsync-writeback', 'fsync-commit-begin', 'fsync-commit-triggers', 'fsync-flush', 'fsync-writeback', 'fsync-flush',
  'load-error-table', 'write', 'write', 'fsync-writeback', 'fsync-writeback', 'reclaim-submit', 'load-working-table',
  'reopen', 'fsync-writeback',
];
const SHUTDOWN_FIRST = [...PREFIX, 'reclaim-write-error', 'fsync-commit-begin', 'fsync-flush', 'Crash'];
const COMMIT_FIRST = [...PREFIX, 'fsync-commit-begin', 'fsync-commit-triggers', 'reclaim-write-error', 'fsync-flush'];
const MODEL = '../models/journal/fsync-error-race.ts';

const racy = {
  expect: { FsyncDurable: 'violated', FsyncDeterministic: 'violated', ErrorSeenOncePerFd: 'violated' },
  traces: {
    FsyncDurable: { length: 22, actions: SHUTDOWN_FIRST },
    FsyncDeterministic: { length: 22, actions: COMMIT_FIRST },
    ErrorSeenOncePerFd: { length: 22, actions: COMMIT_FIRST },
  },
} as const;

export default defineSuite({
  name: 'journal',
  entries: [
    { name: 'buggy', model: MODEL, params: { variant: 'buggy' }, ...racy },
    { name: 'recheck-after-lock', model: MODEL, params: { variant: 'recheck-after-lock' }, ...racy },
    {
      name: 'shutdown-fails-fsync',
      model: MODEL,
      params: { variant: 'shutdown-fails-fsync' },
      expect: { FsyncDurable: 'holds', FsyncDeterministic: 'holds', ErrorSeenOncePerFd: 'violated' },
      traces: { ErrorSeenOncePerFd: { length: 20, actions: [...PREFIX, 'reclaim-write-error', 'fsync-commit-begin'] } },
    },
    {
      name: 'retry-reclaim-writes',
      model: MODEL,
      params: { variant: 'retry-reclaim-writes' },
      expect: { FsyncDurable: 'holds', FsyncDeterministic: 'holds', ErrorSeenOncePerFd: 'holds' },
    },
    {
      name: 'buggy, 10 fds',
      model: MODEL,
      params: { variant: 'buggy', fds: 10 },
      expect: { FsyncDurable: 'violated', FsyncDeterministic: 'violated', ErrorSeenOncePerFd: 'violated' },
    },
    {
      name: 'recheck-after-lock, 10 fds',
      model: MODEL,
      params: { variant: 'recheck-after-lock', fds: 10 },
      expect: { FsyncDurable: 'violated', FsyncDeterministic: 'violated', ErrorSeenOncePerFd: 'violated' },
    },
    {
      name: 'shutdown-fails-fsync, 10 fds',
      model: MODEL,
      params: { variant: 'shutdown-fails-fsync', fds: 10 },
      expect: { ErrorSeenOncePerFd: 'violated' },
    },
    { name: 'retry-reclaim-writes, 10 fds', model: MODEL, params: { variant: 'retry-reclaim-writes', fds: 10 }, expect: {} },
    {
      name: 'buggy, no crash',
      model: MODEL,
      params: { variant: 'buggy', maxCrashes: 0 },
      expect: { FsyncDeterministic: 'violated', ErrorSeenOncePerFd: 'violated' },
      traces: { FsyncDeterministic: racy.traces.FsyncDeterministic, ErrorSeenOncePerFd: racy.traces.ErrorSeenOncePerFd },
    },
    {
      name: 'shutdown-fails-fsync, no crash',
      model: MODEL,
      params: { variant: 'shutdown-fails-fsync', maxCrashes: 0 },
      expect: { ErrorSeenOncePerFd: 'violated' },
    },
    { name: 'retry-reclaim-writes, no crash', model: MODEL, params: { variant: 'retry-reclaim-writes', maxCrashes: 0 }, expect: {} },
    { name: 'retry-reclaim-writes, 10 fds, no crash', model: MODEL, params: { variant: 'retry-reclaim-writes', fds: 10, maxCrashes: 0 }, expect: {} },
  ],
});
