import type { Action } from '../model/types';
import type { StepEngine } from '../engine/step-engine';
import type { TraceStep } from '../check/result';
import type { Expectation, LogEntry } from './expectation';
import type { Candidate, ValidationResult } from './result';
import { InterleaveError } from '../errors/interleave-error';
import { formatAction } from '../report/format-value';
import { valueAt } from './state-path';
import { sameValue } from './same-value';

export interface ValidateOptions {
  /** The log's file name, for messages. */
  readonly file: string;
  /** Unlogged steps allowed before each logged one (default 0). */
  readonly maxSilent?: number;
  /** Action types that may be unlogged; `undefined`: any. */
  readonly silent?: ReadonlySet<string>;
  /** Keep one matching model trace (memory then grows with the log: one small node per step). */
  readonly keepTrace?: boolean;
  /** How many consistent states a divergence shows (default 3). */
  readonly maxCandidates?: number;
  /** Asked once per record: true stops the search with verdict `interrupted`. */
  readonly shouldStop?: () => boolean;
  /** Called every `PROGRESS_EVERY` records with the counts so far. */
  readonly onProgress?: (progress: { readonly records: number; readonly matched: number }) => void;
}

export const PROGRESS_EVERY = 4096;

/** A step of the kept trace, linked to the one before it (shared between states that agree on their past). */
interface PathNode {
  readonly parent: PathNode | undefined;
  readonly step: TraceStep<unknown, Action>;
  readonly label: string;
}

/** A state consistent with the records so far. */
interface Consistent {
  readonly state: unknown;
  readonly fingerprint: string;
  readonly silent: number;
  readonly path: PathNode | undefined;
}

const SHOWN_ENABLED = 12;

/**
 * Checks that a log is a behaviour of the model, breadth-first over (state, position in the log): the states
 * consistent with the records so far are kept deduplicated by fingerprint, and each logged step is matched by one
 * step whose action has the record's action fields and whose next state has its observed values, after at most
 * `maxSilent` unlogged steps. The log is consumed as a stream: memory is that of the consistent states (plus the
 * kept trace with `keepTrace`). The model is driven only through the step engine.
 */
export async function validateLog(engine: StepEngine<unknown, Action>, entries: AsyncIterable<LogEntry> | Iterable<LogEntry>, options: ValidateOptions): Promise<ValidationResult> {
  const start = performance.now();
  const maxSilent = options.maxSilent ?? 0;
  const keep = options.keepTrace === true;
  let frontier = new Map<string, Consistent>();
  for (const init of engine.initialStates()) {
    if (!frontier.has(init.fingerprint)) {
      frontier.set(init.fingerprint, { state: init.state, fingerprint: init.fingerprint, silent: 0, path: keep ? { parent: undefined, step: { action: null, state: init.state }, label: 'initial' } : undefined });
    }
  }
  let records = 0;
  let matched = 0;
  let maxConsistent = frontier.size;
  const finish = (verdict: ValidationResult['verdict'], extra: Partial<ValidationResult> = {}): ValidationResult => {
    const first = frontier.values().next().value as Consistent | undefined;
    return {
      model: engine.model.name,
      params: engine.params,
      verdict,
      records,
      matched,
      silentSteps: first?.silent ?? 0,
      consistent: frontier.size,
      maxConsistent,
      durationMs: Math.round(performance.now() - start),
      ...(keep && first !== undefined ? { trace: traceOf(first.path) } : {}),
      ...extra,
    };
  };
  for await (const entry of entries) {
    if (options.shouldStop?.() === true) return finish('interrupted');
    records++;
    if (records % PROGRESS_EVERY === 0) options.onProgress?.({ records, matched });
    for (const expectation of entry.expectations) {
      const next = advance(engine, frontier, expectation, entry.line, maxSilent, options, keep);
      if (next.size === 0) {
        const candidates = [...frontier.values()].slice(0, options.maxCandidates ?? 3).map((c) => candidateOf(engine, c.state, expectation, entry.line, options.file));
        return finish('divergence', { divergence: { line: entry.line, record: entry.raw, expectation, consistent: frontier.size, candidates } });
      }
      frontier = next;
      matched++;
      if (frontier.size > maxConsistent) maxConsistent = frontier.size;
    }
  }
  return finish('ok');
}

