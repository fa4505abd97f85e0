import type { Id } from './id';
import { Lanes } from './lanes';

/**
 * A canonicaliser for an explicitly listed group of renamings: the least image of the state (by fingerprint)
 * over every renaming. `renamings` must form a group (the identity included, closed under composition), e.g.
 * `permutations(ids)` or the rotations of a ring; then the least image depends only on the state's class.
 * `rename(state, to)` applies one renaming: `to(id)` is the new id of `id` (ids outside the group map to
 * themselves). Costs one rename and one hash per group element: fine for a handful of ids, and the reference
 * the faster `symmetryOf` is tested against.
 */
export function canonicalUnder<S, I extends Id>(
  renamings: readonly ReadonlyMap<I, I>[],
  rename: (state: S, to: (id: I) => I) => S,
): (state: S) => S {
  if (renamings.length === 0) throw new Error('canonicalUnder needs at least the identity renaming.');
  return (state) => {
    let best: S | undefined;
    let bestLanes: Lanes | undefined;
    for (const r of renamings) {
      const image = rename(state, (id) => r.get(id) ?? id);
      const lanes = Lanes.of(image);
      if (bestLanes === undefined || lanes.compare(bestLanes) < 0) {
        best = image;
        bestLanes = lanes;
      }
    }
    return best as S;
  };
}
