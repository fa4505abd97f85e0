/** The public entry of interleave: models are written and checked against this module only. */
export { defineModel } from './model/define-model';
export type {
  Action,
  ActionPredicate,
  AnyModel,
  Model,
  ModelDefinition,
  Params,
  StatePredicate,
  Value,
} from './model/types';
export { check } from './check/check';
export { addTo, hasValue, removeFrom, setOf } from './state/set-of';
export { assertHolds, PropertyViolated } from './check/assert-holds';
/** Loads a model from its file, as the CLI does: checks with `workers` above 1 need a model loaded this way. */
export { loadModel } from './load/load-model';
export type { CheckOptions, Progress } from './check/options';
export { SearchWatch, WatchPhase } from './check/search-watch';
export type {
  ActionCoverage,
  CheckResult,
  CheckStats,
  ErrorResult,
  FewestSwitchesStats,
  IncompleteReason,
  IncompleteResult,
  NotReturned,
  OkResult,
  TraceStep,
  Verdict,
  Violation,
  ViolationKind,
  ViolationResult,
} from './check/result';
export { InterleaveError } from './errors/interleave-error';
export type { ErrorCode, ErrorInfo } from './errors/interleave-error';
export { always, alwaysEventually, eventually, eventuallyAlways, leadsTo, strong, weak } from './liveness/constructors';
export type { ActionSelector } from './liveness/constructors';
export type { ActionFilter, Fairness, Property } from './model/property';
export * from './crash/index';
export { canonicalUnder, multiset, permutations, symmetryOf } from './symmetry/index';
export type { Id, IdsOf, SortsSymmetrySpec, SymmetrySpec } from './symmetry/index';
export { defineSuite } from './suite/define-suite';
export type { Expectation, ExpectedTrace, Suite, SuiteDefinition, SuiteEntry } from './suite/types';
export type { Expectation as LogExpectation } from './validate/expectation';
export type { TraceMapping, MapResult } from './validate/mapping';
export type { FtraceEvent } from './validate/ftrace';
