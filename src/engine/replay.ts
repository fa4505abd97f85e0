import type { Action } from '../model/types';
import type { TraceStep } from '../check/result';
import type { StepEngine } from './step-engine';
import { InterleaveError } from '../errors/interleave-error';
import { diffStates } from '../trace/diff';

/** A path through a model's states: an initial state by its index in `init`, then action indices. */
export interface ReplayPath {
  readonly init: number;
  readonly actions: readonly number[];
}

/**
 * Replays `path` through the engine and returns its trace. When `expected` is given (one fingerprint per
 * state of the path, as a search recorded them), every replayed state is compared with it, so that a model
 * that is not deterministic is reported as IL303 naming the step, the action and where the states differ,
 * never printed as a counterexample it does not have. `recorded`, when given, is the state the search saw at
 * each step (only where it kept them): the differing paths are named from it.
 */
export function replay<S, A extends Action>(
  engine: StepEngine<S, A>,
  path: ReplayPath,
  expected?: readonly string[],
  recorded?: readonly (S | undefined)[],
): TraceStep<S, A>[] {
  const inits = engine.initialStates();
  const first = inits[path.init];
  if (first === undefined) throw nondeterministic(engine, 0, undefined, `init() returned ${inits.length} states, fewer than the ${path.init + 1} it returned before`);
  compare(engine, 0, undefined, first.fingerprint, expected, first.state, recorded);
  const trace: TraceStep<S, A>[] = [{ action: null, state: first.state }];
  let state = first.state;
  for (let i = 0; i < path.actions.length; i++) {
    const index = path.actions[i] as number;
    const actions = engine.actions(state);
    const action = actions[index];
    if (action === undefined) throw nondeterministic(engine, i + 1, undefined, `actions() returned ${actions.length} actions, fewer than the ${index + 1} it returned before`);
    const step = engine.step(state, action, index);
    if (step === undefined) throw nondeterministic(engine, i + 1, action, `next() did not enable ${action.type}, which it enabled before`);
    compare(engine, i + 1, action, step.fingerprint, expected, step.state, recorded);
    trace.push({ action, state: step.state });
    state = step.state;
  }
  return trace;
}

function compare<S, A extends Action>(
  engine: StepEngine<S, A>,
  step: number,
  action: A | undefined,
  got: string,
  expected: readonly string[] | undefined,
  state: S,
  recorded: readonly (S | undefined)[] | undefined,
): void {
  const want = expected?.[step];
  if (want === undefined || want === got || want === asStored(got)) return;
  const before = recorded?.[step];
  let where = '';
  if (before !== undefined) {
    const paths = diffStates(before, state).map((c) => c.path);
    if (paths.length > 0) where = `; it differs at ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', ...' : ''}`;
  }
  throw nondeterministic(engine, step, action, `the state it gave is not the one it gave before (fingerprint ${got}, was ${want})${where}`);
}

/** IL303, naming the step (0: the initial state) and the action replayed there. */
export function nondeterministic(engine: StepEngine<unknown, Action> | StepEngine<never, never>, step: number, action: Action | undefined, what: string): InterleaveError {
  const at = step === 0 ? 'the initial state' : `step ${step}${action !== undefined ? ` (${action.type}${action.actor !== undefined ? ` by ${action.actor}` : ''})` : ''}`;
  return new InterleaveError({
    code: 'IL303',
    message: `Model ${engine.model.name} is not deterministic: replaying ${at} of a trace, ${what}.`,
    hint: 'init, actions and next must depend only on their arguments (no Math.random, clocks or variables kept outside the state).',
    ...(action !== undefined ? { action } : {}),
  });
}

/** The fingerprint as the store keeps it: a 32-bit lane of 0 is stored as 1 (see `FingerprintStore`). */
export function asStored(fingerprint: string): string {
  const lane = (hex: string): string => (hex === '00000000' ? '00000001' : hex);
  return fingerprint.length === 16 ? lane(fingerprint.slice(0, 8)) + lane(fingerprint.slice(8)) : fingerprint;
}
