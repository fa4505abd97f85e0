import type { Property } from '../model/property';

/**
 * A Büchi automaton for the negation of a property, read over the states of a behaviour. A state's label has
 * bit 0 set when `p` holds there and bit 1 when `q` holds. `init[label]` and `step[m][label]` are bit sets of
 * monitor states (nondeterministic), entered on reading a state; a behaviour violates the property when some
 * run reads all of it and passes through `accepting` infinitely often.
 */
export interface Monitor {
  /** Number of monitor states (at most 2). */
  readonly size: number;
  readonly init: readonly number[];
  readonly step: readonly (readonly number[])[];
  /** Bit set of accepting monitor states. */
  readonly accepting: number;
  /**
   * Bit set over labels: states that start the violation (a `p` state without `q` for leads-to, a state
   * without `p` for always). A loop that stays in an accepting component and passes through such a state
   * violates the property by itself, so the prefix need not reach the trigger first.
   */
  readonly trigger: number;
}

export const P = 1;
export const Q = 2;

function table(f: (label: number) => number): number[] {
  return [0, 1, 2, 3].map(f);
}

/** The monitor of `not property`. */
export function negationMonitor(property: Property<unknown, unknown>): Monitor {
  switch (property.kind) {
    case 'eventually': {
      // [] ~p: every state, from the first, lacks p.
      const stay = table((l) => (l & P ? 0 : 1));
      return { size: 1, init: stay, step: [stay], accepting: 1, trigger: 0 };
    }
    case 'leadsTo': {
      // <>(p /\ ~q /\ [] ~q): wait (0), then guess the p-without-q state and see no q from there (1).
      const wait = table((l) => 1 | ((l & P) !== 0 && (l & Q) === 0 ? 2 : 0));
      const triggered = table((l) => (l & Q ? 0 : 2));
      return { size: 2, init: wait, step: [wait, triggered], accepting: 2, trigger: 1 << P };
    }
    case 'alwaysEventually': {
      // <>[] ~p: wait (0), then guess the point after which p never holds (1).
      const wait = table((l) => 1 | (l & P ? 0 : 2));
      const stay = table((l) => (l & P ? 0 : 2));
      return { size: 2, init: wait, step: [wait, stay], accepting: 2, trigger: 0 };
    }
    case 'eventuallyAlways': {
      // []<> ~p: deterministic, the monitor state says whether the current state lacks p.
      const now = table((l) => (l & P ? 1 : 2));
      return { size: 2, init: now, step: [now, now], accepting: 2, trigger: 0 };
    }
    case 'always': {
      // <> ~p: once a state lacks p, every continuation violates.
      const seen = table((l) => (l & P ? 1 : 2));
      return { size: 2, init: seen, step: [seen, table(() => 2)], accepting: 2, trigger: (1 << 0) | (1 << Q) };
    }
  }
}
