/**
 * A one-transaction journal commit on a device with a write-back cache: write the data block, then the commit
 * record, and acknowledge the transaction. Recovery replays the transaction if it finds the commit record.
 *
 * Device: sector 0 holds the data block, sector 1 the commit record.
 * Variants (`variant` param):
 * - `correct`: data, flush, commit record with FUA, acknowledge. Both properties hold.
 * - `commit-before-flush`: data and commit record both written, then a flush, then acknowledge. While both
 *   sit in the cache a crash may persist the commit record without the data: only a reordered image shows it.
 * - `ack-before-flush`: the correct order, but the commit record is written without FUA and acknowledged on
 *   completion. A crash may lose it: the acknowledged transaction is gone after recovery.
 * Properties (checked on every recovered state):
 * - `CommitImpliesData`: a recovered commit record never points at data that did not persist;
 * - `AckedIsDurable`: a transaction acknowledged before the crash is committed after recovery.
 */

import { complete, createDevice, defineModel, flush, submit, withCrashes, type Device } from 'interleave';

type Pc = 'idle' | 'data-submitted' | 'data-done' | 'flushed' | 'commit-submitted' | 'commit-done' | 'acked' | 'recovered';

interface State {
  readonly disk: Device;
  readonly pc: Pc;
  /** Ghost: the transaction was acknowledged to the caller. Survives a crash (it records a promise, not memory). */
  readonly acked: boolean;
  /** What recovery found: null before any crash. */
  readonly recovered: { readonly committed: boolean; readonly data: string | null } | null;
}

type Step = 'WriteData' | 'DataDone' | 'Flush' | 'WriteCommit' | 'CommitDone' | 'Ack';
interface JournalAction {
  readonly type: Step;
  readonly actor: 'journal';
}

type Variant = 'correct' | 'commit-before-flush' | 'ack-before-flush';
type Params = { variant: string };

const DATA = 0;
const COMMIT = 1;

/** The order of steps each variant takes, from each program counter. */
const PROGRAM: Record<Variant, Partial<Record<Pc, readonly [Step, Pc]>>> = {
  correct: {
    idle: ['WriteData', 'data-submitted'],
    'data-submitted': ['DataDone', 'data-done'],
    'data-done': ['Flush', 'flushed'],
    flushed: ['WriteCommit', 'commit-submitted'],
    'commit-submitted': ['CommitDone', 'commit-done'],
    'commit-done': ['Ack', 'acked'],
  },
  'commit-before-flush': {
    idle: ['WriteData', 'data-submitted'],
    'data-submitted': ['DataDone', 'data-done'],
    'data-done': ['WriteCommit', 'commit-submitted'],
    'commit-submitted': ['CommitDone', 'commit-done'],
    'commit-done': ['Flush', 'flushed'],
    flushed: ['Ack', 'acked'],
  },
  'ack-before-flush': {
    idle: ['WriteData', 'data-submitted'],
    'data-submitted': ['DataDone', 'data-done'],
    'data-done': ['Flush', 'flushed'],
    flushed: ['WriteCommit', 'commit-submitted'],
    'commit-submitted': ['CommitDone', 'commit-done'],
    'commit-done': ['Ack', 'acked'],
  },
};

function variantOf(params: Params): Variant {
  const v = params.variant;
  if (v === 'correct' || v === 'commit-before-flush' || v === 'ack-before-flush') return v;
  throw new Error(`Unknown variant ${v}`);
}

function perform(step: Step, disk: Device, variant: Variant): Device {
  switch (step) {
    case 'WriteData':
      return submit(disk, { id: 'data', sector: DATA, data: ['D1'] });
    case 'DataDone':
      return complete(disk, 'data');
    case 'Flush':
      return flush(disk);
    case 'WriteCommit':
      return submit(disk, { id: 'commit', sector: COMMIT, data: ['T1'], fua: variant === 'correct' });
    case 'CommitDone':
      return complete(disk, 'commit');
    case 'Ack':
      return disk;
  }
}

const journal = defineModel<State, JournalAction, Params>({
  name: 'journal-commit',
  params: { variant: 'correct' },
  init: () => [{ disk: createDevice(2), pc: 'idle', acked: false, recovered: null }],
  actions(state, params) {
    const step = PROGRAM[variantOf(params)][state.pc];
    return step ? [{ type: step[0], actor: 'journal' }] : [];
  },
  next(state, action, params) {
    const variant = variantOf(params);
    const step = PROGRAM[variant][state.pc];
    if (!step || step[0] !== action.type) return undefined;
    return { ...state, disk: perform(action.type, state.disk, variant), pc: step[1], acked: state.acked || action.type === 'Ack' };
  },
  invariants: {},
  terminal: (state) => state.pc === 'acked' || state.pc === 'recovered',
});

export default withCrashes(journal, {
  devices: (state) => ({ disk: state.disk }),
  recover(images, before): State {
    const image = images.disk ?? [];
    const committed = image[COMMIT] === 'T1';
    const data = image[DATA];
    return {
      disk: { sectors: image, cache: [] },
      pc: 'recovered',
      acked: before.acked,
      recovered: { committed, data: typeof data === 'string' ? data : null },
    };
  },
  afterCrash: {
    CommitImpliesData: (s) => s.recovered === null || !s.recovered.committed || s.recovered.data === 'D1',
    AckedIsDurable: (s) => !s.acked || (s.recovered !== null && s.recovered.committed),
  },
});
