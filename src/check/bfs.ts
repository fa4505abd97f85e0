import type { Action, AnyModel, Params, StatePredicate, ActionPredicate } from '../model/types';
import type { ResolvedOptions } from './options';
import type { IncompleteReason, ViolationKind } from './result';
import { StateStore } from '../state/state-store';
import type { VisitedStates } from '../state/visited-states';
import { fingerprintInto, InvalidValue, ParentMemo } from '../state/fingerprint';
import { StateRef } from '../trace/state-ref';
import { Frontier } from './frontier';

/** A violation as the search records it: which property, and a reference to the state (or step) that broke it. */
export interface RawViolation {
  readonly kind: ViolationKind;
  readonly name: string;
  readonly at: StateRef;
}

/** Where the model failed: the phase, the state being worked on and the action involved. */
export interface RawFailure {
  readonly phase: 'init' | 'init-empty' | 'actions' | 'next' | 'invariant' | 'action-invariant' | 'constraint' | 'terminal' | 'reachable' | 'value' | 'symmetry';
  /** The invariant (or other named function) that threw. */
  readonly name?: string;
  /** The state being expanded or checked; undefined when `init` failed. */
  readonly at?: StateRef;
  readonly action?: Action;
  readonly error: unknown;
}

export interface SearchOutcome {
  readonly store: VisitedStates;
  readonly violations: RawViolation[];
  readonly failure?: RawFailure;
  readonly stopped?: IncompleteReason;
  readonly generatedStates: number;
  readonly statesPerDepth: number[];
  readonly coverage: Map<string, { enabled: number; distinct: number }>;
  readonly reachable: Map<string, boolean>;
  readonly peakMemoryBytes: number;
  /** Frontier bytes written to disk (with a memory budget). */
  readonly spilledBytes: number;
  /** Worker threads that expanded states (0: all on the calling thread). */
  readonly threadsUsed?: number;
}

class ModelFailure {
  constructor(readonly failure: RawFailure) {}
}

/** What to check, decided by `check` from the model and the options. */
export interface SearchPlan {
  readonly invariants: ReadonlyArray<readonly [string, StatePredicate<unknown, Params>]>;
  readonly actionInvariants: ReadonlyArray<readonly [string, ActionPredicate<unknown, Action, Params>]>;
  readonly reachable: ReadonlyArray<readonly [string, StatePredicate<unknown, Params>]>;
  readonly deadlock: boolean;
}

/**
 * Breadth-first search, level by level, so that the first violation of each property is found with a shortest
 * trace and depth has TLC's meaning. Frontier states are held encoded (in memory, or on disk beyond
 * `memoryMb`); visited states are held only as fingerprints with parent pointers.
 */
