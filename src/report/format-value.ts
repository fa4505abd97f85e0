import type { Action } from '../model/types';
import { MAX_NESTING } from '../state/value-limits';

/**
 * Compact one-line text of a state value, for labels and terminal output: records as `{ a: 1 }`, Sets as
 * `{1, 2}`, Maps as `{a ↦ 1}`. Strings are quoted so that `"1"` and `1` stay distinguishable. Set elements and
 * Map entries are sorted, so that equal values (in any insertion order) print equally. Containers nested deeper
 * than states may nest (docs/values.md) print as `…`.
 */
export function formatValue(value: unknown, maxLength = Infinity): string {
  const text = format(value);
  return text.length > maxLength ? `${text.slice(0, Math.max(0, maxLength - 1))}…` : text;
}

function format(v: unknown, depth = 0): string {
  if (v === null) return 'null';
  if (v === undefined) return '(none)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && depth > MAX_NESTING) return '…';
  const f = (x: unknown): string => format(x, depth + 1);
  if (Array.isArray(v)) return `[${v.map(f).join(', ')}]`;
  if (v instanceof Set) return v.size === 0 ? 'Set{}' : `{${[...v].map(f).sort().join(', ')}}`;
  if (v instanceof Map) return v.size === 0 ? 'Map{}' : `{${[...v].map(([k, x]) => `${f(k)} ↦ ${f(x)}`).sort().join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${f(x)}`).join(', ')} }`;
  }
  return String(v);
}

/** A state path as people read it: `$.tasks[0].pc` becomes `tasks[0].pc`, the whole state `$` becomes `(state)`. */
export function formatPath(path: string): string {
  if (path === '$') return '(state)';
  return path.startsWith('$.') ? path.slice(2) : path.startsWith('$') ? path.slice(1) : path;
}

/** An action as a label: its `type`, then its other data fields (not `actor`) in parentheses. */
export function formatAction(action: Action): string {
  const args = Object.entries(action).filter(([k]) => k !== 'type' && k !== 'actor');
  if (args.length === 0) return action.type;
  return `${action.type}(${args.map(([k, x]) => `${k}=${format(x)}`).join(', ')})`;
}
