import type { StateGraph } from './state-graph';
import type { Monitor } from './monitor';

/**
 * The product of the state graph with a property's negation monitor, never built: node `v * M + m` pairs
 * graph state `v` with monitor state `m`, and successors are enumerated on the fly from the graph's edges.
 * Every state also has a stuttering step to itself (a behaviour may stop anywhere), which takes no action and
 * may move the monitor. Only expanded states take part.
 *
 * Successors of a node are numbered by position `j` in `0 .. positions(n)`: `j = k * M + m'` is graph edge `k`
 * of the state (or stuttering when `k` is the state's degree) into monitor state `m'`.
 */
export class Product {
  readonly m: number;
  readonly size: number;
  // M is 1 or 2: node and position arithmetic is a shift and a mask.
  private readonly shift: number;
  /** The graph edge of the step found by the last `successor` call, -1 for stuttering. */
  edge = -1;
  private readonly offsets: Int32Array;
  private readonly targets: Int32Array;
  private readonly labels: Uint8Array;
  private readonly stride: number;
  private readonly column: number;
  private readonly expanded: number;

  constructor(
    readonly graph: StateGraph,
    readonly monitor: Monitor,
    property: number,
  ) {
    this.m = monitor.size;
    if (this.m !== 1 && this.m !== 2) throw new Error('monitors have one or two states');
    this.shift = this.m - 1;
    this.size = graph.expanded * monitor.size;
    this.offsets = graph.offsets;
    this.targets = graph.targets;
    this.labels = graph.labels;
    this.stride = graph.propertyCount;
    this.column = property;
    this.expanded = graph.expanded;
  }

  label(v: number): number {
    return this.labels[v * this.stride + this.column] as number;
  }

  /** The product nodes of initial states, in order. */
  initialNodes(): number[] {
    const out: number[] = [];
    const n = Math.min(this.graph.initialCount, this.expanded);
    for (let v = 0; v < n; v++) {
      const bits = this.monitor.init[this.label(v)] as number;
      for (let m = 0; m < this.m; m++) if ((bits >> m) & 1) out.push(v * this.m + m);
    }
    return out;
  }

  positions(n: number): number {
    const v = n >> this.shift;
    return ((this.offsets[v + 1] as number) - (this.offsets[v] as number) + 1) << this.shift;
  }

  /** The successor at position `j` of node `n`, or -1 when there is none there; sets `edge`. */
  successor(n: number, j: number): number {
    const shift = this.shift;
    const v = n >> shift;
    const from = n & shift;
    const k = j >> shift;
    const to = j & shift;
    const base = this.offsets[v] as number;
    let t: number;
    if (k === (this.offsets[v + 1] as number) - base) {
      t = v;
      this.edge = -1;
    } else {
      this.edge = base + k;
      t = this.targets[base + k] as number;
      if (t >= this.expanded) return -1;
    }
    const bits = (this.monitor.step[from] as readonly number[])[this.label(t)] as number;
    return (bits >> to) & 1 ? (t << shift) | to : -1;
  }

  accepting(n: number): boolean {
    return ((this.monitor.accepting >> (n & this.shift)) & 1) === 1;
  }

  state(n: number): number {
    return n >> this.shift;
  }
}
