/**
 * bcachefs journal replicas gc running while the journal is empty: the superblock is written with no device
 * marked for journal data, and after an unclean shutdown the file system does not mount.
 *
 * Upstream: commit d14bfd1010c4ce8bede5bd98d0b332e3b34b8bd5 (Brian Foster, "bcachefs: mark active journal
 * devices on journal replicas gc", 2023-06-30, merged for 6.7; parent a02a0121b3de). Its message: "A simple device
 * evacuate, remove, add test loop with concurrent shutdowns occasionally reproduces a problem where the
 * filesystem fails to mount ... no member device is marked for journal data in the superblock ... the gc
 * mechanism invoked via bch2_journal_flush_device_pins() runs while the journal happens to be empty. This
 * results in garbage collection of all journal replicas entries ... To fix this problem, update the journal
 * replicas gc algorithm to always mark currently active journal replicas entries by writing to the journal."
 * Links: https://git.kernel.dk/?a=commit&h=d14bfd1010c4ce8bede5bd98d0b332e3b34b8bd5&p=linux-block.git,
 * https://lab.nexedi.com/kirr/linux/-/commit/d14bfd1010c4ce8bede5bd98d0b332e3b34b8bd5. The stored copies gave the
 * message but not the diff: the fix is modelled from the message (a journal write right after gc start), read
 * against the code of its parent below.
 *
 * Code followed (fs/bcachefs/ of that time; torvalds/linux 637de729fc86 for the code before the fix):
 * - `bch2_journal_flush_device_pins(j, dev_idx)`, called by device remove and by evacuate (migrate), flushes every
 *   journal pin up to the last entry written to the device, then `bch2_replicas_gc_start(c, 1 <<
 *   BCH_DATA_journal)` (keeps every replicas entry except journal ones), marks the device list of each entry from
 *   `journal_last_seq(j)` to `j->pin.back` (`bch2_mark_replicas()`), and `bch2_replicas_gc_end()` makes the gc
 *   table the replicas table and writes the superblock (`bch2_write_super()`). With no entry left, nothing is
 *   marked. The fix writes a journal entry (`bch2_journal_meta()`) right after gc_start.
 * - A journal write marks its device list before it is submitted ("mark journal replicas before journal write
 *   submission", a7b29b8d9a17); `bch2_mark_replicas()` adds the entry to `c->replicas_gc` too while a gc runs, and
 *   writes the superblock when the entry is new to `c->replicas`. Journal writes carry REQ_PREFLUSH | REQ_FUA.
 * - `write_one_super()` issues REQ_OP_WRITE | REQ_SYNC | REQ_META (no FUA at that version); `bch2_write_super()`
 *   waits for completion.
 * - `bch2_journal_read()` reads only member devices with journal data marked (`bch2_dev_has_data(c, ca) &
 *   (1 << BCH_DATA_journal)`, unless fsck); with no entry found on a file system not marked clean, recovery fails
 *   ("no journal entries found") and only fsck restores the mark.
 *
 * State: two devices, each a crash-library device holding its superblock (sequence number, members, journal
 * replicas entries such as `0+1`) and the newest journal entry written to it; `mem` the replicas table, the gc
 * table while gc runs, the journal (entries not yet reclaimed, by device list, and whether an open entry holds
 * updates), the devices' state, and the admin's program: evacuate device 1, remove it, add it back, `rounds`
 * times. Initially both devices are members and the journal has one entry on both, marked `0+1`.
 *
 * Actions: the admin's steps (`evacuate` sets the device read-only; `flush-pins`, `gc-start`, `gc-mark`,
 * `gc-end` are bch2_journal_flush_device_pins(); `remove` drops the member and writes the superblock; `add`
 * adds it back read-write), the file system's `update` (up to `updates`, opening a journal entry),
 * `journal-write` and `reclaim` (btree writes flush the oldest entry's pins), and the crash library's generated
 * `Crash`, whose recovery is a mount after an unclean shutdown.
 *
 * Abstracted: two devices, device 1 the one cycled; metadata_replicas equal to the number of read-write devices
 * (a journal write goes to all of them); the data moves of evacuate and remove (they add no journal entry by
 * themselves here; updates model the journal activity); clean unmount (every shutdown here is unclean, as in the
 * reproducer's concurrent shutdowns); superblock writes completed in the step that issues them.
 *
 * Property: `MountableAfterCrash` (on every recovered state): the newest superblock marks, for journal data, a
 * member device on which a journal entry is found.
 *
 * Variants (`variant`, with `paramValues`): `buggy` (a02a0121), `fixed` (d14bfd10).
 */
import { defineModel, deviceFromImage, withCrashes, write, type Device } from 'interleave';

