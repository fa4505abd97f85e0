import type { Product } from './product';
import type { FairComponents, FairnessMasks } from './fair-components';

/**
 * A lasso in the state graph: `states[0]` is initial, `states[i + 1]` follows `states[i]` by graph edge
 * `edges[i]`, and the behaviour repeats `states[loopStart..]` forever: the last state equals
 * `states[loopStart]`. When `loopStart` is the last index the behaviour stutters there forever.
 */
export interface GraphLasso {
  readonly states: readonly number[];
  readonly edges: readonly number[];
  readonly loopStart: number;
}

/**
 * Breadth-first search in the product where stuttering steps cost nothing (they do not appear in traces) and
 * graph steps cost one, so that the path found has the fewest graph steps. Reused across searches: `stamp`
 * marks the nodes seen by the current one.
 */
class Search {
  private readonly stamp: Int32Array;
  private readonly dist: Int32Array;
  private readonly parent: Int32Array;
  private readonly parentEdge: Int32Array;
  private round = 0;

  constructor(private readonly product: Product) {
    const N = product.size;
    this.stamp = new Int32Array(N);
    this.dist = new Int32Array(N);
    this.parent = new Int32Array(N);
    this.parentEdge = new Int32Array(N);
  }

  /**
   * From `starts`, moving only through nodes that `allowed` accepts, to the first node that `isTarget`
   * accepts, or across the first edge that `isTargetEdge` accepts. With `leave`, the starts themselves are not
   * targets: the path takes at least one step. Returns the product path as nodes and the edge (graph edge or
   * -1 for stuttering) entering each node after the first, or undefined.
   */
  run(
    starts: readonly number[],
    allowed: (n: number) => boolean,
    isTarget: (n: number) => boolean,
    isTargetEdge: ((edge: number) => boolean) | undefined,
    leave: boolean,
  ): { nodes: number[]; edges: number[] } | undefined {
    const round = ++this.round;
    const { stamp, dist, parent, parentEdge, product } = this;
    let current: number[] = [];
    let next: number[] = [];
    let d = 0;
    // With `leave`, a start is seen as a target only when reached again through some step.
    const origin = leave ? -2 : -1;
    for (const s of starts) {
      if (stamp[s] === round) continue;
      stamp[s] = round;
      dist[s] = 0;
      parent[s] = origin;
      current.push(s);
    }
    while (current.length > 0) {
      for (let i = 0; i < current.length; i++) {
        const u = current[i] as number;
        if (dist[u] !== d) continue;
        if (parent[u] !== -2 && isTarget(u)) return this.path(u);
        const limit = product.positions(u);
        for (let j = 0; j < limit; j++) {
          const w = product.successor(u, j);
          if (w < 0 || !allowed(w)) continue;
          const edge = product.edge;
          if ((isTargetEdge !== undefined && edge >= 0 && isTargetEdge(edge)) || (stamp[w] === round && parent[w] === -2 && isTarget(w))) {
            const p = this.path(u);
            p.nodes.push(w);
            p.edges.push(edge);
            return p;
          }
          const cost = edge < 0 ? 0 : 1;
          if (stamp[w] === round && (dist[w] as number) <= d + cost) continue;
          stamp[w] = round;
          dist[w] = d + cost;
          parent[w] = u;
          parentEdge[w] = edge;
          (cost === 0 ? current : next).push(w);
        }
      }
      current = next;
      next = [];
      d++;
    }
    return undefined;
  }

  private path(to: number): { nodes: number[]; edges: number[] } {
    const nodes: number[] = [];
    const edges: number[] = [];
    for (let n = to; n >= 0; n = this.parent[n] as number) {
      nodes.push(n);
      if ((this.parent[n] as number) >= 0) edges.push(this.parentEdge[n] as number);
    }
    nodes.reverse();
    edges.reverse();
    return { nodes, edges };
  }
}

/**
 * The counterexample with the shortest prefix: the nearest node (in graph steps) of a fair accepting
 * component, or any state of a component that holds a trigger state (see `Monitor.trigger`); then a cycle
 * through that node which stays in the component and meets every obligation: an accepting node, the trigger
 * when the prefix did not pass it, and for each fairness condition a step taking it (or, for a weak one, a
 * node not enabling it) whenever the component needs one. Returns undefined when there is no such component.
 */
