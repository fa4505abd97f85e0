/**
 * bcachefs journal replicas gc (d14bfd10): device evacuate, remove and add with unclean shutdowns (the generated
 * crash step). `buggy` writes a superblock that marks no device for journal data when gc finds the journal
 * empty, and the mount after a crash fails; `fixed` writes a journal entry first. Deadlocks are checked in the
 * entries without crashes.
 */
import { defineSuite } from 'interleave';

const MODEL = '../models/journal/replicas-gc.ts';
const reach = { ProgramDone: 'holds', GcOnEmptyJournal: 'holds' } as const;
const EMPTY_GC = { length: 7, actions: ['evacuate', 'flush-pins', 'gc-start', 'gc-mark', 'gc-end', 'Crash'] };

export default defineSuite({
  name: 'journal-replicas',
  entries: [
    { name: 'buggy', model: MODEL, params: { variant: 'buggy' }, expect: { MountableAfterCrash: 'violated', ...reach }, traces: { MountableAfterCrash: EMPTY_GC } },
    { name: 'fixed', model: MODEL, params: { variant: 'fixed' }, expect: { MountableAfterCrash: 'holds', ...reach } },
    {
      name: 'buggy, 2 rounds',
      model: MODEL,
      params: { variant: 'buggy', rounds: 2 },
      expect: { MountableAfterCrash: 'violated', ...reach },
      traces: { MountableAfterCrash: EMPTY_GC },
    },
    { name: 'fixed, 2 rounds', model: MODEL, params: { variant: 'fixed', rounds: 2 }, expect: { MountableAfterCrash: 'holds', ...reach } },
    { name: 'buggy, no crash', model: MODEL, params: { variant: 'buggy', maxCrashes: 0 }, expect: reach },
    { name: 'fixed, no crash', model: MODEL, params: { variant: 'fixed', maxCrashes: 0 }, expect: reach },
  ],
});
