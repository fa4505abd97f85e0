/**
 * How deeply a state's values may nest: a container (array, record, Set, Map) may sit at most this many levels
 * below the state (the state's own fields are one level below it). Every walk over a state (fingerprint, codec,
 * validation, trace formatting and diff) refuses a deeper value before it could exhaust the call stack; see
 * docs/values.md.
 */
export const MAX_NESTING = 256;