/** The states consistent after one more logged step. */
function advance(
  engine: StepEngine<unknown, Action>,
  frontier: ReadonlyMap<string, Consistent>,
  expected: Expectation,
  line: number,
  maxSilent: number,
  options: ValidateOptions,
  keep: boolean,
): Map<string, Consistent> {
  const next = new Map<string, Consistent>();
  const seen = maxSilent > 0 ? new Set(frontier.keys()) : undefined;
  let layer: Iterable<Consistent> = frontier.values();
  for (let depth = 0; depth <= maxSilent; depth++) {
    const deeper: Consistent[] = [];
    for (const from of layer) {
      const actions = engine.actions(from.state);
      for (let index = 0; index < actions.length; index++) {
        const action = actions[index] as Action;
        const logged = actionAgrees(action, expected.action);
        const silent = depth < maxSilent && (options.silent === undefined || options.silent.has(action.type));
        if (!logged && !silent) continue;
        const step = engine.step(from.state, action, index, from.fingerprint);
        if (step === undefined) continue;
        if (logged && !next.has(step.fingerprint) && stateDiffs(step.state, expected, line, options.file).length === 0) {
          next.set(step.fingerprint, {
            state: step.state,
            fingerprint: step.fingerprint,
            silent: from.silent,
            path: keep ? { parent: from.path, step: { action, state: step.state }, label: `line ${line}: ${formatAction(action)}` } : undefined,
          });
        }
        if (silent && seen !== undefined && !seen.has(step.fingerprint)) {
          seen.add(step.fingerprint);
          deeper.push({
            state: step.state,
            fingerprint: step.fingerprint,
            silent: from.silent + 1,
            path: keep ? { parent: from.path, step: { action, state: step.state }, label: `unlogged: ${formatAction(action)}` } : undefined,
          });
        }
      }
    }
    layer = deeper;
  }
  return next;
}

/** Whether `action` has every field the record gives its action. */
function actionAgrees(action: Action, expected: Expectation['action']): boolean {
  if (action.type !== expected.type) return false;
  for (const key in expected) {
    if (key === 'type') continue;
    if (!Object.prototype.hasOwnProperty.call(action, key) || !sameValue(expected[key], (action as unknown as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The record's observations that `state` disagrees with; a path the state does not have is IL503. */
function stateDiffs(state: unknown, expected: Expectation, line: number, file: string): { path: string; expected: unknown; actual: unknown }[] {
  const out: { path: string; expected: unknown; actual: unknown }[] = [];
  if (expected.state === undefined) return out;
  for (const path of Object.keys(expected.state)) {
    const at = valueAt(state, path);
    if (!at.found) {
      throw new InterleaveError({
        code: 'IL503',
        message: `Line ${line} of the log ${file} observes "${path}", but the model's state has no "${at.missing}".`,
        hint: 'State paths are dot-separated keys and array indices of the model state, such as "tasks.0.pc".',
        file,
        path,
      });
    }
    if (!sameValue(expected.state[path], at.value)) out.push({ path, expected: expected.state[path], actual: at.value });
  }
  return out;
}

/** Why a consistent state cannot take the record: the action fields no enabled step has, or the observations that differ. */
function candidateOf(engine: StepEngine<unknown, Action>, state: unknown, expected: Expectation, line: number, file: string): Candidate {
  const successors = engine.successors(state);
  const missingFields = Object.keys(expected.action)
    .filter((key) => !successors.some((s) => Object.prototype.hasOwnProperty.call(s.action, key) && sameValue(expected.action[key], (s.action as unknown as Record<string, unknown>)[key])))
    .map((key) => `${key}=${JSON.stringify(expected.action[key])}`);
  const stateDiffsOut = successors
    .filter((s) => actionAgrees(s.action, expected.action))
    .map((s) => ({ action: formatAction(s.action), differs: stateDiffs(s.state, expected, line, file) }));
  return { state, enabled: successors.slice(0, SHOWN_ENABLED).map((s) => formatAction(s.action)), missingFields, stateDiffs: stateDiffsOut };
}

function traceOf(path: PathNode | undefined): { steps: TraceStep<unknown, Action>[]; labels: string[] } {
  const nodes: PathNode[] = [];
  for (let n = path; n !== undefined; n = n.parent) nodes.push(n);
  nodes.reverse();
  return { steps: nodes.map((n) => n.step), labels: nodes.map((n) => n.label) };
}
