import type { TraceStep } from '../../src/check/result';
import type { Property } from '../../src/model/property';
import type { Edge, GraphAction } from './graph-model';

/** A small random graph with fairness and one property; predicates are bit sets over nodes. */
export interface RandomCase {
  readonly n: number;
  readonly init: readonly number[];
  readonly edges: readonly Edge[];
  readonly fairness: readonly { readonly kind: 'weak' | 'strong'; readonly types: readonly string[] }[];
  readonly kind: Property['kind'];
  readonly p: number;
  readonly q: number;
}

const has = (set: number, v: number): boolean => ((set >> v) & 1) === 1;

function fairnessBits(c: RandomCase, type: string): number {
  let bits = 0;
  c.fairness.forEach((f, k) => {
    if (f.types.includes(type)) bits |= 1 << k;
  });
  return bits;
}

/** Fairness bits of the step u -> w (any action giving it), and per node the bits it enables. */
function fairnessTables(c: RandomCase): { step: (u: number, w: number) => number; enabled: number[] } {
  const step = (u: number, w: number): number => {
    let bits = 0;
    for (const [a, b, t] of c.edges) if (a === u && b === w && a !== b) bits |= fairnessBits(c, t);
    return bits;
  };
  const enabled: number[] = [];
  for (let u = 0; u < c.n; u++) {
    let bits = 0;
    for (const [a, b, t] of c.edges) if (a === u && a !== b) bits |= fairnessBits(c, t);
    enabled.push(bits);
  }
  return { step, enabled };
}