export function findLasso(product: Product, fc: FairComponents, masks: FairnessMasks): GraphLasso | undefined {
  if (fc.count === 0) return undefined;
  const search = new Search(product);
  const graph = product.graph;
  const component = fc.component;
  // A component holding a trigger state can be entered at any of its states: the loop then passes the trigger.
  const triggered = new Set<number>();
  const isTrigger = (n: number): boolean => ((product.monitor.trigger >> product.label(product.state(n))) & 1) === 1;
  if (product.monitor.trigger !== 0) {
    for (let n = 0; n < product.size; n++) if (component[n] !== -1 && isTrigger(n)) triggered.add(component[n] as number);
  }
  const entryOf = new Int32Array(triggered.size > 0 ? graph.expanded : 0).fill(-1);
  if (triggered.size > 0) {
    for (let n = 0; n < product.size; n++) if (triggered.has(component[n] as number)) entryOf[product.state(n)] = n;
  }
  const isEntry = (n: number): boolean => component[n] !== -1 || (triggered.size > 0 && entryOf[product.state(n)] !== -1);
  const prefix = search.run(product.initialNodes(), () => true, isEntry, undefined, false);
  if (prefix === undefined) return undefined;
  const reached = prefix.nodes[prefix.nodes.length - 1] as number;
  const direct = component[reached] !== -1;
  const entry = direct ? reached : (entryOf[product.state(reached)] as number);
  const c = component[entry] as number;
  const takenBits = fc.taken.get(c) ?? 0;
  const enabled = graph.enabled;
  const fair = graph.fair;

  // Obligations left: the accepting node, and fairness bits to be met by an edge (or, for weak, a node).
  let needAccept = true;
  let needTrigger = !direct;
  let needEdge = (masks.weak | masks.strong) & takenBits;
  let needWeakNode = masks.weak & ~takenBits;
  const meetNode = (n: number): void => {
    if (product.accepting(n)) needAccept = false;
    if (needTrigger && isTrigger(n)) needTrigger = false;
    if (enabled !== undefined) {
      const off = ~(enabled[product.state(n)] as number);
      needWeakNode &= ~off;
      needEdge &= ~(masks.weak & off);
    }
  };
  const meetEdge = (e: number): void => {
    if (e >= 0 && fair !== undefined) needEdge &= ~(fair[e] as number);
  };
  const inside = (n: number): boolean => component[n] === c;
  meetNode(entry);

  const loopNodes: number[] = [entry];
  const loopEdges: number[] = [];
  let at = entry;
  while (needAccept || needTrigger || needEdge !== 0 || needWeakNode !== 0) {
    const nodeTarget = (n: number): boolean => {
      if (needAccept && product.accepting(n)) return true;
      if (needTrigger && isTrigger(n)) return true;
      if (enabled === undefined) return false;
      const off = ~(enabled[product.state(n)] as number);
      return (needWeakNode & off) !== 0 || (needEdge & masks.weak & off) !== 0;
    };
    const edgeTarget = fair === undefined ? undefined : (e: number): boolean => ((fair[e] as number) & needEdge) !== 0;
    const leg = search.run([at], inside, nodeTarget, edgeTarget, false);
    if (leg === undefined) throw new Error('fair component without a way to meet its obligations');
    for (let i = 1; i < leg.nodes.length; i++) {
      meetNode(leg.nodes[i] as number);
      meetEdge(leg.edges[i - 1] as number);
      loopNodes.push(leg.nodes[i] as number);
      loopEdges.push(leg.edges[i - 1] as number);
    }
    at = loopNodes[loopNodes.length - 1] as number;
  }
  const back = search.run([at], inside, (n) => n === entry, undefined, at === entry && loopEdges.length === 0);
  if (back === undefined) throw new Error('fair component is not strongly connected');
  for (let i = 1; i < back.nodes.length; i++) {
    loopNodes.push(back.nodes[i] as number);
    loopEdges.push(back.edges[i - 1] as number);
  }

  // Project to graph states, dropping stuttering steps.
  const states: number[] = [product.state(prefix.nodes[0] as number)];
  const edges: number[] = [];
  const follow = (nodes: number[], steps: number[]): void => {
    for (let i = 0; i < steps.length; i++) {
      const e = steps[i] as number;
      if (e < 0) continue;
      states.push(product.state(nodes[i + 1] as number));
      edges.push(e);
    }
  };
  follow(prefix.nodes, prefix.edges);
  const loopStart = states.length - 1;
  follow(loopNodes, loopEdges);
  return { states, edges, loopStart };
}
