import type { Action, Params } from '../model/types';
import type { ViolationKind } from '../check/result';
import type { Change } from '../trace/diff';
import type { GraphInfo, StateNode, StepEdge } from '../graph/attributes';
import { InterleaveError } from '../errors/interleave-error';
import { fromItfValue, toItfValue, type ItfValue } from './itf-value';

/**
 * Graph attributes as plain JSON, for the file formats: state values, actions and changed values are ITF
 * values (Sets and Maps survive), everything else is JSON as is.
 */
export type NodeJson = Omit<StateNode, 'state'> & { readonly state: ItfValue };

export interface ChangeJson {
  readonly path: string;
  readonly before?: ItfValue;
  readonly after?: ItfValue;
}

export type EdgeJson = Omit<StepEdge, 'action' | 'changes'> & { readonly action: ItfValue; readonly changes: readonly ChangeJson[] };

/** Graph-level attributes are plain JSON already. */
export type InfoJson = GraphInfo;

export function encodeNode(a: StateNode): NodeJson {
  return { ...a, state: toItfValue(a.state) };
}

export function encodeEdge(a: StepEdge): EdgeJson {
  return {
    ...a,
    action: toItfValue(a.action),
    changes: a.changes.map((c) => ({
      path: c.path,
      ...('before' in c ? { before: toItfValue(c.before) } : {}),
      ...('after' in c ? { after: toItfValue(c.after) } : {}),
    })),
  };
}

export function encodeInfo(a: GraphInfo): InfoJson {
  return a;
}

function fail(what: string): InterleaveError {
  return new InterleaveError({ code: 'IL403', message: `The graph file is malformed: ${what}.` });
}

type Json = Record<string, unknown>;

function strings(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw fail(`${what} is not a list of strings`);
  return v;
}

function bool(v: unknown): boolean {
  return v === true;
}

export function decodeNode(a: Json): StateNode {
  if (typeof a.depth !== 'number' || !('state' in a)) throw fail('a node has no depth or state');
  const steps = Array.isArray(a.steps) ? a.steps.filter((x): x is number => typeof x === 'number') : [];
  return {
    depth: a.depth,
    state: fromItfValue(a.state),
    changed: strings(a.changed ?? [], 'changed'),
    failing: strings(a.failing ?? [], 'failing'),
    initial: bool(a.initial),
    violating: bool(a.violating),
    deadlock: bool(a.deadlock),
    steps,
  };
}

export function decodeEdge(a: Json): StepEdge {
  const action = fromItfValue(a.action) as Action;
  if (typeof action !== 'object' || action === null || typeof action.type !== 'string') throw fail('an edge has no action');
  const changes: Change[] = (Array.isArray(a.changes) ? (a.changes as Json[]) : []).map((c) => ({
    path: String(c.path),
    ...('before' in c ? { before: fromItfValue(c.before) } : {}),
    ...('after' in c ? { after: fromItfValue(c.after) } : {}),
  }));
  return {
    label: typeof a.label === 'string' ? a.label : action.type,
    action,
    actor: typeof a.actor === 'string' ? a.actor : null,
    ...(typeof a.step === 'number' ? { step: a.step } : {}),
    changes,
    failing: strings(a.failing ?? [], 'failing'),
    loop: bool(a.loop),
    closesLoop: bool(a.closesLoop),
    counterexample: bool(a.counterexample),
  };
}

export function decodeInfo(a: Json): GraphInfo {
  if (a.kind !== 'trace' && a.kind !== 'state-space') throw fail('the graph kind is neither trace nor state-space');
  const violation = a.violation as { kind: ViolationKind; name: string } | undefined;
  return {
    kind: a.kind,
    model: typeof a.model === 'string' ? a.model : '',
    params: (typeof a.params === 'object' && a.params !== null ? a.params : {}) as Params,
    ...(violation && typeof violation.name === 'string' ? { violation: { kind: violation.kind, name: violation.name } } : {}),
    ...(typeof a.loopStart === 'number' ? { loopStart: a.loopStart } : {}),
  };
}
