import type { Action } from '../model/types';
import type { StepEngine, Successor } from '../engine/step-engine';
import type { ErrorInfo } from '../errors/interleave-error';
import { InterleaveError } from '../errors/interleave-error';
import { diffStates, type Change } from '../trace/diff';
import { formatAction, formatPath, formatValue } from '../report/format-value';
import { diffTableHtml, stateTreeHtml } from '../export/html-state';
import { toJsonValue } from './json-value';
import { NO_ACTOR } from '../graph/actor';
import { isCrashAction } from '../crash/with-crashes';
import { BadPath, formatExplorePath } from './explore-path';

/** One changed field, as text: `tasks[0].pc`, `"read"`, `"write"`. */
export interface ChangeText {
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
}

/** One enabled step out of the state on screen. */
export interface SuccessorView {
  /** Its index in the list of enabled successors: the next component of a path. */
  readonly index: number;
  /** Its index in `actions(state)`, as traces record it. */
  readonly actionIndex: number;
  readonly action: unknown;
  /** `Write(task=1)`. */
  readonly label: string;
  readonly actor: string | undefined;
  readonly lane: string;
  /** False for a step back to the same state. */
  readonly changed: boolean;
  readonly changes: readonly ChangeText[];
  /** Invariants false in the state it leads to. */
  readonly violates: readonly string[];
  /** Action invariants this step breaks. */
  readonly breaks: readonly string[];
  /** For a `withCrashes` power failure: what reached the disk and what was lost. */
  readonly crash?: { readonly persisted: readonly string[]; readonly lost: readonly string[] };
}

/** One step of the path so far, for the lanes. */
export interface TrailStep {
  readonly label: string;
  /** `undefined` for the initial state. */
  readonly lane: string | undefined;
  readonly changes: readonly string[];
  /** Invariants false in the state after this step, and action invariants the step broke. */
  readonly failing: readonly string[];
}

/** What `GET /api/state` returns. */
export interface StateView {
  readonly path: readonly number[];
  readonly state: unknown;
  /** The state as the trace viewer's tree, the last step's changes highlighted. */
  readonly stateHtml: string;
  /** What the last step changed, as the trace viewer's diff table (empty for an initial state). */
  readonly changesHtml: string;
  readonly step: { readonly label: string; readonly actor: string | undefined; readonly lane: string; readonly action: unknown } | null;
  /** Whether each invariant holds here (null: it threw, see `errors`). */
  readonly invariants: Readonly<Record<string, boolean | null>>;
  /** Whether the last step kept each action invariant (empty for an initial state). */
  readonly actionInvariants: Readonly<Record<string, boolean | null>>;
  /** Whether each `reachable` property holds here. */
  readonly reachable: Readonly<Record<string, boolean | null>>;
  readonly successors: readonly SuccessorView[];
  /** No successor, deadlocks are checked, and the model does not call this state terminal. */
  readonly deadlock: boolean;
  /** Outside the model's constraint: the search checks such a state but does not expand it. */
  readonly outsideConstraint: boolean;
  readonly trail: readonly TrailStep[];
  /** Model failures evaluating this state (its successors, a predicate): shown, never fatal. */
  readonly errors: readonly ErrorInfo[];
}

/** A failure of the model on the way to the requested state (HTTP 422): the path prefix where it failed. */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(
    readonly error: InterleaveError,
    readonly at: readonly number[],
  ) {
    super(error.message);
  }
}

const CACHE_LIMIT = 20_000;

function changeText(c: Change): ChangeText {
  return {
    path: formatPath(c.path),
    ...('before' in c ? { before: formatValue(c.before, 200) } : {}),
    ...('after' in c ? { after: formatValue(c.after, 200) } : {}),
  };
}

/**
 * The explorer's driver over the step engine: states by path, computed on demand (so an unbounded model can be
 * walked), with the successor lists of the states visited kept in a bounded cache.
 */
export class ExploreSession<S = unknown, A extends Action = Action> {
  private readonly cache = new Map<string, Successor<S, A>[]>();
  private inits: { state: S }[] | undefined;

  constructor(readonly engine: StepEngine<S, A>) {}

