import type { AnyModel } from './types';
import { InterleaveError } from '../errors/interleave-error';

const REQUIRED_FUNCTIONS = ['init', 'actions', 'next'] as const;
const OPTIONAL_FUNCTIONS = ['constraint', 'terminal', 'actor', 'fairness', 'symmetry'] as const;
const PREDICATE_RECORDS = ['invariants', 'actionInvariants', 'reachable'] as const;

/**
 * Checks that `value` is a model made by `defineModel` with every field of the right kind, so that a malformed
 * model is reported before the search starts, naming the field and the file.
 */
export function validateModel(value: unknown, file?: string): AnyModel {
  const where = file ? ` in ${file}` : '';
  const fileInfo = file ? { file } : {};
  if (typeof value !== 'object' || value === null || (value as { __interleaveModel?: unknown }).__interleaveModel !== 1) {
    throw new InterleaveError({
      code: 'IL203',
      message: `The default export${where} is not a model: it is ${describe(value)}.`,
      hint: "Write `export default defineModel({ ... })` with defineModel imported from 'interleave'.",
      ...fileInfo,
    });
  }
  const m = value as Record<string, unknown>;
  const bad = (field: string, expected: string): InterleaveError =>
    new InterleaveError({
      code: 'IL204',
      message: `The model${where} is malformed: \`${field}\` must be ${expected}, but it is ${describe(m[field])}.`,
      ...fileInfo,
    });
  if (typeof m.name !== 'string' || m.name.length === 0) throw bad('name', 'a non-empty string');
  if (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params)) throw bad('params', 'an object of default parameter values');
  for (const [k, v] of Object.entries(m.params)) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) throw bad(`params.${k}`, 'a string, number or boolean');
  }
  if (m.paramValues !== undefined) {
    if (typeof m.paramValues !== 'object' || m.paramValues === null || Array.isArray(m.paramValues)) throw bad('paramValues', 'an object of allowed values per param');
    const params = m.params as Record<string, unknown>;
    for (const [k, v] of Object.entries(m.paramValues)) {
      if (!(k in params)) throw bad(`paramValues.${k}`, 'the list of a declared param (add it to `params`)');
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== typeof params[k])) throw bad(`paramValues.${k}`, `a non-empty array of ${typeof params[k]}s`);
    }
  }
  for (const f of REQUIRED_FUNCTIONS) if (typeof m[f] !== 'function') throw bad(f, 'a function');
  for (const f of OPTIONAL_FUNCTIONS) if (m[f] !== undefined && typeof m[f] !== 'function') throw bad(f, 'a function when given');
  if (m.invariants === undefined) throw bad('invariants', 'an object of named predicates (it may be empty)');
  for (const r of PREDICATE_RECORDS) {
    const rec = m[r];
    if (rec === undefined) continue;
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw bad(r, 'an object of named predicates');
    for (const [k, v] of Object.entries(rec)) if (typeof v !== 'function') throw bad(`${r}.${k}`, 'a function');
  }
  if (m.deadlock !== undefined && typeof m.deadlock !== 'boolean') throw bad('deadlock', 'a boolean');
  if (m.properties !== undefined) {
    if (typeof m.properties !== 'object' || m.properties === null) throw bad('properties', 'an object of named properties');
    for (const [k, v] of Object.entries(m.properties)) {
      const prop = v as { kind?: unknown; p?: unknown; q?: unknown } | null;
      const kinds = ['eventually', 'leadsTo', 'alwaysEventually', 'eventuallyAlways', 'always'];
      if (typeof prop !== 'object' || prop === null || !kinds.includes(String(prop.kind)) || typeof prop.p !== 'function' || (prop.kind === 'leadsTo' && typeof prop.q !== 'function')) {
        throw new InterleaveError({
          code: 'IL204',
          message: `The model${where} is malformed: property \`${k}\` must be made by eventually(p), leadsTo(p, q), alwaysEventually(p), eventuallyAlways(p) or always(p).`,
          ...fileInfo,
        });
      }
    }
  }
  return value as AnyModel;
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.length ? `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}` : 'an empty object';
  }
  return `${typeof v} ${JSON.stringify(v)}`;
}
