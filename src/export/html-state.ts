import type { Change } from '../trace/diff';
import { formatPath, formatValue } from '../report/format-value';
import { MAX_NESTING } from '../state/value-limits';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Child paths are spelled as `diffStates` spells them, so that a changed path names exactly one row.
function childPath(path: string, k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

/** The children of a value shown field by field: label, path, value, and what separates label and value. */
type Child = [label: string, path: string, value: unknown, separator: string];

function children(v: unknown, path: string): Child[] | undefined {
  if (isRecord(v)) return Object.entries(v).map(([k, x]) => [k, childPath(path, k), x, ': ']);
  if (Array.isArray(v)) return v.map((x, i) => [`[${i}]`, `${path}[${i}]`, x, ': ']);
  if (v instanceof Map && [...v.keys()].every((k) => typeof k === 'string')) {
    return [...v].map(([k, x]) => [JSON.stringify(k), `${path}.get(${JSON.stringify(k)})`, x, ' ↦ ']);
  }
  return undefined;
}

/**
 * A state as a tree of rows, one per field. Rows whose path changed in this step get the class `chg`; rows
 * that contain a change get `chg-in`, so that the eye finds the change inside a large state.
 */
export function stateTreeHtml(state: unknown, changes: readonly Change[]): string {
  const changed = new Set(changes.map((c) => c.path));
  const inside = (path: string): boolean =>
    changes.some((c) => c.path.length > path.length && c.path.startsWith(path) && /^[.[]/.test(c.path.slice(path.length)));
  const visit = ([label, path, v, separator]: Child, depth = 1): string => {
    const cls = changed.has(path) ? ' chg' : inside(path) ? ' chg-in' : '';
    // Past the nesting limit of states, one row holds the rest (formatValue stops there too).
    const kids = depth > MAX_NESTING ? undefined : children(v, path);
    const head = `<span class="k">${escapeHtml(label)}</span>`;
    if (!kids || kids.length === 0) {
      return `<div class="row${cls}" data-path="${escapeHtml(path)}">${head}${escapeHtml(separator)}<span class="v">${escapeHtml(formatValue(v))}</span></div>`;
    }
    return `<div class="row${cls}" data-path="${escapeHtml(path)}">${head}<div class="kids">${kids.map((kid) => visit(kid, depth + 1)).join('')}</div></div>`;
  };
  const kids = children(state, '$');
  if (!kids) return `<div class="tree">${visit(['state', '$', state, ': '], 0)}</div>`;
  return `<div class="tree">${kids.map((kid) => visit(kid)).join('')}</div>`;
}

/** The changes of one step as a table: field, value before, value after; every row is highlighted. */
export function diffTableHtml(changes: readonly Change[]): string {
  if (changes.length === 0) return '<p class="none">This step changed nothing (the state stays the same).</p>';
  const rows = changes.map((c) => {
    const before = 'before' in c ? escapeHtml(formatValue(c.before)) : '<i>(none)</i>';
    const after = 'after' in c ? escapeHtml(formatValue(c.after)) : '<i>(removed)</i>';
    return `<tr class="chg"><td class="path">${escapeHtml(formatPath(c.path))}</td><td class="before">${before}</td><td class="after">${after}</td></tr>`;
  });
  return `<table class="diff"><thead><tr><th>field</th><th>before</th><th>after</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
