import type { Action, AnyModel, Params } from '../model/types';
import type { Fairness } from '../model/property';
import { InterleaveError } from '../errors/interleave-error';

/** Fairness conditions are bits of a 32-bit word, per edge and per state. */
export const MAX_FAIRNESS = 32;

/** The model's fairness conditions for `params`, checked: IL301 if `fairness` throws, IL204 if malformed. */
export function fairnessOf(model: AnyModel, params: Params): readonly Fairness<Action>[] {
  if (model.fairness === undefined) return [];
  let list: readonly Fairness<Action>[];
  try {
    list = model.fairness(params);
  } catch (error) {
    throw new InterleaveError({ code: 'IL301', message: `Model ${model.name}: fairness() threw ${error instanceof Error ? error.message : String(error)}.` });
  }
  if (!Array.isArray(list) || list.some((f) => typeof f?.actions !== 'function' || (f.kind !== 'weak' && f.kind !== 'strong'))) {
    throw new InterleaveError({
      code: 'IL204',
      message: `The model ${model.name} is malformed: \`fairness\` must return a list made with weak(...) and strong(...).`,
    });
  }
  if (list.length > MAX_FAIRNESS) {
    throw new InterleaveError({
      code: 'IL204',
      message: `The model ${model.name} declares ${list.length} fairness conditions; at most ${MAX_FAIRNESS} are supported.`,
      hint: 'Merge conditions over one action set into one weak(...) or strong(...) with a filter that selects all of them.',
    });
  }
  return list;
}
