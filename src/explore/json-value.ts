/**
 * A state value as JSON for the explorer's API: plain JSON where JSON has it (null included), Sets and Maps as
 * ITF writes them (`{"#set": [...]}`, `{"#map": [[k, v], ...]}`), so that nothing is lost on the way to the page.
 */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Set) return { '#set': [...value].map(toJsonValue) };
  if (value instanceof Map) return { '#map': [...value].map(([k, v]) => [toJsonValue(k), toJsonValue(v)]) };
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return value;
}