export function breadthFirstSearch(model: AnyModel, params: Params, plan: SearchPlan, options: ResolvedOptions): SearchOutcome {
  const start = Date.now();
  const store = new StateStore();
  const violations: RawViolation[] = [];
  const violated = new Set<string>();
  const coverage = new Map<string, { enabled: number; distinct: number }>();
  const reachable = new Map<string, boolean>(plan.reachable.map(([name]) => [name, false]));
  const statesPerDepth: number[] = [];
  const fp = new Int32Array(2);
  const stopAtFirst = !options.continue;
  const constraint = model.constraint;
  const terminal = model.terminal;
  let invariants = plan.invariants;
  let actionInvariants = plan.actionInvariants;
  let pendingReachable = plan.reachable;
  let generated = 0;
  let peakMemory = 0;
  let stopped: IncompleteReason | undefined;
  let deadlockFound = false;

  const sampleMemory = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > peakMemory) peakMemory = rss;
  };

  const record = (kind: ViolationKind, name: string, at: StateRef): void => {
    violations.push({ kind, name, at });
    violated.add(name);
    if (kind === 'invariant') invariants = invariants.filter(([n]) => n !== name);
    if (kind === 'action-invariant') actionInvariants = actionInvariants.filter(([n]) => n !== name);
  };

  /** Checks a newly found state; returns true when the search should stop. */
  const checkState = (state: unknown, parent: number, index: number): boolean => {
    for (let i = 0; i < invariants.length; i++) {
      const entry = invariants[i] as readonly [string, StatePredicate<unknown, Params>];
      let holds: boolean;
      try {
        holds = entry[1](state, params);
      } catch (error) {
        throw new ModelFailure({ phase: 'invariant', name: entry[0], at: new StateRef(parent, index), error });
      }
      if (!holds) {
        record('invariant', entry[0], new StateRef(parent, index));
        if (stopAtFirst) return true;
        i--; // `record` removed this entry
      }
    }
    if (pendingReachable.length > 0) {
      for (const [name, pred] of pendingReachable) {
        let holds: boolean;
        try {
          holds = pred(state, params);
        } catch (error) {
          throw new ModelFailure({ phase: 'reachable', name, at: new StateRef(parent, index), error });
        }
        if (holds) reachable.set(name, true);
      }
      pendingReachable = pendingReachable.filter(([name]) => !reachable.get(name));
    }
    return false;
  };

  const inConstraint = (state: unknown, parent: number, index: number): boolean => {
    if (constraint === undefined) return true;
    try {
      return constraint(state, params);
    } catch (error) {
      throw new ModelFailure({ phase: 'constraint', at: new StateRef(parent, index), error });
    }
  };

  const symmetry = options.symmetry ? model.symmetry : undefined;
  // Successors share most of their parent's parts; without symmetry, what is fingerprinted is the successor itself.
  const memo = new ParentMemo();

  /** Where a failure happened: the state expanded (none for an initial state) and the action taken there. Built only on failure. */
  const where = (parent: number, action: Action | undefined): { at?: StateRef; action?: Action } => {
    const at = parent >= 0 ? StateRef.stored(store, parent) : undefined;
    return { ...(at ? { at } : {}), ...(action ? { action } : {}) };
  };

  /**
   * Fingerprints `state` into `fp`; `parent` is the id of the state it was reached from (-1: none). With a
   * symmetry hook the fingerprint is that of the state's canonical representative, so one state per class is kept.
   */
  const fingerprintOf = (state: unknown, parent: number, action: Action | undefined): void => {
    let value = state;
    if (symmetry !== undefined) {
      try {
        value = symmetry(state, params);
      } catch (error) {
        throw new ModelFailure({ phase: 'symmetry', ...where(parent, action), error });
      }
    }
    try {
      if (value === state) memo.fingerprintInto(value, fp);
      else fingerprintInto(value, fp);
    } catch (error) {
      if (error instanceof InvalidValue) throw new ModelFailure({ phase: value === state ? 'value' : 'symmetry', ...where(parent, action), error: value });
      throw error;
    }
  };

  /** With symmetry, the real state is not what was fingerprinted: validate it once, when it is new. */
  const validateNew = (state: unknown, parent: number, action: Action | undefined): void => {
    if (symmetry === undefined) return;
    try {
      fingerprintInto(state, validated);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      throw new ModelFailure({ phase: 'value', ...where(parent, action), error: state });
    }
  };
  const validated = new Int32Array(2);

  const frontier = new Frontier(options.memoryBytes, options.spillDir);

  const run = (): void => {
    // Initial states.
    let inits: readonly unknown[];
    try {
      inits = model.init(params);
    } catch (error) {
      throw new ModelFailure({ phase: 'init', error });
    }
    if (!Array.isArray(inits) || inits.length === 0) throw new ModelFailure({ phase: 'init-empty', error: inits });
    let newInit = 0;
    for (let i = 0; i < inits.length; i++) {
      const state = inits[i];
      generated++;
      fingerprintOf(state, -1, undefined);
      const keep = inConstraint(state, -1, i);
      const id = keep ? store.add(fp[0] as number, fp[1] as number, -1, i) : -1;
      if (keep && id < 0) continue;
      validateNew(state, -1, undefined);
      if (checkState(state, -1, i)) return;
      if (!keep) continue;
      newInit++;
      frontier.add(state, id);
      if (store.size >= options.maxStates) {
        stopped = 'max-states';
        return;
      }
    }
    statesPerDepth.push(newInit);

    let depth = 1;
    let nextCheck = Date.now() + 1000;
    let sinceCheck = 0;
    let levelSize = frontier.advance();
    while (levelSize > 0) {
      if (depth >= options.maxDepth) {
        stopped = 'max-depth';
        return;
      }
      let found = 0;
      while (frontier.take()) {
        const state = frontier.state;
        const parent = frontier.id;
        if (symmetry === undefined) memo.remember(state);
        let actions: readonly Action[];
        try {
          actions = model.actions(state, params);
        } catch (error) {
          throw new ModelFailure({ phase: 'actions', at: StateRef.stored(store, parent), error });
        }
        let successors = 0;
        for (let a = 0; a < actions.length; a++) {
          const action = actions[a] as Action;
          let succ: unknown;
          try {
            succ = model.next(state, action, params);
          } catch (error) {
            throw new ModelFailure({ phase: 'next', at: StateRef.stored(store, parent), action, error });
          }
          if (succ === undefined) continue;
          successors++;
          generated++;
          let cov = coverage.get(action.type);
          if (cov === undefined) {
            cov = { enabled: 0, distinct: 0 };
            coverage.set(action.type, cov);
          }
          cov.enabled++;
          fingerprintOf(succ, parent, action);
          for (let k = 0; k < actionInvariants.length; k++) {
            const entry = actionInvariants[k] as readonly [string, ActionPredicate<unknown, Action, Params>];
            let holds: boolean;
            try {
              holds = entry[1](state, action, succ, params);
            } catch (error) {
              throw new ModelFailure({ phase: 'action-invariant', name: entry[0], at: StateRef.stored(store, parent), action, error });
            }
            if (!holds) {
              record('action-invariant', entry[0], new StateRef(parent, a));
              if (stopAtFirst) return;
              k--;
            }
          }
          if (constraint === undefined || inConstraint(succ, parent, a)) {
            const id = store.add(fp[0] as number, fp[1] as number, parent, a);
            if (id < 0) continue;
            validateNew(succ, parent, action);
            cov.distinct++;
            found++;
            if (checkState(succ, parent, a)) return;
            frontier.add(succ, id);
            if (store.size >= options.maxStates) {
              stopped = 'max-states';
              return;
            }
          } else if (checkState(succ, parent, a)) {
            // TLC checks a state outside the constraint but neither stores nor expands it.
            return;
          }
        }
        if (successors === 0 && plan.deadlock && !deadlockFound) {
          let isTerminal = false;
          if (terminal !== undefined) {
            try {
              isTerminal = terminal(state, params);
            } catch (error) {
              throw new ModelFailure({ phase: 'terminal', at: StateRef.stored(store, parent), error });
            }
          }
          if (!isTerminal) {
            deadlockFound = true;
            violations.push({ kind: 'deadlock', name: 'Deadlock', at: StateRef.stored(store, parent) });
            if (stopAtFirst) return;
          }
        }
        if (++sinceCheck >= 256) {
          sinceCheck = 0;
          const now = Date.now();
          if (now >= nextCheck) {
            nextCheck = now + 1000;
            sampleMemory();
            if (now - start >= options.timeLimitMs) {
              stopped = 'time-limit';
              return;
            }
            options.onProgress?.({
              distinctStates: store.size,
              generatedStates: generated,
              queue: frontier.pending,
              depth,
              elapsedMs: now - start,
            });
          }
        }
      }
      if (found > 0) statesPerDepth.push(found);
      levelSize = frontier.advance();
      if (levelSize > 0) depth++;
    }
  };

  let failure: RawFailure | undefined;
  try {
    run();
  } catch (error) {
    if (error instanceof ModelFailure) failure = error.failure;
    else throw error;
  } finally {
    sampleMemory();
    memo.forget();
    frontier.close();
  }
  return {
    store,
    violations,
    ...(failure ? { failure } : {}),
    ...(stopped ? { stopped } : {}),
    generatedStates: generated,
    statesPerDepth,
    coverage,
    reachable,
    peakMemoryBytes: peakMemory,
    spilledBytes: frontier.spilledBytes,
  };
}
