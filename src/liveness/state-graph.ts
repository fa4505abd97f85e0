import type { Action, AnyModel, Params, StatePredicate } from '../model/types';
import type { IncompleteReason } from '../check/result';
import type { Fairness } from '../model/property';
import { StepEngine } from '../engine/step-engine';

/**
 * The reachable state graph, kept for the fairness analysis. States are numbered in breadth-first order and
 * held only as fingerprints; edges are stored per source in compressed-row form (the search expands states in
 * id order, so edges arrive already sorted by source). An edge is a step that changes the state: steps from a
 * state to itself are stuttering and are not stored (TLA counts them neither as taking nor as enabling an
 * action). Several actions leading to the same successor make one edge whose fairness bits are their union.
 *
 * Per edge: target (4 bytes), index of the first action giving it (4 bytes), and, when the model declares
 * fairness, the bit set of fairness conditions the step satisfies (4 bytes). Per state: the row offset (4),
 * the fingerprint (8), the initial-state index (4), the enabled fairness bits (4 with fairness) and one label
 * byte per property. A step to a state outside the model's constraint is no edge, but it counts as enabling
 * its fairness conditions (TLC evaluates ENABLED on the state, whatever the constraint).
 */
export interface StateGraph {
  /** States stored. */
  readonly size: number;
  /** States whose successors are all recorded (ids below this); the others were found but not expanded. */
  readonly expanded: number;
  readonly edgeCount: number;
  /** `offsets[v]..offsets[v + 1]` are the edges of an expanded state `v`. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly actionIndex: Int32Array;
  /** Per edge, the fairness conditions satisfied by the step; undefined without fairness. */
  readonly fair: Uint32Array | undefined;
  /** Per state, the fairness conditions enabled there (its edges' bits and those of steps leaving the constraint). */
  readonly enabled: Uint32Array | undefined;
  /** Per state and property (`v * propertyCount + j`): bit 0 for `p`, bit 1 for `q`. */
  readonly labels: Uint8Array;
  readonly propertyCount: number;
  /** Two 32-bit lanes per state. */
  readonly fingerprints: Int32Array;
  /** Per state, its index in `init()` when it is an initial state, else -1. */
  readonly initIndex: Int32Array;
  readonly initialCount: number;
  readonly generatedStates: number;
  /** Breadth-first levels reached; initial states are depth 1. */
  readonly depth: number;
  readonly incomplete?: IncompleteReason;
  /** Bytes held by the graph's arrays (at their used lengths). */
  readonly bytes: number;
  /** Bytes per stored edge. */
  readonly bytesPerEdge: number;
}

export interface GraphOptions {
  readonly maxStates: number;
  readonly timeLimitMs: number;
}

/** The state predicates whose values label each state: `p` and, for leads-to, `q`. */
export interface LabelledPredicates {
  readonly p: StatePredicate<unknown, Params>;
  readonly q?: StatePredicate<unknown, Params>;
  readonly name: string;
}

function grow<T extends Int32Array | Uint32Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = make(n);
  b.set(a);
  return b;
}

/**
 * Explores every reachable state (inside the model's constraint) breadth-first and returns the graph. Steps are
 * the step engine's (its checks and coded errors, as in the safety search); states are identified by their own
 * fingerprints, without the model's symmetry hook: the fairness analysis needs the real edges of the graph.
 */
