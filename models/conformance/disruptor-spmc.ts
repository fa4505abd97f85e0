/**
 * Disruptor_SPMC, a single-producer multi-consumer ring buffer (tlaplus/Examples, specifications/Disruptor/
 * Disruptor_SPMC.tla with RingBuffer.tla), checked as in Disruptor_SPMC.cfg: MaxPublished = 10, Writers = {w},
 * Readers = {r1, r2, r3}, Size = 4; invariants TypeOk and NoDataRaces; CONSTRAINT StateConstraint (published <
 * MaxPublished); property Liveliness under WF_vars(BeginRead(r)) and WF_vars(EndRead(r)) for every reader.
 *
 * The ring buffer's `readers[i]` and `writers[i]` are Sets of thread names, updated by value (`\union {r}`,
 * `\ {r}`); `consumed[r]` is the sequence of values reader r read. Every action is deterministic: one action per
 * binding of `\E w` / `\E r`. Liveliness, `\A r, i: <>[](i \in 0..published => consumed[r][i + 1] = i)`, is one
 * eventually-always property per reader and value, named `Liveliness[r,i]`.
 */
import { defineModel, eventuallyAlways, weak } from 'interleave';
import type { Property } from 'interleave';

interface Params {
  readonly maxPublished: number;
  readonly readers: number;
  readonly size: number;
}

type Pc = 'Access' | 'Advance';

interface State {
  readonly ringbuffer: {
    readonly slots: readonly (number | null)[];
    readonly readers: readonly ReadonlySet<string>[];
    readonly writers: readonly ReadonlySet<string>[];
  };
  readonly published: number;
  readonly read: Readonly<Record<string, number>>;
  readonly pc: Readonly<Record<string, Pc>>;
  readonly consumed: Readonly<Record<string, readonly number[]>>;
}

type Action =
  | { readonly type: 'BeginWrite' | 'EndWrite'; readonly actor: string }
  | { readonly type: 'BeginRead' | 'EndRead'; readonly actor: string };

const WRITERS = ['w'];
const readersOf = (n: number): string[] => Array.from({ length: n }, (_, i) => `r${i + 1}`);
const setAt = <T>(xs: readonly T[], i: number, x: T): T[] => xs.map((y, k) => (k === i ? x : y));
const plus = (s: ReadonlySet<string>, x: string): ReadonlySet<string> => new Set([...s, x]);
const minus = (s: ReadonlySet<string>, x: string): ReadonlySet<string> => new Set([...s].filter((y) => y !== x));

function liveliness({ maxPublished, readers }: Params): Record<string, Property<State, Params>> {
  const out: Record<string, Property<State, Params>> = {};
  for (const r of readersOf(readers)) {
    for (let i = 0; i < maxPublished; i++) {
      out[`Liveliness[${r},${i}]`] = eventuallyAlways((s: State) => !(i <= s.published) || ((s.consumed[r] as readonly number[]).length >= i + 1 && s.consumed[r]?.[i] === i));
    }
  }
  return out;
}

const PARAMS: Params = { maxPublished: 10, readers: 3, size: 4 };

export default defineModel<State, Action, Params>({
  name: 'Disruptor_SPMC',
  params: PARAMS,
  deadlock: false,
  init: ({ readers, size }) => [
    {
      ringbuffer: {
        slots: Array.from({ length: size }, () => null),
        readers: Array.from({ length: size }, () => new Set<string>()),
        writers: Array.from({ length: size }, () => new Set<string>()),
      },
      published: -1,
      read: Object.fromEntries(readersOf(readers).map((r) => [r, -1])),
      consumed: Object.fromEntries(readersOf(readers).map((r) => [r, []])),
      pc: Object.fromEntries([...WRITERS, ...readersOf(readers)].map((t) => [t, 'Advance' as Pc])),
    },
  ],
  actions: (_s, { readers }) => [
    ...WRITERS.map((actor): Action => ({ type: 'BeginWrite', actor })),
    ...WRITERS.map((actor): Action => ({ type: 'EndWrite', actor })),
    ...readersOf(readers).map((actor): Action => ({ type: 'BeginRead', actor })),
    ...readersOf(readers).map((actor): Action => ({ type: 'EndRead', actor })),
  ],
  next: (s, a, { size }) => {
    const t = a.actor;
    const rb = s.ringbuffer;
    switch (a.type) {
      case 'BeginWrite': {
        const next = s.published + 1;
        const index = next % size;
        const minRead = Math.min(...Object.values(s.read));
        if (!(minRead >= next - size) || s.pc[t] !== 'Advance') return undefined;
        return {
          ...s,
          pc: { ...s.pc, [t]: 'Access' },
          ringbuffer: { ...rb, writers: setAt(rb.writers, index, plus(rb.writers[index] as ReadonlySet<string>, t)), slots: setAt(rb.slots, index, next) },
        };
      }
      case 'EndWrite': {
        const next = s.published + 1;
        const index = next % size;
        if (s.pc[t] !== 'Access') return undefined;
        return { ...s, pc: { ...s.pc, [t]: 'Advance' }, ringbuffer: { ...rb, writers: setAt(rb.writers, index, minus(rb.writers[index] as ReadonlySet<string>, t)) }, published: next };
      }
      case 'BeginRead': {
        const next = (s.read[t] as number) + 1;
        const index = next % size;
        if (!(s.published >= next) || s.pc[t] !== 'Advance') return undefined;
        return {
          ...s,
          pc: { ...s.pc, [t]: 'Access' },
          ringbuffer: { ...rb, readers: setAt(rb.readers, index, plus(rb.readers[index] as ReadonlySet<string>, t)) },
          consumed: { ...s.consumed, [t]: [...(s.consumed[t] as readonly number[]), rb.slots[index] as number] },
        };
      }
      case 'EndRead': {
        const next = (s.read[t] as number) + 1;
        const index = next % size;
        if (s.pc[t] !== 'Access') return undefined;
        return { ...s, pc: { ...s.pc, [t]: 'Advance' }, ringbuffer: { ...rb, readers: setAt(rb.readers, index, minus(rb.readers[index] as ReadonlySet<string>, t)) }, read: { ...s.read, [t]: next } };
      }
    }
  },
  constraint: (s, { maxPublished }) => s.published < maxPublished,
  invariants: {
    TypeOk: (s) => Object.values(s.pc).every((p) => p === 'Access' || p === 'Advance') && s.ringbuffer.writers.every((w) => [...w].every((x) => WRITERS.includes(x))),
    NoDataRaces: (s) => s.ringbuffer.readers.every((r, i) => (r.size === 0 || (s.ringbuffer.writers[i] as ReadonlySet<string>).size === 0) && (s.ringbuffer.writers[i] as ReadonlySet<string>).size <= 1),
  },
  properties: liveliness(PARAMS),
  fairness: ({ readers }) => readersOf(readers).flatMap((r) => [weak((a: Action) => a.type === 'BeginRead' && a.actor === r, `WF(BeginRead(${r}))`), weak((a: Action) => a.type === 'EndRead' && a.actor === r, `WF(EndRead(${r}))`)]),
});
