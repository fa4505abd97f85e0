/**
 * Converts a state value to plain JSON for `--json` reports: Sets become arrays of their elements and Maps
 * arrays of `[key, value]` pairs, both in a canonical order (sorted by their JSON text) so that equal states
 * print equally. (The ITF export keeps Sets and Maps distinguishable.)
 */
export function toJson(value: unknown): unknown {
  if (value instanceof Set) return sortByText([...value].map(toJson));
  if (value instanceof Map) return sortByText([...value].map(([k, v]) => [toJson(k), toJson(v)]));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = toJson((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

function sortByText(items: unknown[]): unknown[] {
  return items
    .map((x) => [JSON.stringify(x), x] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, x]) => x);
}
