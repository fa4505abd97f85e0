import type { Product } from './product';

/** Which fairness conditions are weak and which strong, as bit sets over the model's fairness list. */
export interface FairnessMasks {
  readonly weak: number;
  readonly strong: number;
}

/**
 * The result of the decomposition: every product node in a fair accepting component carries that component's
 * id in `component` (others -1), and `taken[c]` is the union of the fairness bits of the component's edges.
 */
export interface FairComponents {
  readonly component: Int32Array;
  readonly taken: Map<number, number>;
  readonly count: number;
}

/**
 * Finds the maximal sets of product nodes, reachable from the initial ones, on which a behaviour can stay
 * forever while satisfying every fairness condition and visiting an accepting node infinitely often (the
 * Emerson–Lei decomposition for Streett conditions).
 *
 * A strongly connected component C, walked so that every node and edge of it repeats forever, satisfies:
 * - the acceptance when it holds an accepting node and at least one edge (possibly a stuttering one);
 * - `WF(A)` when some edge of C takes A or some node of C does not enable A (otherwise A is enabled throughout
 *   and never taken, in C and in every part of C, which is then rejected whole);
 * - `SF(A)` when some edge of C takes A or no node of C enables A. Otherwise the nodes enabling A cannot be
 *   visited infinitely often: they are removed and what remains of C is decomposed again.
 * Walking all of C is the best a behaviour staying in C can do, since taking more edges only helps.
 */
export function fairComponents(product: Product, masks: FairnessMasks): FairComponents {
  const N = product.size;
  const graph = product.graph;
  const enabled = graph.enabled;
  const fair = graph.fair;
  const region = new Int32Array(N); // region a node is searched in; -1 once excluded
  const index = new Int32Array(N).fill(-1);
  const low = new Int32Array(N);
  const onStack = new Uint8Array(N);
  const sccStack = new Int32Array(N);
  const callNode = new Int32Array(N);
  const callPos = new Int32Array(N);
  const component = new Int32Array(N).fill(-1);
  const taken = new Map<number, number>();
  let nextRegion = 1;
  let found = 0;

  const work: Int32Array[] = [];

  /** Tarjan's algorithm from `roots`, within region `r`; returns the components found, each as a node list. */
  const tarjan = (roots: ArrayLike<number>, r: number): Int32Array[] => {
    const out: Int32Array[] = [];
    let counter = 0;
    let sp = 0;
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i] as number;
      if (index[root] !== -1 || region[root] !== r) continue;
      let depth = 0;
      callNode[0] = root;
      callPos[0] = 0;
      index[root] = low[root] = counter++;
      sccStack[sp++] = root;
      onStack[root] = 1;
      while (depth >= 0) {
        const n = callNode[depth] as number;
        const limit = product.positions(n);
        let j = callPos[depth] as number;
        let descended = false;
        while (j < limit) {
          const w = product.successor(n, j++);
          if (w < 0 || region[w] !== r) continue;
          if (index[w] === -1) {
            callPos[depth] = j;
            depth++;
            callNode[depth] = w;
            callPos[depth] = 0;
            index[w] = low[w] = counter++;
            sccStack[sp++] = w;
            onStack[w] = 1;
            descended = true;
            break;
          }
          if (onStack[w] === 1 && (index[w] as number) < (low[n] as number)) low[n] = index[w] as number;
        }
        if (descended) continue;
        if (low[n] === index[n]) {
          let k = sp;
          do k--;
          while (sccStack[k] !== n);
          const scc = sccStack.slice(k, sp);
          for (let t = k; t < sp; t++) onStack[sccStack[t] as number] = 0;
          sp = k;
          out.push(scc);
        }
        depth--;
        if (depth >= 0) {
          const parent = callNode[depth] as number;
          if ((low[n] as number) < (low[parent] as number)) low[parent] = low[n] as number;
        }
      }
    }
    return out;
  };

  const analyse = (scc: Int32Array): void => {
    const c = nextRegion++;
    for (let i = 0; i < scc.length; i++) region[scc[i] as number] = c;
    let accepting = false;
    let internal = false;
    let takenBits = 0;
    let enabledAny = 0;
    let enabledAll = -1;
    for (let i = 0; i < scc.length; i++) {
      const n = scc[i] as number;
      if (!accepting && product.accepting(n)) accepting = true;
      if (enabled !== undefined) {
        const e = enabled[product.state(n)] as number;
        enabledAny |= e;
        enabledAll &= e;
      }
      const limit = product.positions(n);
      for (let j = 0; j < limit; j++) {
        const w = product.successor(n, j);
        if (w < 0 || region[w] !== c) continue;
        internal = true;
        if (fair !== undefined && product.edge >= 0) takenBits |= fair[product.edge] as number;
      }
    }
    const reject = (): void => {
      for (let i = 0; i < scc.length; i++) region[scc[i] as number] = -1;
    };
    if (!accepting || !internal) return reject();
    if ((masks.weak & enabledAll & ~takenBits) !== 0) return reject();
    const badStrong = masks.strong & enabledAny & ~takenBits;
    if (badStrong !== 0 && enabled !== undefined) {
      const sub = nextRegion++;
      const keep: number[] = [];
      for (let i = 0; i < scc.length; i++) {
        const n = scc[i] as number;
        if (((enabled[product.state(n)] as number) & badStrong) !== 0) region[n] = -1;
        else {
          region[n] = sub;
          index[n] = -1;
          keep.push(n);
        }
      }
      if (keep.length > 0) work.push(Int32Array.from(keep));
      return;
    }
    for (let i = 0; i < scc.length; i++) component[scc[i] as number] = c;
    taken.set(c, takenBits);
    found++;
  };

  for (const scc of tarjan(product.initialNodes(), 0)) analyse(scc);
  while (work.length > 0) {
    const nodes = work.pop() as Int32Array;
    const r = region[nodes[0] as number] as number;
    for (const scc of tarjan(nodes, r)) analyse(scc);
  }
  return { component, taken, count: found };
}