export function buildStateGraph(
  model: AnyModel,
  params: Params,
  fairness: readonly Fairness<Action>[],
  predicates: readonly LabelledPredicates[],
  options: GraphOptions,
): StateGraph {
  const start = Date.now();
  const nProps = predicates.length;
  const withFairness = fairness.length > 0;
  const fp = new Int32Array(2);
  const after = new Int32Array(2);
  const engine = new StepEngine(model, params, { invariants: [], actionInvariants: [], reachable: [], deadlock: false, symmetry: false });

  let fingerprints = new Int32Array(2 * 1024);
  let initIndex = new Int32Array(1024);
  let labels = new Uint8Array(Math.max(1, nProps) * 1024);
  let offsets = new Int32Array(1025);
  let enabled = withFairness ? new Uint32Array(1024) : undefined;
  let targets = new Int32Array(4096);
  let actionIndex = new Int32Array(4096);
  let fair = withFairness ? new Uint32Array(4096) : undefined;
  // Open addressing: slot holds id + 1, 0 when empty.
  let slots = new Int32Array(2048);
  let mask = slots.length - 1;
  // Per target, the last source that reached it and where its edge is: merges duplicate steps.
  let lastSource = new Int32Array(1024).fill(-1);
  let lastEdge = new Int32Array(1024);

  let size = 0;
  let edges = 0;
  let generated = 0;
  let incomplete: IncompleteReason | undefined;
  const pending: unknown[] = [];
  let pendingHead = 0;

  const slotOf = (h1: number, h2: number): number => {
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    for (;;) {
      const id = (slots[i] as number) - 1;
      if (id < 0) return i;
      if (fingerprints[2 * id] === h1 && fingerprints[2 * id + 1] === h2) return i;
      i = (i + 1) & mask;
    }
  };

  const rehash = (): void => {
    slots = new Int32Array(slots.length * 2);
    mask = slots.length - 1;
    for (let id = 0; id < size; id++) slots[slotOf(fingerprints[2 * id] as number, fingerprints[2 * id + 1] as number)] = id + 1;
  };

  const label = (state: unknown, id: number): void => {
    for (let j = 0; j < nProps; j++) {
      const pr = predicates[j] as LabelledPredicates;
      let bits = 0;
      try {
        if (pr.p(state, params)) bits |= 1;
        if (pr.q !== undefined && pr.q(state, params)) bits |= 2;
      } catch (error) {
        throw engine.failure({ phase: 'property', name: pr.name, error });
      }
      labels[id * nProps + j] = bits;
    }
  };


  /** Finds or adds `state` (whose fingerprint is in `fp`); -1 when outside the constraint, -2 at the bound. */
  const intern = (state: unknown, init: number): number => {
    const h1 = fp[0] as number;
    const h2 = fp[1] as number;
    const slot = slotOf(h1, h2);
    const found = (slots[slot] as number) - 1;
    if (found >= 0) return found;
    if (!engine.inside(state)) return -1;
    if (size >= options.maxStates) return -2;
    const id = size++;
    fingerprints = grow(fingerprints, 2 * size, (n) => new Int32Array(n));
    initIndex = grow(initIndex, size, (n) => new Int32Array(n));
    labels = grow(labels, size * Math.max(1, nProps), (n) => new Uint8Array(n));
    if (lastSource.length < size) {
      const n = lastSource.length * 2;
      const ls = new Int32Array(n).fill(-1);
      ls.set(lastSource);
      lastSource = ls;
      lastEdge = grow(lastEdge, n, (k) => new Int32Array(k));
    }
    fingerprints[2 * id] = h1;
    fingerprints[2 * id + 1] = h2;
    initIndex[id] = init;
    slots[slot] = id + 1;
    if (size * 2 > slots.length) rehash();
    label(state, id);
    pending.push(state);
    return id;
  };

  const inits = engine.initialStates();
  for (let i = 0; i < inits.length; i++) {
    generated++;
    const init = (inits[i] as { state: unknown }).state;
    engine.fingerprintInto(init, fp);
    if (intern(init, i) === -2) {
      incomplete = 'max-states';
      break;
    }
  }
  const initialCount = size;

  let expanded = 0;
  let depth = size > 0 ? 1 : 0;
  let levelEnd = size;
  offsets[0] = 0;
  while (incomplete === undefined && expanded < size) {
    const v = expanded;
    if (v === levelEnd) {
      depth++;
      levelEnd = size;
    }
    if ((v & 255) === 0 && Date.now() - start >= options.timeLimitMs) {
      incomplete = 'time-limit';
      break;
    }
    const state = pending[pendingHead];
    pending[pendingHead++] = undefined;
    if (pendingHead > 4096 && pendingHead * 2 > pending.length) {
      pending.splice(0, pendingHead);
      pendingHead = 0;
    }
    const actions = engine.actions(state);
    const h1 = fingerprints[2 * v] as number;
    const h2 = fingerprints[2 * v + 1] as number;
    let enabledBits = 0;
    for (let a = 0; a < actions.length; a++) {
      const action = actions[a] as Action;
      const succ = engine.next(state, action);
      if (succ === undefined) continue;
      generated++;
      engine.fingerprintInto(succ, fp, action);
      if (fp[0] === h1 && fp[1] === h2) continue; // stuttering step
      const t = intern(succ, -1);
      if (t === -2) {
        incomplete = 'max-states';
        break;
      }
      let bits = 0;
      if (withFairness) {
        for (let k = 0; k < fairness.length; k++) {
          let selected: boolean;
          try {
            selected = (fairness[k] as Fairness<Action>).actions(action);
          } catch (error) {
            throw engine.failure({ phase: 'fairness', name: (fairness[k] as Fairness<Action>).name ?? `#${k + 1}`, action, error });
          }
          if (selected) bits |= 1 << k;
        }
        enabledBits |= bits;
      }
      // Outside the constraint: no edge, but the step still enables its actions, as TLC evaluates ENABLED on
      // the state itself (else a behaviour could stutter at the constraint's edge despite WF/SF).
      if (t === -1) continue;
      if (lastSource[t] === v) {
        if (fair !== undefined) fair[lastEdge[t] as number] = (fair[lastEdge[t] as number] as number) | bits;
        continue;
      }
      const e = edges++;
      targets = grow(targets, edges, (n) => new Int32Array(n));
      actionIndex = grow(actionIndex, edges, (n) => new Int32Array(n));
      targets[e] = t;
      actionIndex[e] = a;
      if (fair !== undefined) {
        fair = grow(fair, edges, (n) => new Uint32Array(n));
        fair[e] = bits;
      }
      lastSource[t] = v;
      lastEdge[t] = e;
    }
    if (incomplete !== undefined) {
      edges = offsets[v] as number; // drop the partial row: v stays unexpanded
      break;
    }
    // Hashed again after its successors are computed, to catch a model that changes the state it was given
    // (IL304): one hash per state, beside one per successor.
    if ((!engine.rawFingerprintInto(state, after) || after[0] !== h1 || after[1] !== h2)) throw engine.changedInPlace(state);
    if (enabled !== undefined) {
      enabled = grow(enabled, v + 1, (n) => new Uint32Array(n));
      enabled[v] = enabledBits;
    }
    expanded++;
    offsets = grow(offsets, expanded + 1, (n) => new Int32Array(n));
    offsets[expanded] = edges;
  }

  const perEdge = 8 + (withFairness ? 4 : 0);
  const perState = 4 + 8 + 4 + (withFairness ? 4 : 0) + nProps;
  const bytes = perEdge * edges + perState * size + slots.byteLength;
  return {
    size,
    expanded,
    edgeCount: edges,
    offsets,
    targets,
    actionIndex,
    fair,
    enabled,
    labels,
    propertyCount: nProps,
    fingerprints,
    initIndex,
    initialCount,
    generatedStates: generated,
    depth,
    ...(incomplete !== undefined ? { incomplete } : {}),
    bytes,
    bytesPerEdge: perEdge,
  };
}
