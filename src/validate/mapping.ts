import type { Expectation } from './expectation';
import type { FtraceEvent } from './ftrace';
import { InterleaveError } from '../errors/interleave-error';
import { loadModule } from '../load/load-module';
import { malformed } from './ndjson';

/** What a mapping's function may return for one raw record: nothing (skip it), one expectation, or several. */
export type MapResult = Expectation | readonly Expectation[] | null | undefined;

/**
 * A mapping module's default export: a function from a raw record (a parsed NDJSON object, or an `FtraceEvent`)
 * to the steps it stands for, or an object with that function as `map` and, optionally, the action types that
 * may run unlogged (`silent`, used with `--max-silent`) and parameters for the model (`--param` overrides them).
 */
export type TraceMapping =
  | ((record: Record<string, unknown> | FtraceEvent) => MapResult)
  | {
      readonly map: (record: Record<string, unknown> | FtraceEvent) => MapResult;
      readonly silent?: readonly string[];
      readonly params?: Readonly<Record<string, string | number | boolean>>;
    };

/** A mapping ready to use: where it came from (for messages), its function, silent actions and params. */
export interface Mapping {
  readonly file: string | undefined;
  readonly map: (record: Record<string, unknown> | FtraceEvent) => unknown;
  /** Action types allowed as unlogged steps; `undefined`: any action. */
  readonly silent: ReadonlySet<string> | undefined;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

function unusable(file: string, why: string): InterleaveError {
  return new InterleaveError({
    code: 'IL504',
    message: `The mapping ${file} is unusable: ${why}.`,
    hint: 'Default-export a function from a record to { action: { type, ... }, state?: { "path.to.field": value } } (or an array of them), or an object { map, silent?, params? }.',
    file,
  });
}

/** Loads a mapping module (a .ts file, loaded like models). Every problem with it is IL504. */
export function loadMapping(file: string): Mapping {
  const exported = loadModule(file, 'mapping', { missing: 'IL504', compile: 'IL504', threw: 'IL504' });
  if (typeof exported === 'function') return { file, map: exported as Mapping['map'], silent: undefined, params: {} };
  if (typeof exported !== 'object' || exported === null) throw unusable(file, `its default export is ${exported === null ? 'null' : typeof exported}, not a function or an object with a \`map\` function`);
  const m = exported as { map?: unknown; silent?: unknown; params?: unknown };
  if (typeof m.map !== 'function') throw unusable(file, 'its default export has no `map` function');
  if (m.silent !== undefined && (!Array.isArray(m.silent) || !m.silent.every((t) => typeof t === 'string'))) throw unusable(file, '`silent` must be an array of action types');
  const params = m.params ?? {};
  if (typeof params !== 'object' || params === null || Object.values(params).some((v) => !['string', 'number', 'boolean'].includes(typeof v))) {
    throw unusable(file, '`params` must be an object of strings, numbers and booleans');
  }
  return { file, map: m.map as Mapping['map'], silent: m.silent === undefined ? undefined : new Set(m.silent as string[]), params: params as Mapping['params'] };
}

/** Without `--map`: an NDJSON record is its own expectation; an ftrace event is the action `{ type: event, ...fields }`. */
export const DEFAULT_MAPPING: Mapping = {
  file: undefined,
  map: (record) => ('event' in record && 'cpu' in record && 'timestamp' in record ? { action: { ...(record as FtraceEvent).fields, type: (record as FtraceEvent).event } } : record),
  silent: undefined,
  params: {},
};

/** Runs the mapping on one record and checks what it returned: IL504 (or IL502 for the default mapping) naming the line. */
export function expectationsOf(mapping: Mapping, logFile: string, line: number, record: Record<string, unknown> | FtraceEvent): Expectation[] {
  let out: unknown;
  try {
    out = mapping.map(record);
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new InterleaveError({ code: 'IL504', message: `The mapping ${mapping.file ?? '(default)'} threw on line ${line} of the log ${logFile}: ${why}.`, file: mapping.file ?? logFile });
  }
  if (out === undefined || out === null) return [];
  const list = Array.isArray(out) ? (out as unknown[]) : [out];
  for (const e of list) {
    const problem = problemOf(e);
    if (problem === undefined) continue;
    if (mapping.file === undefined) throw malformed(logFile, line, problem);
    throw new InterleaveError({
      code: 'IL504',
      message: `The mapping ${mapping.file} returned an unusable expectation for line ${line} of the log ${logFile}: ${problem}.`,
      hint: 'Return { action: { type: "...", ...fields }, state?: { "path.to.field": value } }, an array of them, or nothing to skip the record.',
      file: mapping.file,
    });
  }
  return list as Expectation[];
}

function problemOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return `${JSON.stringify(e)} is not an object`;
  const { action, state } = e as { action?: unknown; state?: unknown };
  if (typeof action !== 'object' || action === null || Array.isArray(action)) return 'it has no `action` object';
  if (typeof (action as { type?: unknown }).type !== 'string') return 'its `action` has no string `type`';
  if (state !== undefined && (typeof state !== 'object' || state === null || Array.isArray(state))) return '`state` must be an object of dot paths to values';
  return undefined;
}
