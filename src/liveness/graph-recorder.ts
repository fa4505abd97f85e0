import type { Action, AnyModel, Params, StatePredicate } from '../model/types';
import type { Fairness } from '../model/property';
import { fairnessOf } from './fairness-of';

/** What the search records for the liveness analysis: the temporal properties checked, by name. */
export interface RecordPlan {
  readonly properties: readonly string[];
  /** The model declares fairness conditions (then edges and states carry fairness bits). */
  readonly fairness: boolean;
}

/**
 * Part of the state graph as one thread of the search recorded it, in a form that crosses threads (copied, at
 * used length). `rows`: per expanded state, [store id, edge count, enabled fairness bits]; its edges follow
 * in `edges`, `stride` words each: [target store id, action index] and, with fairness, the bits the step
 * satisfies. `states`: store ids of the states this thread stored, with `labels` (one byte per property each).
 */
export interface RecordedChunk {
  readonly rows: Int32Array;
  readonly edges: Int32Array;
  readonly states: Int32Array;
  readonly labels: Uint8Array;
}

/** Called when a predicate of the model throws: ends the expansion with the coded failure. */
export type RecordFailure = (phase: 'property' | 'fairness', parent: number, a: number, error: unknown, name: string) => never;

function grown<T extends Int32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = (a instanceof Int32Array ? new Int32Array(n) : new Uint8Array(n)) as T;
  b.set(a);
  return b;
}

/**
 * Records, on one thread of the search, the state graph the liveness analysis needs while states are expanded:
 * no second exploration. Per new state its property labels (bit 0: `p`, bit 1: `q`), computed once when it is
 * stored; per expanded state its edges in action order and its enabled fairness bits. As in TLA, a step from a
 * state to itself is no edge and enables nothing (the expander does not pass those); a step to a state outside
 * the constraint is no edge but enables its fairness conditions (TLC evaluates ENABLED on the state itself);
 * several actions to the same successor make one edge, with the first action's index and the union of their
 * bits. Buffers grow by doubling and are handed over, complete rows only, by `take`.
 */
export class GraphRecorder {
  readonly propertyCount: number;
  readonly stride: number;
  private readonly predicates: { readonly name: string; readonly p: StatePredicate<unknown, Params>; readonly q: StatePredicate<unknown, Params> | undefined }[];
  private readonly fairness: readonly Fairness<Action>[];
  private rows = new Int32Array(3 * 256);
  private rowCount = 0;
  private edges = new Int32Array(1024);
  /** Words of `edges` used by complete rows, and by the row being recorded. */
  private edgeWords = 0;
  private rowWords = 0;
  private source = -1;
  private enabled = 0;
  private states = new Int32Array(256);
  private labels: Uint8Array;
  private stateCount = 0;

  constructor(
    model: AnyModel,
    private readonly params: Params,
    plan: RecordPlan,
    private readonly fail: RecordFailure,
  ) {
    const all = model.properties ?? {};
    this.predicates = plan.properties.map((name) => {
      const prop = all[name];
      if (prop === undefined) throw new Error(`property ${name} is not in the model`);
      return { name, p: prop.p, q: prop.kind === 'leadsTo' ? prop.q : undefined };
    });
    this.propertyCount = this.predicates.length;
    this.fairness = fairnessOf(model, params);
    this.stride = this.fairness.length > 0 ? 3 : 2;
    this.labels = new Uint8Array(256 * Math.max(1, this.propertyCount));
  }

  /** A new state `id` (reached from `parent` by action index `a`): its labels. */
  stored(id: number, state: unknown, parent: number, a: number): void {
    const n = this.propertyCount;
    const k = this.stateCount++;
    this.states = grown(this.states, k + 1);
    this.labels = grown(this.labels, (k + 1) * n);
    for (let j = 0; j < n; j++) {
      const pr = this.predicates[j] as (typeof this.predicates)[number];
      let bits = 0;
      try {
        if (pr.p(state, this.params)) bits |= 1;
        if (pr.q !== undefined && pr.q(state, this.params)) bits |= 2;
      } catch (error) {
        this.fail('property', parent, a, error, pr.name);
      }
      this.labels[k * n + j] = bits;
    }
    this.states[k] = id;
  }

  /** Starts the row of state `id`, about to be expanded (a row left unfinished is dropped). */
  begin(id: number): void {
    this.source = id;
    this.enabled = 0;
    this.rowWords = this.edgeWords;
  }

  /** A step by `action` (index `a`) to stored state `target`, or to a state outside the constraint (-1). */
  step(target: number, a: number, action: Action): void {
    let bits = 0;
    const fairness = this.fairness;
    for (let k = 0; k < fairness.length; k++) {
      const f = fairness[k] as Fairness<Action>;
      let selected: boolean;
      try {
        selected = f.actions(action);
      } catch (error) {
        this.fail('fairness', this.source, a, error, f.name ?? `#${k + 1}`);
      }
      if (selected) bits |= 1 << k;
    }
    this.enabled |= bits;
    if (target < 0) return;
    const stride = this.stride;
    let edges = this.edges;
    for (let e = this.edgeWords; e < this.rowWords; e += stride) {
      if (edges[e] !== target) continue;
      if (stride === 3) edges[e + 2] = (edges[e + 2] as number) | bits;
      return;
    }
    const at = this.rowWords;
    this.rowWords = at + stride;
    edges = this.edges = grown(edges, this.rowWords);
    edges[at] = target;
    edges[at + 1] = a;
    if (stride === 3) edges[at + 2] = bits;
  }

  /** The row of the state begun last is complete. */
  end(): void {
    const r = 3 * this.rowCount++;
    const rows = (this.rows = grown(this.rows, r + 3));
    rows[r] = this.source;
    rows[r + 1] = (this.rowWords - this.edgeWords) / this.stride;
    rows[r + 2] = this.enabled;
    this.edgeWords = this.rowWords;
  }

  /** What was recorded since the last call (complete rows), copied; the buffers start again, keeping their size. */
  take(): RecordedChunk {
    const chunk: RecordedChunk = {
      rows: this.rows.slice(0, 3 * this.rowCount),
      edges: this.edges.slice(0, this.edgeWords),
      states: this.states.slice(0, this.stateCount),
      labels: this.labels.slice(0, this.stateCount * this.propertyCount),
    };
    // A row being recorded (the expansion paused) moves to the front.
    const partial = this.rowWords - this.edgeWords;
    if (partial > 0) this.edges.copyWithin(0, this.edgeWords, this.rowWords);
    this.rowWords = partial;
    this.edgeWords = 0;
    this.rowCount = 0;
    this.stateCount = 0;
    return chunk;
  }
}
