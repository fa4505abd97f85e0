import type { Action, StatePredicate } from '../model/types';
import type { ActionFilter, Fairness, Property } from '../model/property';

/** `<>p`: every fair behaviour reaches a state satisfying `p`. */
export function eventually<S, P>(p: StatePredicate<S, P>): Property<S, P> {
  return { kind: 'eventually', p };
}

/** `p ~> q`: whenever `p` holds, `q` holds then or later. */
export function leadsTo<S, P>(p: StatePredicate<S, P>, q: StatePredicate<S, P>): Property<S, P> {
  return { kind: 'leadsTo', p, q };
}

/** `[]<>p`: `p` holds infinitely often. */
export function alwaysEventually<S, P>(p: StatePredicate<S, P>): Property<S, P> {
  return { kind: 'alwaysEventually', p };
}

/** `<>[]p`: from some point on, `p` holds forever. */
export function eventuallyAlways<S, P>(p: StatePredicate<S, P>): Property<S, P> {
  return { kind: 'eventuallyAlways', p };
}

/** `[]p`: the same as an invariant, stated among the temporal properties. */
export function always<S, P>(p: StatePredicate<S, P>): Property<S, P> {
  return { kind: 'always', p };
}

/**
 * Which actions form the fair action: a predicate, an action `type`, or a list of types. A string is the
 * common case (`weak('discard')`); a predicate can pick one actor (`(a) => a.type === 'wake' && a.actor === 't1'`).
 */
export type ActionSelector<A> = ActionFilter<A> | string | readonly string[];

function toFilter<A extends Action>(selector: ActionSelector<A>): ActionFilter<A> {
  if (typeof selector === 'function') return selector;
  if (typeof selector === 'string') return (action: A) => action.type === selector;
  const types = new Set(selector);
  return (action: A) => types.has(action.type);
}

function fairness<A extends Action>(kind: 'weak' | 'strong', selector: ActionSelector<A>, name: string | undefined): Fairness<A> {
  const actions = toFilter(selector);
  if (name !== undefined) return { kind, actions, name };
  if (typeof selector === 'string') return { kind, actions, name: `${kind === 'weak' ? 'WF' : 'SF'}(${selector})` };
  if (typeof selector !== 'function') return { kind, actions, name: `${kind === 'weak' ? 'WF' : 'SF'}(${selector.join(' | ')})` };
  return { kind, actions };
}

/** `WF(A)`: if the selected actions stay enabled from some point on, one of them is eventually taken. */
export function weak<A extends Action>(selector: ActionSelector<A>, name?: string): Fairness<A> {
  return fairness('weak', selector, name);
}

/** `SF(A)`: if the selected actions are enabled infinitely often, one of them is taken infinitely often. */
export function strong<A extends Action>(selector: ActionSelector<A>, name?: string): Fairness<A> {
  return fairness('strong', selector, name);
}
