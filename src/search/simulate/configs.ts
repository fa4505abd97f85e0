import type { RunConfig, Strategy } from './types';
import { STRATEGIES } from './types';
import { deriveSeed, Prng } from './prng';

/**
 * The defaults of `interleave simulate`, chosen so that every buggy variant of the bundled suites is found with
 * them (docs/simulation.md, "Defaults"): coverage-guided walks (the only strategy that reaches every one of
 * them; random and PCT miss the deepest), 20,000 runs (six times the most that any of five seeds needed for
 * the rarest, alloc-replay's discard-open-race), at most 200 steps a run (longer than any of their runs
 * without a loop).
 */
export const DEFAULT_RUNS = 20_000;
export const DEFAULT_DEPTH = 200;
export const DEFAULT_STRATEGY: Strategy = 'coverage';
export const DEFAULT_PCT_DEPTH = 3;

export interface CampaignInput {
  readonly seed: number;
  readonly runs: number;
  readonly strategy: Strategy;
  readonly pctDepth: number;
  readonly swarm?: number;
  readonly shard?: { readonly index: number; readonly count: number };
  /** Only this configuration of the swarm (to replay one). */
  readonly only?: number;
}

/**
 * The configurations of a campaign. A plain simulation has one, with the given seed and strategy. A swarm of
 * N (Groce et al., ISSTA 2012, over search settings) has N, each drawn from the main seed and its number
 * alone: a strategy, a PCT depth from 1 to 5, and, for half of them, action-type weights; each runs `runs`
 * runs. A shard i/n keeps the configurations whose number is i-1 modulo n, so n shards share out one swarm
 * with no communication, and their union is the whole swarm.
 */
export function campaignConfigs(input: CampaignInput): RunConfig[] {
  if (input.swarm === undefined) {
    return [{ index: 0, strategy: input.strategy, pctDepth: input.pctDepth, seed: input.seed, runs: input.runs }];
  }
  const out: RunConfig[] = [];
  for (let c = 0; c < input.swarm; c++) {
    if (input.shard !== undefined && c % input.shard.count !== input.shard.index - 1) continue;
    if (input.only !== undefined && c !== input.only) continue;
    const prng = new Prng(deriveSeed(input.seed, c, 0));
    const strategy = STRATEGIES[prng.int(STRATEGIES.length)] as Strategy;
    const pctDepth = 1 + prng.int(5);
    const weighted = prng.float() < 0.5;
    out.push({
      index: c,
      strategy,
      pctDepth,
      seed: deriveSeed(input.seed, c, 1),
      runs: input.runs,
      ...(weighted ? { weightSeed: deriveSeed(input.seed, c, 2) } : {}),
    });
  }
  return out;
}
