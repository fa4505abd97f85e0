/**
 * The central abstraction: a model is an initial set of states, a function listing candidate actions,
 * and a successor function. Everything the checker does is defined in terms of these three.
 */

import type { Fairness, Property } from './property';

/** Values a state may hold. Sets and Maps compare as values: insertion order does not matter. */
export type Value =
  | string
  | number
  | boolean
  | null
  | readonly Value[]
  | ReadonlySet<Value>
  | ReadonlyMap<Value, Value>
  | { readonly [key: string]: Value };

/** A parameter's value. */
export type ParamValue = string | number | boolean;

/**
 * Model parameters: scope and variant knobs, overridable from the CLI with `--param key=value`. Declare them
 * as an interface or a type alias; every field must be a string, number or boolean.
 */
export type Params = Record<string, ParamValue>;

/**
 * The constraint a model's params type must meet. Unlike `Params` it has no index signature, so that an
 * `interface` (which TypeScript never widens to an index signature) is accepted as well as a type alias.
 */
export type ParamsOf<P> = { readonly [K in keyof P]: ParamValue };

/** For some params, the only values allowed (e.g. `variant: ['buggy', 'fixed']`): anything else is IL103. */
export type ParamValues<P> = { readonly [K in keyof P]?: readonly P[K][] };

/**
 * An action is plain data with a string `type` (used in labels and coverage). It may name the `actor`
 * (a task, a worker) that takes it; trace views draw one lane per actor.
 */
export interface Action {
  readonly type: string;
  readonly actor?: string;
}

// Declared as methods so that a `Model<MyState, ...>` is assignable to the erased `AnyModel` (method
// parameters are bivariant in TypeScript; plain function types are not under `strict`).
export type StatePredicate<S, P> = { check(state: S, params: P): boolean }['check'];
export type ActionPredicate<S, A, P> = { check(from: S, action: A, to: S, params: P): boolean }['check'];

/** The object a model file passes to `defineModel`. */
export interface ModelDefinition<S, A extends Action, P extends ParamsOf<P>> {
  /** A short name, shown in reports. */
  readonly name: string;
  /** Default parameter values; every parameter the model reads must have one. */
  readonly params: P;
  /**
   * The values some params may take, e.g. `{ variant: ['buggy', 'fixed'] }`. A value outside its list (on the
   * CLI, in `check`'s options or in a suite entry) is refused with IL103 naming the allowed ones.
   */
  readonly paramValues?: ParamValues<P>;
  /** The initial states. Must return at least one. */
  init(params: P): readonly S[];
  /** Candidate actions in `state`; `next` decides which of them are enabled. */
  actions(state: S, params: P): readonly A[];
  /** The successor of `state` under `action`, or `undefined` when the action is not enabled there. */
  next(state: S, action: A, params: P): S | undefined;
  /** Safety properties: each must hold in every reachable state. */
  readonly invariants: Readonly<Record<string, StatePredicate<S, P>>>;
  /** Report states without successors as deadlocks (TLC's CHECK_DEADLOCK). Default true. */
  readonly deadlock?: boolean;
  /** TLC's CONSTRAINT: a successor outside it is checked but neither stored nor expanded. */
  constraint?(state: S, params: P): boolean;
  /** Properties of single steps, checked on every transition. */
  readonly actionInvariants?: Readonly<Record<string, ActionPredicate<S, A, P>>>;
  /** States where having no successor is a proper end, not a deadlock. */
  terminal?(state: S, params: P): boolean;
  /** Reachability properties (Stateright's `sometimes`): each must hold in at least one reachable state. */
  readonly reachable?: Readonly<Record<string, StatePredicate<S, P>>>;
  /**
   * Action types whose steps may give back the state unchanged on purpose (an idle step, a retry that finds
   * nothing to do): the checker does not warn about them (see `warnings` in the result).
   */
  readonly unchangedOk?: readonly string[];
  /** Names the actor of an action when the action does not carry `actor` itself. */
  actor?(action: A, params: P): string | undefined;
  /** Temporal (liveness) properties, checked over the whole state graph under `fairness`. */
  readonly properties?: Readonly<Record<string, Property<S, P>>>;
  /** Fairness conditions assumed by `properties`; without any, a behaviour may stop (stutter) anywhere. */
  fairness?(params: P): readonly Fairness<A>[];
  /**
   * Symmetry reduction: a canonical representative (any plain value) of the class of states equivalent to `state`,
   * e.g. the state with its interchangeable ids renamed into a canonical order (`symmetryOf` builds one). The
   * checker fingerprints this value instead of the state, so of equivalent states only the first one reached is
   * stored and expanded; traces stay real behaviours. Equivalent states should give the same value (else less is
   * saved); states that are not equivalent must not (else states are lost). The model must not tell equivalent
   * states apart: init, next, invariants, constraint, terminal and reachable must commute with the symmetry.
   */
  symmetry?(state: S, params: P): unknown;
}

/** A model as returned by `defineModel`: the definition plus a brand the loader recognises. */
export type Model<S = unknown, A extends Action = Action, P extends ParamsOf<P> = Params> = ModelDefinition<S, A, P> & {
  readonly __interleaveModel: 1;
};

/** A model with its types erased, as the checker and the CLI handle it. */
export type AnyModel = Model<unknown, Action, Params>;