/** Steps from `sources` through nodes of `allowed` only (sources must be in it); Infinity where unreachable. */
function distances(c: RandomCase, sources: readonly number[], allowed: number): number[] {
  const dist = new Array<number>(c.n).fill(Infinity);
  let frontier = sources.filter((s) => has(allowed, s));
  for (const s of frontier) dist[s] = 0;
  for (let d = 1; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const [a, b] of c.edges) {
        if (a === u && a !== b && has(allowed, b) && dist[b] === Infinity) {
          dist[b] = d;
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

/** Whether every node of S reaches every other through edges inside S. */
function stronglyConnected(c: RandomCase, S: number): boolean {
  const nodes = [...Array(c.n).keys()].filter((v) => has(S, v));
  if (nodes.length === 1) return true;
  return nodes.every((u) => {
    const d = distances(c, [u], S);
    return nodes.every((w) => d[w] !== Infinity);
  });
}

/**
 * The reference answer, by enumerating every set S of nodes that a behaviour could visit forever (a single
 * node, where it stutters, or a strongly connected set walked along all its internal edges), keeping the fair
 * ones that violate the property, and taking the shortest way to a node of such a set that respects the
 * property's conditions on the prefix. Returns the shortest prefix length, or undefined when the property holds.
 */
export function referencePrefix(c: RandomCase): number | undefined {
  const all = (1 << c.n) - 1;
  const notP = all & ~c.p;
  const notQ = all & ~c.q;
  const trigger = c.p & notQ;
  const { step, enabled } = fairnessTables(c);
  const dist = distances(c, c.init, all);
  const within = (allowed: number, from: readonly number[]) => distances(c, from, allowed);
  const viaTrigger = (triggers: number, allowed: number): number[] => {
    const best = new Array<number>(c.n).fill(Infinity);
    for (let x = 0; x < c.n; x++) {
      if (!has(triggers, x) || dist[x] === Infinity) continue;
      const d = within(allowed, [x]);
      for (let y = 0; y < c.n; y++) best[y] = Math.min(best[y] as number, (dist[x] as number) + (d[y] as number));
    }
    return best;
  };
  const distNotP = within(notP, c.init);
  const leadsFrom = viaTrigger(trigger, notQ);
  const alwaysFrom = viaTrigger(notP, all);

  let best = Infinity;
  for (let S = 1; S <= all; S++) {
    if (!stronglyConnected(c, S)) continue;
    let taken = 0;
    let any = 0;
    let every = -1;
    for (let u = 0; u < c.n; u++) {
      if (!has(S, u)) continue;
      any |= enabled[u] as number;
      every &= enabled[u] as number;
      for (let w = 0; w < c.n; w++) if (has(S, w) && w !== u) taken |= step(u, w);
    }
    const fair = c.fairness.every((f, k) => has(taken, k) || (f.kind === 'weak' ? !has(every, k) : !has(any, k)));
    if (!fair) continue;
    let prefix: (y: number) => number;
    switch (c.kind) {
      case 'eventually':
        if ((S & c.p) !== 0) continue;
        prefix = (y) => distNotP[y] as number;
        break;
      case 'leadsTo':
        if ((S & c.q) !== 0) continue;
        prefix = (S & trigger) !== 0 ? (y) => dist[y] as number : (y) => leadsFrom[y] as number;
        break;
      case 'alwaysEventually':
        if ((S & c.p) !== 0) continue;
        prefix = (y) => dist[y] as number;
        break;
      case 'eventuallyAlways':
        if ((S & notP) === 0) continue;
        prefix = (y) => dist[y] as number;
        break;
      case 'always':
        prefix = (S & notP) !== 0 ? (y) => dist[y] as number : (y) => alwaysFrom[y] as number;
        break;
    }
    for (let y = 0; y < c.n; y++) if (has(S, y)) best = Math.min(best, prefix(y));
  }
  return best === Infinity ? undefined : best;
}

/**
 * Checks a lasso on its own terms: a path of the graph from an initial node whose loop closes, is fair (only
 * state-changing steps count), and whose infinite behaviour violates the property. Returns what is wrong, or ''.
 */
export function lassoProblem(c: RandomCase, trace: readonly TraceStep<number, GraphAction>[], loopStart: number): string {
  const states = trace.map((s) => s.state);
  if (!c.init.includes(states[0] as number)) return 'does not start in an initial state';
  for (let i = 1; i < trace.length; i++) {
    const from = states[i - 1] as number;
    const step = trace[i] as TraceStep<number, GraphAction>;
    if (from === step.state) return `step ${i} stutters`;
    if (!c.edges.some(([a, b, t]) => a === from && b === step.state && t === step.action?.type)) return `step ${i} is not an edge`;
  }
  if (loopStart < 0 || loopStart >= states.length || states[loopStart] !== states[states.length - 1]) return 'loop does not close';
  const loop = states.slice(loopStart, Math.max(loopStart + 1, states.length - 1));
  const { step, enabled } = fairnessTables(c);
  let taken = 0;
  for (let i = loopStart + 1; i < states.length; i++) taken |= step(states[i - 1] as number, states[i] as number);
  for (let k = 0; k < c.fairness.length; k++) {
    const f = c.fairness[k] as RandomCase['fairness'][number];
    if (has(taken, k)) continue;
    const on = loop.filter((v) => has(enabled[v] as number, k)).length;
    if (f.kind === 'weak' && on === loop.length) return `weak fairness ${k} is violated by the loop`;
    if (f.kind === 'strong' && on > 0) return `strong fairness ${k} is violated by the loop`;
  }
  const P = (v: number) => has(c.p, v);
  const Q = (v: number) => has(c.q, v);
  let violated: boolean;
  switch (c.kind) {
    case 'eventually':
      violated = !states.some(P);
      break;
    case 'leadsTo':
      // A p-without-q position after which q never holds, in the prefix or in the repeated loop.
      violated = !loop.some(Q) && states.some((v, i) => P(v) && !states.slice(i).some(Q));
      break;
    case 'alwaysEventually':
      violated = !loop.some(P);
      break;
    case 'eventuallyAlways':
      violated = loop.some((v) => !P(v));
      break;
    case 'always':
      violated = states.some((v) => !P(v));
      break;
  }
  return violated ? '' : 'the behaviour satisfies the property';
}
