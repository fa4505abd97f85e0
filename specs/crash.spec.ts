/**
 * The crash library's tiny journal (models/crash/journal-commit.ts): data block, commit record and flush in the
 * right order and in two wrong ones. Each wrong order is found only through a generated crash step, so each
 * counterexample ends in `Crash`. The entries with `maxCrashes: 0` check deadlocks, which are not reported while
 * a crash is still possible.
 */
import { defineSuite } from 'interleave';

const MODEL = '../models/crash/journal-commit.ts';

export default defineSuite({
  name: 'crash',
  entries: [
    { name: 'correct', model: MODEL, params: { variant: 'correct' }, expect: { CommitImpliesData: 'holds', AckedIsDurable: 'holds' } },
    {
      name: 'correct, two crashes',
      model: MODEL,
      params: { variant: 'correct', maxCrashes: 2 },
      expect: { CommitImpliesData: 'holds', AckedIsDurable: 'holds' },
    },
    { name: 'correct, no crash', model: MODEL, params: { variant: 'correct', maxCrashes: 0 }, expect: {} },
    {
      // The commit record persists without the data: a reordered image of two completed, unflushed writes.
      name: 'commit-before-flush',
      model: MODEL,
      params: { variant: 'commit-before-flush' },
      expect: { CommitImpliesData: 'violated', AckedIsDurable: 'holds' },
      traces: { CommitImpliesData: { length: 5, actions: ['WriteData', 'DataDone', 'WriteCommit', 'Crash'] } },
    },
    { name: 'commit-before-flush, no crash', model: MODEL, params: { variant: 'commit-before-flush', maxCrashes: 0 }, expect: {} },
    {
      // The acknowledged commit record was completed but never flushed: a crash loses it.
      name: 'ack-before-flush',
      model: MODEL,
      params: { variant: 'ack-before-flush' },
      expect: { CommitImpliesData: 'holds', AckedIsDurable: 'violated' },
      traces: {
        AckedIsDurable: { length: 8, actions: ['WriteData', 'DataDone', 'Flush', 'WriteCommit', 'CommitDone', 'Ack', 'Crash'] },
      },
    },
  ],
});