  /** The enabled successors of the state at `path` (whose state is `state`). */
  successorsAt(path: readonly number[], state: S): Successor<S, A>[] {
    const key = formatExplorePath(path);
    let succs = this.cache.get(key);
    if (succs === undefined) {
      succs = this.engine.successors(state);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, succs);
    }
    return succs;
  }

  /** The states along `path` and the steps taken: `states[i]` after `steps[i - 1]`. Throws BadPath or StepFailure. */
  walk(path: readonly number[]): { states: S[]; steps: Successor<S, A>[] } {
    if (path.length === 0) throw new BadPath('The path is empty: start it with the index of an initial state, e.g. path=0.');
    if (this.inits === undefined) {
      try {
        this.inits = this.engine.initialStates();
      } catch (error) {
        if (error instanceof InterleaveError) throw new StepFailure(error, []);
        throw error;
      }
    }
    const first = this.inits[path[0] as number];
    if (first === undefined) {
      throw new BadPath(`Path ${formatExplorePath(path)}: the model has ${this.inits.length} initial state${this.inits.length === 1 ? '' : 's'} (index 0${this.inits.length > 1 ? `-${this.inits.length - 1}` : ''}), so there is no initial state ${path[0]}.`);
    }
    const states = [first.state];
    const steps: Successor<S, A>[] = [];
    for (let i = 1; i < path.length; i++) {
      const prefix = path.slice(0, i);
      let succs: Successor<S, A>[];
      try {
        succs = this.successorsAt(prefix, states[i - 1] as S);
      } catch (error) {
        if (error instanceof InterleaveError) throw new StepFailure(error, prefix);
        throw error;
      }
      const step = succs[path[i] as number];
      if (step === undefined) {
        throw new BadPath(
          `Path ${formatExplorePath(path)}: state ${formatExplorePath(prefix)} has ${succs.length === 0 ? 'no enabled step' : `${succs.length} enabled step${succs.length === 1 ? '' : 's'} (index 0${succs.length > 1 ? `-${succs.length - 1}` : ''})`}, so there is no step ${path[i]}.`,
        );
      }
      steps.push(step);
      states.push(step.state);
    }
    return { states, steps };
  }

  /** Everything the page shows of the state at `path`. */
  view(path: readonly number[]): StateView {
    const { states, steps } = this.walk(path);
    const engine = this.engine;
    const errors: ErrorInfo[] = [];
    const attempt = <T>(f: () => T, fallback: T): T => {
      try {
        return f();
      } catch (error) {
        if (!(error instanceof InterleaveError)) throw error;
        errors.push(error.toInfo());
        return fallback;
      }
    };
    const state = states[states.length - 1] as S;
    const last = steps[steps.length - 1];
    const before = states.length > 1 ? states[states.length - 2] : undefined;
    const changes = last !== undefined ? diffStates(before, state) : [];
    const names = engine.checks;
    const violated = attempt<string[] | undefined>(() => engine.violatedInvariants(state), undefined);
    const broken = last !== undefined ? attempt<string[] | undefined>(() => engine.violatedActionInvariants(before as S, last.action, state), undefined) : [];
    const reached = attempt<string[] | undefined>(() => engine.reached(state), undefined);
    // A predicate that threw is neither true nor false: null, with the error beside it.
    // `listed`: what being in the list means (violated lists mean false, the reached list true).
    const verdicts = (all: readonly string[], list: readonly string[] | undefined, listed: boolean): Record<string, boolean | null> =>
      Object.fromEntries(all.map((n) => [n, list === undefined ? null : list.includes(n) ? listed : !listed]));
    const succs = attempt(() => this.successorsAt(path, state), []);
    const outsideConstraint = attempt(() => !engine.inside(state), false);
    const successors = succs.map((s, index): SuccessorView => {
      const crash = isCrashAction(s.action) ? { crash: { persisted: s.action.persisted, lost: s.action.lost } } : {};
      return {
        index,
        actionIndex: s.index,
        action: toJsonValue(s.action),
        label: formatAction(s.action),
        actor: s.actor,
        lane: s.actor ?? NO_ACTOR,
        changed: s.changed,
        changes: diffStates(state, s.state).map(changeText),
        violates: attempt(() => engine.violatedInvariants(s.state), []),
        breaks: attempt(() => engine.violatedActionInvariants(state, s.action, s.state), []),
        ...crash,
      };
    });
    const deadlock = errors.length === 0 && attempt(() => engine.isDeadlock(state, succs.length), false);
    const trail = states.map((st, i): TrailStep => {
      const step = steps[i - 1];
      if (step === undefined) return { label: 'initial state', lane: undefined, changes: [], failing: attempt(() => engine.violatedInvariants(st), []) };
      const prev = states[i - 1] as S;
      return {
        label: formatAction(step.action),
        lane: step.actor ?? NO_ACTOR,
        changes: diffStates(prev, st).map((c) => `${formatPath(c.path)} = ${'after' in c ? formatValue(c.after, 40) : '(removed)'}`),
        failing: [...attempt(() => engine.violatedInvariants(st), []), ...attempt(() => engine.violatedActionInvariants(prev, step.action, st), [])],
      };
    });
    return {
      path: [...path],
      state: toJsonValue(state),
      stateHtml: stateTreeHtml(state, changes),
      changesHtml: last !== undefined ? diffTableHtml(changes) : '',
      step: last !== undefined ? { label: formatAction(last.action), actor: last.actor, lane: last.actor ?? NO_ACTOR, action: toJsonValue(last.action) } : null,
      invariants: verdicts(names.invariants, violated, false),
      actionInvariants: last !== undefined ? verdicts(names.actionInvariants, broken, false) : {},
      reachable: verdicts(names.reachable, reached, true),
      successors,
      deadlock,
      outsideConstraint,
      trail,
      errors: dedupe(errors),
    };
  }
}

/** The same failure met for several successors is reported once. */
function dedupe(errors: readonly ErrorInfo[]): ErrorInfo[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
