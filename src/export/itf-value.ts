import { InterleaveError } from '../errors/interleave-error';
import { setOf } from '../state/set-of';
import { MAX_NESTING } from '../state/value-limits';

/** A value in the Informal Trace Format (ITF) of Apalache and Quint. */
export type ItfValue =
  | string
  | number
  | boolean
  | readonly ItfValue[]
  | { readonly '#set': readonly ItfValue[] }
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly '#bigint': string }
  | { readonly '#tup': readonly ItfValue[] }
  | { readonly '#unserializable': string }
  | { readonly [field: string]: ItfValue };

/** ITF has no null: it is written as this unserializable value and read back as null. */
const NULL: ItfValue = { '#unserializable': 'null' };

/**
 * Encodes a state value as ITF says: Sets as `{"#set": [...]}`, Maps as `{"#map": [[k, v], ...]}`, integers
 * outside the safe range as `{"#bigint": "..."}`. Non-integer numbers, which ITF does not have, stay JSON numbers.
 */
export function toItfValue(value: unknown, depth = 0): ItfValue {
  if (value === null) return NULL;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { '#bigint': BigInt(value).toString() };
      return Object.is(value, -0) ? 0 : value;
    default:
      break;
  }
  if (typeof value === 'object' && value !== null && depth > MAX_NESTING) {
    throw new InterleaveError({ code: 'IL302', message: `A value nested more than ${MAX_NESTING} levels deep cannot be written to a trace file (docs/values.md).` });
  }
  const toItf = (x: unknown): ItfValue => toItfValue(x, depth + 1);
  if (Array.isArray(value)) return value.map(toItf);
  if (value instanceof Set) return { '#set': [...value].map(toItf) };
  if (value instanceof Map) return { '#map': [...value].map(([k, v]) => [toItf(k), toItf(v)] as const) };
  if (typeof value === 'object') {
    const out: Record<string, ItfValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toItf(v);
    return out;
  }
  throw new InterleaveError({ code: 'IL302', message: `A ${typeof value} cannot be written to a trace file.` });
}

function bad(message: string, path: string): InterleaveError {
  return new InterleaveError({ code: 'IL403', message: `${message} at ${path}.`, path });
}

/** Decodes an ITF value back into the state value it encodes (tuples become arrays). */
export function fromItfValue(json: unknown, path = '$', depth = 0): unknown {
  if (typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') {
    if (!Number.isFinite(json)) throw bad('A number that is not finite', path);
    return json;
  }
  if (typeof json === 'object' && json !== null && depth > MAX_NESTING) {
    throw bad(`A value nested more than ${MAX_NESTING} levels deep, deeper than states may nest (docs/values.md),`, path.length > 120 ? `${path.slice(0, 60)}...${path.slice(-40)}` : path);
  }
  const fromItf = (x: unknown, at: string): unknown => fromItfValue(x, at, depth + 1);
  if (Array.isArray(json)) return json.map((x, i) => fromItf(x, `${path}[${i}]`));
  if (json === null || typeof json !== 'object') throw bad(`A ${json === null ? 'null' : typeof json} is no ITF value`, path);
  const o = json as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const tag = keys[0] as string;
    const x = o[tag];
    switch (tag) {
      case '#set':
        if (!Array.isArray(x)) throw bad('#set needs an array', path);
        return setOf(...x.map((e, i) => fromItf(e, `${path}.<element ${i}>`)));
      case '#map':
        if (!Array.isArray(x)) throw bad('#map needs an array of pairs', path);
        return new Map(
          x.map((pair: unknown, i) => {
            if (!Array.isArray(pair) || pair.length !== 2) throw bad('#map needs an array of pairs', `${path}.<entry ${i}>`);
            return [fromItf(pair[0], `${path}.<key ${i}>`), fromItf(pair[1], `${path}.<entry ${i}>`)];
          }),
        );
      case '#tup':
        if (!Array.isArray(x)) throw bad('#tup needs an array', path);
        return x.map((e, i) => fromItf(e, `${path}[${i}]`));
      case '#bigint': {
        if (typeof x !== 'string' || !/^-?\d+$/.test(x)) throw bad('#bigint needs a string of digits', path);
        return Number(x);
      }
      case '#unserializable':
        if (x === 'null') return null;
        throw bad(`The unserializable value ${JSON.stringify(x)}`, path);
      default:
        break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = fromItf(o[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);
  return out;
}
