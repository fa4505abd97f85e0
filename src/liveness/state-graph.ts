import type { IncompleteReason } from '../check/result';
import type { FingerprintStore } from '../state/fingerprint-store';
import type { RecordedChunk } from './graph-recorder';

/**
 * The reachable state graph, kept for the fairness analysis, as the safety search recorded it (see
 * `GraphRecorder`). States are numbered expanded ones first, each group in the order of their ids in the
 * search's store (initial states first; with threads, ids are not quite in breadth-first order, which the
 * analysis does not need: its searches are breadth-first themselves); fingerprints, parents and `init` indices
 * stay in the store. Edges are stored per source in compressed-row form, in action order. An edge is a step
 * that changes the state: steps from a state to itself are stuttering and are not stored (TLA counts them
 * neither as taking nor as enabling an action). Several actions leading to the same successor make one edge
 * whose fairness bits are their union.
 *
 * Per edge: target (4 bytes), index of the first action giving it (4 bytes), and, when the model declares
 * fairness, the bit set of fairness conditions the step satisfies (4 bytes). Per state: the row offset (4),
 * its store id (4), the enabled fairness bits (4 with fairness), one label byte per property, and in the store
 * the id of each table slot (4 per slot, see `FingerprintStore.create`). A step to a state outside the model's
 * constraint is no edge, but it counts as enabling its fairness conditions (TLC evaluates ENABLED on the state,
 * whatever the constraint).
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
  /** The fingerprint stored for state `v` (16 hex digits, as the store keeps it). */
  fingerprintOf(v: number): string;
  /** State `v`'s index in `init()` when it is an initial state, else -1. */
  initIndexOf(v: number): number;
  /** Initial states: states `0 .. initialCount - 1`. */
  readonly initialCount: number;
  readonly generatedStates: number;
  /** Breadth-first levels reached; initial states are depth 1. */
  readonly depth: number;
  readonly incomplete?: IncompleteReason;
  /** Bytes held by the graph's arrays (at their used lengths) and the store's per-slot ids. */
  readonly bytes: number;
  /** Bytes per stored edge, and per state. */
  readonly bytesPerEdge: number;
  readonly bytesPerState: number;
}


/** What the search adds to the recorded chunks: its counts, and why it stopped early if it did. */
export interface SearchCounts {
  readonly generatedStates: number;
  readonly depth: number;
  readonly incomplete?: IncompleteReason;
}

/**
 * Merges the chunks the search's threads recorded into one graph. States are those given labels (stored inside
 * the constraint and before any bound); an expanded state is one whose row is complete. Edges to states without
 * labels (stored past a bound by another thread) are dropped: they lead to unexpanded states, which the analysis
 * leaves out anyway.
 */
export function assembleGraph(store: FingerprintStore, chunks: readonly RecordedChunk[], propertyCount: number, withFairness: boolean, counts: SearchCounts): StateGraph {
  const ids = store.idCount;
  const stride = withFairness ? 3 : 2;
  // Per store id: its row's length (-1: not expanded) and then its number here (-1: none).
  const degree = new Int32Array(ids).fill(-1);
  const number = new Int32Array(ids).fill(-1);
  for (const c of chunks) {
    for (let r = 0; r < c.rows.length; r += 3) degree[c.rows[r] as number] = c.rows[r + 1] as number;
    for (let k = 0; k < c.states.length; k++) number[c.states[k] as number] = -2;
  }
  let size = 0;
  for (let id = 0; id < ids; id++) if (number[id] === -2 && (degree[id] as number) >= 0) number[id] = size++;
  const expanded = size;
  for (let id = 0; id < ids; id++) if (number[id] === -2) number[id] = size++;
  const storeIds = new Int32Array(size);
  for (let id = 0; id < ids; id++) if ((number[id] as number) >= 0) storeIds[number[id] as number] = id;

  const labels = new Uint8Array(Math.max(1, size * propertyCount));
  const enabled = withFairness ? new Uint32Array(size) : undefined;
  const kept = new Int32Array(expanded + 1);
  for (const c of chunks) {
    for (let k = 0; k < c.states.length; k++) labels.set(c.labels.subarray(k * propertyCount, (k + 1) * propertyCount), (number[c.states[k] as number] as number) * propertyCount);
    for (let r = 0, e = 0; r < c.rows.length; r += 3) {
      const v = number[c.rows[r] as number] as number;
      const end = e + (c.rows[r + 1] as number) * stride;
      let n = 0;
      for (; e < end; e += stride) if ((number[c.edges[e] as number] as number) >= 0) n++;
      if (v >= 0) {
        kept[v + 1] = n;
        if (enabled !== undefined) enabled[v] = c.rows[r + 2] as number;
      }
    }
  }
  const offsets = kept;
  for (let v = 0; v < expanded; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
  const edgeCount = offsets[expanded] as number;
  const targets = new Int32Array(edgeCount);
  const actionIndex = new Int32Array(edgeCount);
  const fair = withFairness ? new Uint32Array(edgeCount) : undefined;
  for (const c of chunks) {
    for (let r = 0, e = 0; r < c.rows.length; r += 3) {
      const v = number[c.rows[r] as number] as number;
      const end = e + (c.rows[r + 1] as number) * stride;
      if (v < 0) {
        e = end;
        continue;
      }
      let at = offsets[v] as number;
      for (; e < end; e += stride) {
        const t = number[c.edges[e] as number] as number;
        if (t < 0) continue;
        targets[at] = t;
        actionIndex[at] = c.edges[e + 1] as number;
        if (fair !== undefined) fair[at] = c.edges[e + 2] as number;
        at++;
      }
    }
  }
  let initialCount = 0;
  while (initialCount < size && store.parentOf(storeIds[initialCount] as number) === -1) initialCount++;
  const bytesPerEdge = 8 + (withFairness ? 4 : 0);
  const bytesPerState = 4 + 4 + (withFairness ? 4 : 0) + propertyCount;
  return {
    size,
    expanded,
    edgeCount,
    offsets,
    targets,
    actionIndex,
    fair,
    enabled,
    labels,
    propertyCount,
    fingerprintOf: (v) => store.fingerprintOf(storeIds[v] as number),
    initIndexOf: (v) => (v < initialCount ? store.actionOf(storeIds[v] as number) : -1),
    initialCount,
    generatedStates: counts.generatedStates,
    depth: counts.depth,
    ...(counts.incomplete !== undefined ? { incomplete: counts.incomplete } : {}),
    bytes: bytesPerEdge * edgeCount + bytesPerState * size + store.idBytes,
    bytesPerEdge,
    bytesPerState,
  };
}
