/**
 * Canonicalisers for TwoPhase (models/conformance/two-phase.ts), whose resource managers r1..rN are
 * interchangeable: the generic one from `symmetryOf`, and the hand-written fast path with `multiset`.
 */
import { symmetryOf, multiset } from '../../src/symmetry';
import model from '../../models/conformance/two-phase';

export type TwoPhaseState = ReturnType<typeof model.init>[number];
type Canon = (state: TwoPhaseState, params: typeof model.params) => TwoPhaseState;
type Message = TwoPhaseState['msgs'] extends ReadonlySet<infer M> ? M : never;

const preparedSent = (s: TwoPhaseState, r: string): boolean => [...s.msgs].some((m) => m.type === 'Prepared' && m.rm === r);

export const rmIds = (s: TwoPhaseState): string[] => Object.keys(s.rmState);

/** Applies a renaming of resource managers to every place a state names one. */
export function renameRms(s: TwoPhaseState, to: (id: string) => string): TwoPhaseState {
  return {
    rmState: Object.fromEntries(Object.entries(s.rmState).map(([r, v]) => [to(r), v])),
    tmState: s.tmState,
    tmPrepared: new Set([...s.tmPrepared].map(to)),
    msgs: new Set([...s.msgs].map((m): Message => (m.type === 'Prepared' ? { type: 'Prepared', rm: to(m.rm) } : m))),
  };
}

/** Everything the state says about one RM, without naming it. */
const rmSignature = (s: TwoPhaseState, r: string): unknown => [s.rmState[r] ?? null, s.tmPrepared.has(r), preparedSent(s, r)];

export const twoPhaseSymmetry: Canon = symmetryOf({ ids: rmIds, rename: renameRms, signature: rmSignature });

/** Without signatures: every permutation of the RMs is tried. */
export const twoPhaseSymmetryBrute: Canon = symmetryOf({ ids: rmIds, rename: renameRms });

/** The fast path: the TM's part, and the RMs as a multiset of what each one's state says about it. */
export const twoPhaseMultiset = (s: TwoPhaseState): unknown => ({
  tm: s.tmState,
  decisions: [...s.msgs].filter((m) => m.type !== 'Prepared').map((m) => m.type).sort(),
  rms: multiset(rmIds(s).map((r) => rmSignature(s, r))),
});
