import type { Action, AnyModel, Params } from '../../model/types';
import type { RawFailure } from '../search-outcome';
import type { VisitedStates } from '../../state/visited-states';
import type { WireError } from './protocol';
import { StateRef } from '../../trace/state-ref';
import { rebuildTrace } from '../../trace/rebuild-trace';
import { fingerprint } from '../../state/fingerprint';

/**
 * Rebuilds, on the coordinator's thread, a failure that an expander met: the state is replayed from its trace
 * and the failing function called again, so that the report holds the model's own error object (errors lose
 * their class between threads) and, for a bad value, the value itself. Models are deterministic, so the call
 * fails again; if it does not, the error as the expander saw it is used.
 */
export function reproduceFailure(
  model: AnyModel,
  params: Params,
  store: VisitedStates,
  parent: number,
  failure: { readonly phase: RawFailure['phase']; readonly name?: string; readonly error: WireError },
  actionIndex: number,
): RawFailure {
  const name = failure.name;
  const named = name !== undefined ? { name } : {};
  const seen = Object.assign(new Error(failure.error.message), { name: failure.error.name });
  if (failure.error.stack !== undefined) seen.stack = failure.error.stack;
  const again = (f: () => unknown): unknown => {
    try {
      f();
    } catch (error) {
      return error;
    }
    return seen;
  };
  if (parent < 0) return initialFailure(model, params, failure.phase, named, actionIndex, again);
  const at = StateRef.stored(store, parent);
  const trace = rebuildTrace(model, params, store, at);
  const state = (trace[trace.length - 1] as { state: unknown }).state;
  if (failure.phase === 'mutation') return changedInPlace(model, params, state, at);
  if (failure.phase === 'actions') return { phase: 'actions', at, error: again(() => model.actions(state, params)) };
  if (failure.phase === 'terminal') return { phase: 'terminal', at, error: again(() => model.terminal?.(state, params)) };
  const action = model.actions(state, params)[actionIndex] as Action;
  if (failure.phase === 'next') return { phase: 'next', at, action, error: again(() => model.next(state, action, params)) };
  const succ = model.next(state, action, params);
  const step = new StateRef(parent, actionIndex);
  switch (failure.phase) {
    case 'value':
      return { phase: 'value', at, action, error: succ };
    case 'symmetry':
      return { phase: 'symmetry', at, action, error: symmetryFailure(model, params, succ) };
    case 'action-invariant':
      return { phase: 'action-invariant', ...named, at, action, error: again(() => model.actionInvariants?.[name as string]?.(state, action, succ, params)) };
    case 'constraint':
      return { phase: 'constraint', at: step, error: again(() => model.constraint?.(succ, params)) };
    case 'invariant':
      return { phase: 'invariant', ...named, at: step, error: again(() => model.invariants[name as string]?.(succ, params)) };
    default:
      return { phase: failure.phase, ...named, at: step, error: again(() => model.reachable?.[name as string]?.(succ, params)) };
  }
}

/**
 * Which call changed `state` in place: `actions`, or `next` for the first action that did (the failure's
 * `action`); the failure's error is the name of that function, undefined if no call changes it again.
 */
function changedInPlace(model: AnyModel, params: Params, state: unknown, at: StateRef): RawFailure {
  const fingerprintOf = (): string => {
    try {
      return fingerprint(state);
    } catch {
      return 'not a plain value';
    }
  };
  const before = fingerprintOf();
  let actions: readonly Action[];
  try {
    actions = model.actions(state, params);
  } catch {
    return { phase: 'mutation', at, error: undefined };
  }
  if (fingerprintOf() !== before) return { phase: 'mutation', at, error: 'actions' };
  for (const action of actions) {
    try {
      model.next(state, action, params);
    } catch {
      // Not what is looked for here; the state may have changed all the same.
    }
    if (fingerprintOf() !== before) return { phase: 'mutation', at, action, error: 'next' };
  }
  return { phase: 'mutation', at, error: undefined };
}

/** A failure on an initial state (index `index` of `init`), as the sequential search reports it. */
function initialFailure(
  model: AnyModel,
  params: Params,
  phase: RawFailure['phase'],
  named: { name?: string },
  index: number,
  again: (f: () => unknown) => unknown,
): RawFailure {
  const state = model.init(params)[index];
  const at = new StateRef(-1, index);
  switch (phase) {
    case 'value':
      return { phase, error: state };
    case 'symmetry':
      return { phase, error: symmetryFailure(model, params, state) };
    case 'constraint':
      return { phase, at, error: again(() => model.constraint?.(state, params)) };
    case 'invariant':
      return { phase, ...named, at, error: again(() => model.invariants[named.name as string]?.(state, params)) };
    default:
      return { phase, ...named, at, error: again(() => model.reachable?.[named.name as string]?.(state, params)) };
  }
}

/** What the symmetry hook did wrong with `state`: the error it throws, or the value it returned (not a plain value). */
function symmetryFailure(model: AnyModel, params: Params, state: unknown): unknown {
  try {
    return model.symmetry?.(state, params);
  } catch (error) {
    return error;
  }
}
