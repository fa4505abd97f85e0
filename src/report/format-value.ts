/** A compact one-line rendering of a state value for the terminal: `{a: 1, s: Set{1, 2}, m: Map{k => v}}`. */
export function formatValue(value: unknown, limit = 400): string {
  const text = render(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function render(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object' || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map(render).join(', ')}]`;
  if (v instanceof Set) return `Set{${[...v].map(render).sort().join(', ')}}`;
  if (v instanceof Map) return `Map{${[...v].map(([k, x]) => `${render(k)} => ${render(x)}`).sort().join(', ')}}`;
  const entries = Object.keys(v).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${render((v as Record<string, unknown>)[k])}`);
  return `{${entries.join(', ')}}`;
}
