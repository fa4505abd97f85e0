import type { Successor } from '../../engine/step-engine';
import type { RunConfig } from './types';
import { NO_ACTOR } from '../../graph/actor';
import { deriveSeed, Prng } from './prng';
import { withCrashPoints } from './crash-points';

/** Picks the next step of a walk among the enabled successors. Memory, where a strategy has any, is per block. */
export interface Chooser {
  /** A new run begins. */
  start(prng: Prng): void;
  /** Step number `step` (1-based) of the run: which of `successors` (never empty) to take. */
  pick(successors: readonly Successor[], step: number, prng: Prng): Successor;
  /** The run ended after `steps` steps. */
  end(steps: number): void;
}

/** The weight of an action type in a swarm configuration: a random half of the types are taken 4x as often. */
function weigher(config: RunConfig): ((type: string) => number) | undefined {
  const seed = config.weightSeed;
  if (seed === undefined) return undefined;
  const cache = new Map<string, number>();
  return (type) => {
    let w = cache.get(type);
    if (w === undefined) {
      let h = 0;
      for (let i = 0; i < type.length; i++) h = (Math.imul(h, 31) + type.charCodeAt(i)) >>> 0;
      w = new Prng(deriveSeed(seed, h)).float() < 0.5 ? 4 : 1;
      cache.set(type, w);
    }
    return w;
  };
}

function pickAmong(items: readonly Successor[], prng: Prng, weight: ((type: string) => number) | undefined): Successor {
  if (weight === undefined || items.length === 1) return items[prng.int(items.length)] as Successor;
  let total = 0;
  for (const s of items) total += weight(s.action.type);
  let x = prng.float() * total;
  for (const s of items) {
    x -= weight(s.action.type);
    if (x < 0) return s;
  }
  return items[items.length - 1] as Successor;
}

/** Uniform among the enabled successors. */
function randomChooser(config: RunConfig): Chooser {
  const weight = weigher(config);
  return { start: () => {}, pick: (succ, _step, prng) => pickAmong(succ, prng, weight), end: () => {} };
}

/**
 * PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010) over actors: each actor gets a random
 * priority above d when first seen, the enabled actor with the highest priority takes a step (uniformly among
 * its enabled actions), and at d - 1 change points drawn uniformly from the run's expected length the running
 * actor's priority drops to i (the i-th change point), below every initial one. The expected length is `depth`
 * for a block's first run and the mean length of its runs so far after that.
 */
function pctChooser(config: RunConfig, depth: number): Chooser {
  const d = config.pctDepth;
  const weight = weigher(config);
  const priority = new Map<string, number>();
  let changes = new Map<number, number>();
  let total = 0;
  let ended = 0;
  return {
    start(prng) {
      priority.clear();
      changes = new Map();
      const k = Math.max(1, ended === 0 ? depth : Math.round(total / ended));
      for (let i = 1; i < d; i++) {
        let at = 1 + prng.int(k);
        while (changes.has(at) && changes.size < k) at = 1 + prng.int(k);
        if (!changes.has(at)) changes.set(at, i);
      }
    },
    pick(succ, step, prng) {
      const highest = (): string => {
        let best: string | undefined;
        let bestP = -Infinity;
        for (const s of succ) {
          const a = s.actor ?? NO_ACTOR;
          let p = priority.get(a);
          if (p === undefined) {
            p = d + prng.float();
            priority.set(a, p);
          }
          if (p > bestP) {
            bestP = p;
            best = a;
          }
        }
        return best as string;
      };
      let actor = highest();
      const change = changes.get(step);
      if (change !== undefined) {
        priority.set(actor, change);
        actor = highest();
      }
      return pickAmong(succ.filter((s) => (s.actor ?? NO_ACTOR) === actor), prng, weight);
    },
    end(steps) {
      total += steps;
      ended++;
    },
  };
}

/**
 * Coverage-guided: prefer successors whose state this block has not visited yet; when every successor's state
 * is known, prefer (half the time) the action types taken least so far, else any.
 */
function coverageChooser(config: RunConfig): Chooser {
  const weight = weigher(config);
  const seen = new Set<string>();
  const taken = new Map<string, number>();
  return {
    start: () => {},
    pick(succ, _step, prng) {
      const fresh = succ.filter((s) => !seen.has(s.fingerprint));
      let choice: Successor;
      if (fresh.length > 0) choice = pickAmong(fresh, prng, weight);
      else if (prng.float() < 0.5) {
        let least = Infinity;
        for (const s of succ) least = Math.min(least, taken.get(s.action.type) ?? 0);
        choice = pickAmong(succ.filter((s) => (taken.get(s.action.type) ?? 0) === least), prng, weight);
      } else choice = pickAmong(succ, prng, weight);
      seen.add(choice.fingerprint);
      taken.set(choice.action.type, (taken.get(choice.action.type) ?? 0) + 1);
      return choice;
    },
    end: () => {},
  };
}

/** The configuration's strategy, with power failures scheduled by crash points (see `withCrashPoints`). */
export function makeChooser(config: RunConfig, depth: number): Chooser {
  return withCrashPoints(strategyChooser(config, depth), depth);
}

function strategyChooser(config: RunConfig, depth: number): Chooser {
  switch (config.strategy) {
    case 'random':
      return randomChooser(config);
    case 'pct':
      return pctChooser(config, depth);
    case 'coverage':
      return coverageChooser(config);
  }
}
