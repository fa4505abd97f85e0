import type { Action, StatePredicate } from './types';

/**
 * Temporal properties over behaviours (infinite sequences of states; a behaviour that stops stutters forever).
 * - `eventually(p)`: `<>p`, some state of every behaviour satisfies p;
 * - `leadsTo(p, q)`: `p ~> q`, every p state is followed (or accompanied) by a q state;
 * - `alwaysEventually(p)`: `[]<>p`, p holds infinitely often;
 * - `eventuallyAlways(p)`: `<>[]p`, from some point on p holds forever;
 * - `always(p)`: `[]p`, the same as an invariant.
 */
export type Property<S = unknown, P = unknown> =
  | { readonly kind: 'eventually'; readonly p: StatePredicate<S, P> }
  | { readonly kind: 'leadsTo'; readonly p: StatePredicate<S, P>; readonly q: StatePredicate<S, P> }
  | { readonly kind: 'alwaysEventually'; readonly p: StatePredicate<S, P> }
  | { readonly kind: 'eventuallyAlways'; readonly p: StatePredicate<S, P> }
  | { readonly kind: 'always'; readonly p: StatePredicate<S, P> };

/** Selects the actions that together form one fair action (TLA's `A` in `WF_vars(A)`). */
export type ActionFilter<A> = { select(action: A): boolean }['select'];

/**
 * A fairness condition. Weak (`WF`): an action continuously enabled from some point on is eventually taken.
 * Strong (`SF`): an action enabled infinitely often is taken infinitely often. Only steps that change the
 * state count as taking the action or as it being enabled.
 */
export interface Fairness<A = Action> {
  readonly kind: 'weak' | 'strong';
  readonly actions: ActionFilter<A>;
  /** Shown in reports; defaults to the kind and position. */
  readonly name?: string;
}
