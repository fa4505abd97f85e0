import type { VisitedStates } from '../state/visited-states';

/**
 * A reference to a state that need not be stored: the stored state it was reached from (`parent`, -1 for an
 * initial state) and the index of the action taken there (for an initial state: its index in `init`).
 */
export class StateRef {
  constructor(
    readonly parent: number,
    readonly index: number,
  ) {}

  /** The reference of a stored state. */
  static stored(store: VisitedStates, id: number): StateRef {
    return new StateRef(store.parentOf(id), store.actionOf(id));
  }
}
