/**
 * How often a search checks what would be too costly on every state. Both rates are the same for every driver,
 * and the README's known limitations quote them.
 */

/**
 * One expanded state in this many is hashed again after its successors are computed, to catch a model that changes
 * the state it was given (parts of states are shared between states, so that would corrupt others): cheap, and a
 * model that does so on some action is caught within the first few states where that action is enabled.
 */
export const CHANGE_CHECK_EVERY = 16;

/**
 * The first states each thread expands, and then one in this many, have their successors computed twice more to
 * catch a model that is not deterministic (see `StepEngine.nondeterministicAt`) during the search. Rare enough to
 * cost little (each check hashes every successor twice without the memo); traces are checked in full anyway.
 */
export const DETERMINISM_FIRST = 8;
export const DETERMINISM_EVERY = 8192;
