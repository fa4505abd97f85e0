import type { Action, Params } from '../model/types';
import type { TraceStep, ViolationKind } from '../check/result';
import { InterleaveError } from '../errors/interleave-error';
import type { TraceView } from '../graph/trace-view';
import { fromItfValue, toItfValue, type ItfValue } from './itf-value';

/** The variable that holds the whole state when a state is not a record (ITF states are records of variables). */
const WHOLE_STATE = 'state';

const KINDS: readonly ViolationKind[] = ['invariant', 'action-invariant', 'deadlock', 'unreachable', 'liveness'];

function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A trace in the Informal Trace Format, readable by Apalache's and Quint's tools. Each state's `#meta` holds
 * the action that led to it and its actor (ITF has no place for actions); the file's `#meta` holds the model,
 * params and violated property, and `loop` the start of a lasso's loop.
 */
export function toItf(view: TraceView): string {
  const wrapped = !view.steps.every((s) => isRecord(s.state));
  const vars = wrapped ? [WHOLE_STATE] : [...new Set(view.steps.flatMap((s) => Object.keys(s.state as object)))];
  const meta: Record<string, unknown> = {
    format: 'ITF',
    'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
    source: view.model ?? '',
    description: view.name !== undefined ? `${view.kind ?? 'property'} ${view.name} violated` : 'trace',
    generator: 'interleave',
    params: view.params,
    wrapped,
  };
  if (view.kind !== undefined && view.name !== undefined) meta.violation = { kind: view.kind, name: view.name };
  const states = view.steps.map((s) => {
    const stepMeta: Record<string, unknown> = { index: s.index };
    if (s.action) stepMeta.action = toItfValue(s.action);
    if (s.actor !== undefined) stepMeta.actor = s.actor;
    const values: Record<string, ItfValue> = wrapped
      ? { [WHOLE_STATE]: toItfValue(s.state) }
      : Object.fromEntries(Object.entries(s.state as object).map(([k, v]) => [k, toItfValue(v)]));
    return { '#meta': stepMeta, ...values };
  });
  // One line per state: readable, and a line diff of two traces shows the states that differ.
  const lines = [
    '{',
    `  "#meta": ${JSON.stringify(meta)},`,
    `  "vars": ${JSON.stringify(vars)},`,
    ...(view.loopStart !== undefined ? [`  "loop": ${view.loopStart},`] : []),
    '  "states": [',
    states.map((s) => `    ${JSON.stringify(s)}`).join(',\n'),
    '  ]',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** A trace read back from an ITF file. */
export interface ItfTrace {
  /** The model's name, when the file records it. */
  readonly model: string | undefined;
  readonly params: Params;
  readonly kind: ViolationKind | undefined;
  readonly name: string | undefined;
  readonly loopStart: number | undefined;
  readonly trace: readonly TraceStep[];
  /** The actor of each step as recorded (undefined for the initial state and for steps without one). */
  readonly actors: readonly (string | undefined)[];
}

function fail(message: string): InterleaveError {
  return new InterleaveError({ code: 'IL403', message });
}

function isAction(v: unknown): v is Action {
  return isRecord(v) && typeof v.type === 'string' && (v.actor === undefined || typeof v.actor === 'string');
}

/** Reads an ITF trace (ours, or any ITF file whose states are records). Throws IL403 on a malformed file. */
export function readItf(text: string): ItfTrace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`The trace file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(json) || !Array.isArray(json.states)) throw fail('The trace file has no "states" array: it is not an ITF trace.');
  const meta = isRecord(json['#meta']) ? json['#meta'] : {};
  const wrapped = meta.wrapped === true;
  const trace: TraceStep[] = [];
  const actors: (string | undefined)[] = [];
  json.states.forEach((raw: unknown, index: number) => {
    if (!isRecord(raw)) throw fail(`State ${index} of the trace file is not a record.`);
    const stepMeta = isRecord(raw['#meta']) ? raw['#meta'] : {};
    let action: Action | null = null;
    if (index > 0) {
      const decoded = stepMeta.action === undefined ? undefined : fromItfValue(stepMeta.action, `$.states[${index}]["#meta"].action`);
      // A foreign ITF file carries no actions: such steps get a placeholder type.
      action = decoded === undefined ? { type: 'step' } : isAction(decoded) ? decoded : null;
      if (action === null) throw fail(`The action of step ${index} has no string "type".`);
    }
    actors.push(typeof stepMeta.actor === 'string' ? stepMeta.actor : undefined);
    const fields = Object.entries(raw).filter(([k]) => k !== '#meta');
    let state: unknown;
    if (wrapped) {
      if (!(WHOLE_STATE in raw)) throw fail(`State ${index} of the trace file has no "${WHOLE_STATE}" variable.`);
      state = fromItfValue(raw[WHOLE_STATE], `$.states[${index}].${WHOLE_STATE}`);
    } else {
      state = Object.fromEntries(fields.map(([k, v]) => [k, fromItfValue(v, `$.states[${index}].${k}`, 1)]));
    }
    trace.push({ action, state });
  });
  const violation = isRecord(meta.violation) ? meta.violation : undefined;
  const kind = KINDS.find((k) => k === violation?.kind);
  const loop = json.loop;
  if (loop !== undefined && !(Number.isInteger(loop) && (loop as number) >= 0 && (loop as number) < trace.length)) {
    throw fail(`The trace file's "loop" (${JSON.stringify(loop)}) is not the index of one of its states.`);
  }
  return {
    model: typeof meta.source === 'string' && meta.source !== '' ? meta.source : undefined,
    params: isRecord(meta.params) ? (meta.params as Params) : {},
    kind,
    name: typeof violation?.name === 'string' ? violation.name : undefined,
    loopStart: loop as number | undefined,
    trace,
    actors,
  };
}
