/** Symmetry reduction helpers: builders of a model's `symmetry` hook. */
export { symmetryOf } from './symmetry-of';
export type { IdsOf, SortsSymmetrySpec, SymmetrySpec } from './symmetry-of';
export { canonicalUnder } from './canonical-under';
export { permutations } from './permutations';
export { multiset } from './multiset';
export type { Id } from './id';