type Variant = 'buggy' | 'fixed';
type Op = 'evacuate' | 'remove' | 'add';
type Step = 'start' | 'flush-pins' | 'gc-start' | 'gc-mark' | 'gc-end';

/** A superblock (a type alias, so that it is a `Value`): sequence, members and journal replicas entries. */
type Sb = { readonly seq: number; readonly members: readonly number[]; readonly journal: readonly string[] };

interface State {
  readonly disk: readonly Device[];
  readonly mem: {
    readonly members: readonly number[];
    readonly rw: readonly number[];
    readonly replicas: readonly string[];
    readonly gc: readonly string[] | null;
    readonly sbSeq: number;
    readonly journal: { readonly seq: number; readonly live: readonly string[]; readonly open: boolean };
    readonly updatesLeft: number;
    /** The admin's position: index of the current op in the program, and the step within it. */
    readonly pc: number;
    readonly step: Step;
  };
  /** What the mount after a crash found; null before any crash. */
  readonly mounted: null | { readonly mountable: boolean };
}

type Action =
  | { readonly type: Op | Exclude<Step, 'start'>; readonly actor: 'admin' }
  | { readonly type: 'update' | 'journal-write' | 'reclaim'; readonly actor: 'fs' };

interface Params {
  variant: string;
  updates: number;
  rounds: number;
}

const VARIANTS: readonly Variant[] = ['buggy', 'fixed'];
const DEV = 1;
const SB = 0;
const JOURNAL = 1;
const ROUND: readonly Op[] = ['evacuate', 'remove', 'add'];

const key = (devs: readonly number[]): string => [...devs].sort().join('+');
const has = (entries: readonly string[], dev: number): boolean => entries.some((e) => e.split('+').includes(String(dev)));
const addEntry = (entries: readonly string[], e: string): string[] => (entries.includes(e) ? [...entries] : [...entries, e].sort());
const opAt = (p: Params, pc: number): Op | undefined => (pc < ROUND.length * p.rounds ? ROUND[pc % ROUND.length] : undefined);

/** `bch2_write_super()`: the superblock to every member, REQ_SYNC | REQ_META, waited for. */
function writeSuper(s: State): State {
  const seq = s.mem.sbSeq + 1;
  const sb: Sb = { seq, members: s.mem.members, journal: s.mem.replicas };
  const disk = s.disk.map((d, i) => (s.mem.members.includes(i) ? write(d, { id: `sb${seq}`, sector: SB, data: [sb] }) : d));
  return { ...s, disk, mem: { ...s.mem, sbSeq: seq } };
}

/** `bch2_mark_replicas()`: into the gc table while gc runs; a new entry of the table is written to the superblock. */
function mark(s: State, e: string): State {
  const gc = s.mem.gc === null ? null : addEntry(s.mem.gc, e);
  const isNew = !s.mem.replicas.includes(e);
  const marked: State = { ...s, mem: { ...s.mem, gc, replicas: addEntry(s.mem.replicas, e) } };
  return isNew ? writeSuper(marked) : marked;
}

/** A journal write: mark its device list, then write the entry to every read-write device with PREFLUSH | FUA. */
function journalWrite(s: State): State {
  const devs = s.mem.rw;
  const e = key(devs);
  const marked = mark(s, e);
  const seq = marked.mem.journal.seq + 1;
  const disk = marked.disk.map((d, i) => (devs.includes(i) ? write(d, { id: `j${seq}`, sector: JOURNAL, data: [seq], preflush: true, fua: true }) : d));
  return { ...marked, disk, mem: { ...marked.mem, journal: { seq, live: [...marked.mem.journal.live, e], open: false } } };
}

const advance = (s: State, step: Step, done = false): State => ({ ...s, mem: { ...s.mem, step: done ? 'start' : step, pc: done ? s.mem.pc + 1 : s.mem.pc } });

