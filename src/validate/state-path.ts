/** The value at a dot path (`tasks.0.pc`) in a state: object keys, array indices, Map keys. `found: false` when some part is missing. */
export function valueAt(state: unknown, path: string): { found: true; value: unknown } | { found: false; missing: string } {
  let value = state;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i] as string;
    if (value instanceof Map) {
      const k = value.has(key) ? key : /^-?\d+$/.test(key) && value.has(Number(key)) ? Number(key) : undefined;
      if (k === undefined) return { found: false, missing: parts.slice(0, i + 1).join('.') };
      value = value.get(k);
    } else if (Array.isArray(value)) {
      if (!/^\d+$/.test(key) || Number(key) >= value.length) return { found: false, missing: parts.slice(0, i + 1).join('.') };
      value = value[Number(key)];
    } else if (typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key)) {
      value = (value as Record<string, unknown>)[key];
    } else {
      return { found: false, missing: parts.slice(0, i + 1).join('.') };
    }
  }
  return { found: true, value };
}
