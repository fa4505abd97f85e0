/**
 * fsync error reporting against journal reclaim (seed 002, generic/441): expected verdicts per variant, with
 * the shortest counterexamples pinned, at two fds and at fsync-err's default of ten. `FsyncDurable` is checked
 * through the generated crash step (one crash per behaviour); the entries with `maxCrashes: 0` check deadlocks,
 * which are not reported while a crash is still possible.
 */
import { defineSuite, type SuiteEntry } from 'interleave';

const MODEL = '../models/journal/fsync-error-race.ts';

/** Phase one: both writes leave the times as they are, each fsync writes back and flushes. */
const PHASE_ONE = ['write', 'write', 'fsync-writeback', 'fsync-flush', 'fsync-writeback', 'fsync-flush', 'load-error-table'];
/** Phase two dirties the times; the flusher commits them; the failed writeback still flushes the journal (buggy). */
const BUGGY_SHUTDOWN = [
  ...PHASE_ONE,
  'write', 'write', 'flusher-write-inode', 'fsync-writeback', 'fsync-flush', 'fsync-writeback', 'fsync-flush',
  'load-working-table', 'reopen',
];
/** With the early return, only reclaim's write into the error table shuts the file system down before the reopen. */
const RECLAIM_SHUTDOWN = [
  ...PHASE_ONE,
  'write', 'write', 'fsync-writeback', 'fsync-writeback', 'reclaim-submit', 'load-working-table', 'reclaim-write-error', 'reopen',
];
/** The reopened fd's fsync commits the times left dirty; the shutdown lands between the commit and the flush. */
const COMMIT_FIRST = [
  ...PHASE_ONE,
  'write', 'write', 'fsync-writeback', 'fsync-writeback', 'reclaim-submit', 'load-working-table', 'reopen',
  'fsync-writeback', 'fsync-commit-begin', 'fsync-commit-triggers', 'reclaim-write-error', 'fsync-flush',
];

/** The pinned shortest counterexamples per variant (they are the same at every scope that keeps them shortest). */
const TRACES: Record<string, SuiteEntry['traces']> = {
  buggy: { ErrorSeenOncePerFd: { length: 17, actions: BUGGY_SHUTDOWN } },
  'recheck-after-lock': { ErrorSeenOncePerFd: { length: 17, actions: BUGGY_SHUTDOWN } },
  'early-return': { ErrorSeenOncePerFd: { length: 16, actions: RECLAIM_SHUTDOWN }, FsyncDeterministic: { length: 20, actions: COMMIT_FIRST } },
  'shutdown-fails-fsync': { ErrorSeenOncePerFd: { length: 16, actions: RECLAIM_SHUTDOWN } },
};

const SCOPES: { label: string; params: Record<string, number>; pin: boolean }[] = [
  { label: '', params: {}, pin: true },
  { label: ', 10 fds', params: { fds: 10 }, pin: false },
  { label: ', no crash', params: { maxCrashes: 0 }, pin: true },
];

export default defineSuite({
  name: 'journal',
  entries: SCOPES.flatMap(({ label, params, pin }) =>
    ['buggy', 'recheck-after-lock', 'early-return', 'shutdown-fails-fsync'].map(
      (variant): SuiteEntry => ({
        name: `${variant}${label}`,
        model: MODEL,
        params: { variant, ...params },
        expect:
          variant === 'early-return' ? { ErrorSeenOncePerFd: 'violated', FsyncDeterministic: 'violated' } : { ErrorSeenOncePerFd: 'violated' },
        ...(pin ? { traces: TRACES[variant] } : {}),
      }),
    ),
  ),
});