function adminStep(s: State, a: Action, p: Params): State | undefined {
  const m = s.mem;
  const op = opAt(p, m.pc);
  if (op === undefined) return undefined;
  if (a.type === 'add') {
    if (op !== 'add') return undefined;
    const added = { ...s, mem: { ...m, members: [...m.members, DEV].sort(), rw: [...m.rw, DEV].sort() } };
    return advance(writeSuper(added), 'start', true);
  }
  if (op === 'add') return undefined;
  const want: Record<Step, Action['type']> = { start: op, 'flush-pins': 'flush-pins', 'gc-start': 'gc-start', 'gc-mark': 'gc-mark', 'gc-end': 'gc-end' };
  if (want[m.step] !== a.type) return undefined;
  switch (m.step) {
    case 'start':
      // Evacuate sets the device read-only; remove finds it so. The journal stops writing to it.
      return advance({ ...s, mem: { ...m, rw: m.rw.filter((d) => d !== DEV) } }, 'flush-pins');
    case 'flush-pins': {
      // bch2_journal_flush_pins(j, seq of the last entry on the device): entries up to it are reclaimed.
      const last = m.journal.live.reduce((acc, e, i) => (e.split('+').includes(String(DEV)) ? i : acc), -1);
      return advance({ ...s, mem: { ...m, journal: { ...m.journal, live: m.journal.live.slice(last + 1) } } }, 'gc-start');
    }
    case 'gc-start': {
      const started: State = { ...s, mem: { ...m, gc: m.replicas.filter(() => false) } };
      // d14bfd10: write to the journal now, so that the active journal devices are marked into the gc table.
      return advance((p.variant as Variant) === 'fixed' ? journalWrite(started) : started, 'gc-mark');
    }
    case 'gc-mark':
      return advance(m.journal.live.reduce<State>((acc, e) => mark(acc, e), s), 'gc-end');
    case 'gc-end': {
      const ended = writeSuper({ ...s, mem: { ...m, replicas: m.gc ?? m.replicas, gc: null } });
      if (op !== 'remove') return advance(ended, 'start', true);
      const removed = { ...ended, mem: { ...ended.mem, members: ended.mem.members.filter((d) => d !== DEV) } };
      return advance(writeSuper(removed), 'start', true);
    }
  }
}

function next(s: State, a: Action, p: Params): State | undefined {
  if (s.mounted !== null) return undefined;
  const m = s.mem;
  switch (a.type) {
    case 'update':
      return m.updatesLeft > 0 ? { ...s, mem: { ...m, updatesLeft: m.updatesLeft - 1, journal: { ...m.journal, open: true } } } : undefined;
    case 'journal-write':
      return m.journal.open ? journalWrite(s) : undefined;
    case 'reclaim':
      return m.journal.live.length > 0 ? { ...s, mem: { ...m, journal: { ...m.journal, live: m.journal.live.slice(1) } } } : undefined;
    default:
      return adminStep(s, a, p);
  }
}

const INITIAL_SB: Sb = { seq: 1, members: [0, 1], journal: ['0+1'] };

const replicasGc = defineModel<State, Action, Params>({
  name: 'journal/replicas-gc',
  params: { variant: 'buggy', updates: 1, rounds: 1 },
  init: (p) => [
    {
      disk: [deviceFromImage([INITIAL_SB, 1]), deviceFromImage([INITIAL_SB, 1])],
      mem: {
        members: [0, 1],
        rw: [0, 1],
        replicas: ['0+1'],
        gc: null,
        sbSeq: 1,
        journal: { seq: 1, live: ['0+1'], open: false },
        updatesLeft: p.updates,
        pc: 0,
        step: 'start',
      },
      mounted: null,
    },
  ],
  actions: () => [
    ...(['evacuate', 'remove', 'add', 'flush-pins', 'gc-start', 'gc-mark', 'gc-end'] as const).map((type): Action => ({ type, actor: 'admin' })),
    ...(['update', 'journal-write', 'reclaim'] as const).map((type): Action => ({ type, actor: 'fs' })),
  ],
  next,
  invariants: {},
  reachable: {
    /** The admin's program runs to its end. */
    ProgramDone: (s, p) => s.mounted === null && opAt(p, s.mem.pc) === undefined,
    /** Journal replicas gc finds the journal empty in some run. */
    GcOnEmptyJournal: (s) => s.mem.step === 'gc-mark' && s.mem.journal.live.length === 0,
  },
  terminal: (s, p) => s.mounted !== null || opAt(p, s.mem.pc) === undefined,
});

/** A mount after an unclean shutdown: newest superblock, then the journal of the devices it marks. */
function mount(images: readonly (readonly unknown[])[]): boolean {
  const sbs = images.map((img) => img[SB] as Sb);
  const newest = sbs.reduce((a, b) => (b.seq > a.seq ? b : a));
  return newest.members.some((d) => has(newest.journal, d) && images[d]?.[JOURNAL] !== null);
}

const crashing = withCrashes(replicasGc, {
  devices: (s) => Object.fromEntries(s.disk.map((d, i) => [`dev${i}`, d])),
  recover(images, before): State {
    const imgs = before.disk.map((_, i) => images[`dev${i}`] ?? []);
    return { ...before, disk: imgs.map((img) => deviceFromImage(img)), mounted: { mountable: mount(imgs) } };
  },
  afterCrash: {
    /** The file system mounts after the unclean shutdown (journal found on a device marked for journal data). */
    MountableAfterCrash: (s) => s.mounted?.mountable === true,
  },
});

export default defineModel({ ...crashing, paramValues: { variant: VARIANTS } });
