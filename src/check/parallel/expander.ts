import type { Action, ActionPredicate, AnyModel, Params, StatePredicate } from '../../model/types';
import type { RawFailure } from '../bfs';
import { InvalidValue, ParentMemo } from '../../state/fingerprint';
import { RecordBuffer } from './record-buffer';
import { SUB, type Checked, type Expanded, type ExpanderPlan, type WireError, type WireEvent } from './protocol';

type Named<F> = readonly [string, F];

/** Thrown inside an expansion to end it at an event after which nothing more can matter. */
class Stop {}
const STOP = new Stop();

export function wireError(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

function pick<F>(record: Readonly<Record<string, F>> | undefined, names: readonly string[]): Named<F>[] {
  return names.map((n) => [n, (record as Record<string, F>)[n] as F] as const);
}

/**
 * One expander's share of a breadth-first level. `expand` computes the successors of its chunk of states and
 * reports them as records (fingerprints, action indices) plus events (violations, failures, deadlocks) at their
 * positions. `check`, told which records were new in the store, computes those states again, checks invariants
 * and reachability on them and keeps them, in order, as `fresh`: the expander's part
 * of the next level. What it checks mirrors the sequential search (`bfs.ts`), step for step, so that the
 * coordinator can replay the events in the sequential order.
 *
 * It stops at an event that ends the search whatever comes before it elsewhere (a failure that cannot depend on
 * other expanders, or any violation when the search stops at the first). Other events depend on the properties
 * still checked at that point of the sequential order, which only the coordinator knows; those are reported and
 * the property is dropped here (after its first event nothing more about it can matter).
 */
export class Expander {
  /** The new states of the last `check`, in order. */
  fresh: unknown[] = [];
  private invariants: Named<StatePredicate<unknown, Params>>[];
  private actionInvariants: Named<ActionPredicate<unknown, Action, Params>>[];
  private reachable: Named<StatePredicate<unknown, Params>>[];
  private deadlockFound = false;
  private readonly typeIndex = new Map<string, number>();
  private newTypes: string[] = [];
  private readonly buffer = new RecordBuffer();
  /** The last expansion's chunk, its records per state and their action indices. */
  private chunk: readonly unknown[] = [];
  private counts = new Int32Array(0);
  private actionIndices = new Int32Array(0);
  private events: WireEvent[] = [];
  private readonly fp = new Int32Array(2);
  /** Successors are fingerprinted relative to the state they come from (they share most of its parts). */
  private readonly memo = new ParentMemo();

  constructor(
    private readonly model: AnyModel,
    private readonly params: Params,
    private readonly plan: ExpanderPlan,
  ) {
    this.invariants = pick(model.invariants, plan.invariants);
    this.actionInvariants = pick(model.actionInvariants, plan.actionInvariants);
    this.reachable = pick(model.reachable, plan.reachable);
  }

  /** The initial states at the given indices of `init` (the coordinator already ran init and checked them). */
  initStates(indices: readonly number[]): unknown[] {
    const all = this.model.init(this.params);
    return indices.map((i) => all[i]);
  }

  /** Forgets properties the coordinator no longer checks. */
  retire(inactive: readonly string[], deadlockFound: boolean): void {
    if (inactive.length > 0) {
      const gone = new Set(inactive);
      this.invariants = this.invariants.filter(([n]) => !gone.has(n));
      this.actionInvariants = this.actionInvariants.filter(([n]) => !gone.has(n));
      this.reachable = this.reachable.filter(([n]) => !gone.has(n));
    }
    if (deadlockFound) this.deadlockFound = true;
  }

  expand(states: readonly unknown[]): Expanded {
    const { model, params, plan, buffer, fp, memo } = this;
    this.events = [];
    this.newTypes = [];
    this.chunk = states;
    const counts = new Int32Array(states.length);
    const constraint = model.constraint;
    const terminal = model.terminal;
    let s = 0;
    let first = 0;
    try {
      for (; s < states.length; s++) {
        first = buffer.length;
        if ((s & 255) === 0 && plan.deadline < Infinity && Date.now() >= plan.deadline) {
          this.events.push({ kind: 'timeout', s, j: first, sub: SUB.before });
          break;
        }
        const state = states[s];
        memo.remember(state);
        let actions: readonly Action[];
        try {
          actions = model.actions(state, params);
        } catch (error) {
          this.fail({ s, j: first, sub: SUB.before }, 'actions', -1, error);
        }
        for (let a = 0; a < actions.length; a++) {
          const action = actions[a] as Action;
          let succ: unknown;
          try {
            succ = model.next(state, action, params);
          } catch (error) {
            this.fail({ s, j: buffer.length, sub: SUB.before }, 'next', a, error);
          }
          if (succ === undefined) continue;
          const type = this.typeOf(action.type);
          try {
            memo.fingerprintInto(succ, fp);
          } catch (error) {
            if (!(error instanceof InvalidValue)) throw error;
            this.fail({ s, j: buffer.length, sub: SUB.value }, 'value', a, error, type);
          }
          const j = buffer.push(fp[0] as number, fp[1] as number, a, type);
          if (this.actionInvariants.length > 0) this.checkStep(state, action, succ, s, j, a);
          let inside = true;
          if (constraint !== undefined) {
            try {
              inside = constraint(succ, params);
            } catch (error) {
              this.fail({ s, j, sub: SUB.constraint }, 'constraint', a, error);
            }
          }
          if (inside) {
            buffer.inside[j] = 1;
          } else {
            this.checkState(succ, s, j, a);
          }
        }
        counts[s] = buffer.length - first;
        if (buffer.length === first && plan.deadlock && !this.deadlockFound) {
          let isTerminal = false;
          if (terminal !== undefined) {
            try {
              isTerminal = terminal(state, params);
            } catch (error) {
              // Conditional: the sequential search calls terminal() only until it has found a deadlock.
              this.deadlockFound = true;
              this.event({ kind: 'failure', phase: 'terminal', a: -1, type: -1, error: wireError(error), s, j: first, sub: SUB.deadlock });
              continue;
            }
          }
          if (!isTerminal) {
            this.deadlockFound = true;
            this.event({ kind: 'deadlock', s, j: first, sub: SUB.deadlock });
          }
        }
      }
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      counts[s] = buffer.length - first;
    }
    memo.forget();
    const taken = buffer.take();
    // The arrays sent may be transferred to another thread (and so emptied here): keep a copy of the counts.
    this.counts = counts.slice();
    this.actionIndices = taken.actions.slice();
    return { type: 'expanded', counts, ...taken, newTypes: this.newTypes, events: this.events };
  }

  /**
   * Checks the new states among the last expansion's records and keeps them as `fresh`. The successors are
   * computed again rather than kept from `expand`: most successors are duplicates, and holding them all until
   * the store has sorted them out costs far more in garbage collection than a second `next` for the new ones.
   */
  check(flags: Uint8Array): Checked {
    const { model, params } = this;
    this.events = [];
    const fresh: unknown[] = [];
    const counts = this.counts;
    const chunk = this.chunk;
    const actionIndices = this.actionIndices;
    try {
      let j = 0;
      for (let s = 0; s < counts.length; s++) {
        const end = j + (counts[s] as number);
        let actions: readonly Action[] | undefined;
        for (; j < end; j++) {
          if (flags[j] !== 1) continue;
          const state = chunk[s];
          actions ??= model.actions(state, params);
          const a = actionIndices[j] as number;
          const succ = model.next(state, actions[a] as Action, params);
          if (succ === undefined) throw new Error(`the model is not deterministic: next() no longer enables action ${a} of a state it enabled before`);
          this.checkState(succ, s, j, a);
          fresh.push(succ);
        }
      }
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
    }
    this.chunk = [];
    this.fresh = fresh;
    return { type: 'checked', events: this.events };
  }

  private typeOf(type: string): number {
    let t = this.typeIndex.get(type);
    if (t === undefined) {
      t = this.typeIndex.size;
      if (t > 0xffff) throw new Error('more than 65536 action types');
      this.typeIndex.set(type, t);
      this.newTypes.push(type);
    }
    return t;
  }

  private event(e: WireEvent): void {
    this.events.push(e);
    if (this.plan.stopAtFirst && e.kind !== 'reached') throw STOP;
  }

  /** A failure that ends the search wherever it happens (no property decides whether the step is taken). */
  private fail(at: { s: number; j: number; sub: number }, phase: RawFailure['phase'], a: number, error: unknown, type = -1): never {
    this.events.push({ kind: 'failure', phase, a, type, error: wireError(error), ...at });
    throw STOP;
  }

  private checkStep(state: unknown, action: Action, succ: unknown, s: number, j: number, a: number): void {
    let list = this.actionInvariants;
    for (let k = 0; k < list.length; k++) {
      const [name, pred] = list[k] as Named<ActionPredicate<unknown, Action, Params>>;
      let holds = false;
      let error: unknown;
      let threw = false;
      try {
        holds = pred(state, action, succ, this.params);
      } catch (e) {
        threw = true;
        error = e;
      }
      if (threw || !holds) {
        this.actionInvariants = list = list.filter(([n]) => n !== name);
        k--;
        const at = { s, j, sub: SUB.actionInvariant };
        this.event(threw ? { kind: 'failure', phase: 'action-invariant', name, a, type: -1, error: wireError(error), ...at } : { kind: 'action-invariant', name, a, ...at });
      }
    }
  }

  /** Invariants, then reachability, as `checkState` in the sequential search. */
  private checkState(state: unknown, s: number, j: number, a: number): void {
    let list = this.invariants;
    for (let k = 0; k < list.length; k++) {
      const [name, pred] = list[k] as Named<StatePredicate<unknown, Params>>;
      let holds = false;
      let error: unknown;
      let threw = false;
      try {
        holds = pred(state, this.params);
      } catch (e) {
        threw = true;
        error = e;
      }
      if (threw || !holds) {
        this.invariants = list = list.filter(([n]) => n !== name);
        k--;
        const at = { s, j, sub: SUB.invariant };
        this.event(threw ? { kind: 'failure', phase: 'invariant', name, a, type: -1, error: wireError(error), ...at } : { kind: 'invariant', name, a, ...at });
      }
    }
    let pending = this.reachable;
    for (let k = 0; k < pending.length; k++) {
      const [name, pred] = pending[k] as Named<StatePredicate<unknown, Params>>;
      let holds = false;
      let error: unknown;
      let threw = false;
      try {
        holds = pred(state, this.params);
      } catch (e) {
        threw = true;
        error = e;
      }
      if (threw || holds) {
        this.reachable = pending = pending.filter(([n]) => n !== name);
        k--;
        const at = { s, j, sub: SUB.reachable };
        this.event(threw ? { kind: 'failure', phase: 'reachable', name, a, type: -1, error: wireError(error), ...at } : { kind: 'reached', name, ...at });
      }
    }
  }
}
