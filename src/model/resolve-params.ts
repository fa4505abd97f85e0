import type { AnyModel, Params } from './types';
import { InterleaveError } from '../errors/interleave-error';

/**
 * Merges parameter overrides into the model's defaults. Every name must exist in `model.params`, and a value
 * must have the type of its default; strings from the command line are parsed as numbers or booleans when the
 * default is one.
 */
export function resolveParams(model: AnyModel, overrides: Partial<Params> = {}): Params {
  const params: Params = { ...model.params };
  const known = Object.keys(model.params);
  for (const [name, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue;
    if (!(name in model.params)) {
      throw new InterleaveError({
        code: 'IL102',
        message: `Unknown parameter "${name}" for model ${model.name}.`,
        hint: known.length ? `Its parameters are: ${known.join(', ')}.` : 'The model declares no parameters.',
      });
    }
    const def = model.params[name];
    const value = coerce(raw, typeof def);
    if (value === undefined) {
      throw new InterleaveError({
        code: 'IL103',
        message: `Parameter "${name}" of model ${model.name} must be a ${typeof def} (its default is ${JSON.stringify(def)}), but got ${JSON.stringify(raw)}.`,
      });
    }
    params[name] = value;
  }
  // Defaults are checked too: a model whose default is outside its own list is refused the same way.
  for (const [name, allowed] of Object.entries(model.paramValues ?? {})) {
    const value = params[name];
    if (allowed !== undefined && !(allowed as readonly unknown[]).includes(value)) {
      throw new InterleaveError({
        code: 'IL103',
        message: `Parameter "${name}" of model ${model.name} must be one of ${(allowed as readonly unknown[]).map((v) => JSON.stringify(v)).join(', ')}, but got ${JSON.stringify(value)}.`,
        hint: `Pass one of them, e.g. --param ${name}=${String((allowed as readonly unknown[])[0])}.`,
      });
    }
  }
  return params;
}

function coerce(raw: string | number | boolean, type: string): string | number | boolean | undefined {
  if (typeof raw === type) return raw;
  if (typeof raw !== 'string') return type === 'string' ? String(raw) : undefined;
  if (type === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  return raw;
}
