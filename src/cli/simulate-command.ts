import * as path from 'node:path';
import * as crypto from 'node:crypto';
import type { Io } from './io';
import type { Strategy, SimulateResult } from '../search/simulate/types';
import { STRATEGIES } from '../search/simulate/types';
import { simulate } from '../search/simulate/simulate';
import { DEFAULT_DEPTH, DEFAULT_PCT_DEPTH, DEFAULT_RUNS, DEFAULT_STRATEGY } from '../search/simulate/configs';
import { loadModel } from '../load/load-model';
import { resolveParams } from '../model/resolve-params';
import { formatSimulation } from '../report/format-simulation';
import { simulationJson } from '../report/simulation-json';
import { writeAtomic } from '../report/write-atomic';
import { EXIT, exitCodeForError, InterleaveError } from '../errors/interleave-error';
import { formatError } from './format-error';
import { parseParams } from './parse-params';
import { reproduceCommand } from '../report/reproduce';
import { violationFolder } from '../report/write-violation-files';
import { liveLine } from './live-line';

export interface SimulateCommandOptions {
  readonly param?: string[];
  readonly invariant?: string[];
  readonly deadlock?: boolean;
  readonly seed?: string;
  readonly runs?: string;
  readonly depth?: string;
  readonly timeLimit?: string;
  readonly strategy?: string;
  readonly pctDepth?: string;
  readonly workers?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly shrink?: boolean;
  readonly continue?: boolean;
  readonly swarm?: string;
  readonly shard?: string;
  readonly config?: string;
  readonly progress?: boolean;
  readonly typecheck?: boolean;
}

function usage(message: string, hint?: string): InterleaveError {
  return new InterleaveError({ code: 'IL101', message, ...(hint ? { hint } : {}) });
}

/** A whole number of at least `min` (the flag named in the error). */
export function parseWhole(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min) {
    throw usage(`${flag} expects a whole number of at least ${min}, got "${raw}".`);
  }
  return n;
}

function parseShard(raw: string | undefined, swarm: number | undefined): { index: number; count: number } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw usage(`--shard expects i/n with 1 <= i <= n (shard i of n), got "${raw}".`, 'For example --shard 1/4 on the first of four machines, --shard 4/4 on the last.');
  }
  if (swarm === undefined) throw usage('--shard splits a swarm: give --swarm N too.', 'For example: --swarm 64 --shard 2/4.');
  return { index, count };
}

/** `interleave simulate <model>`: random walks; returns the exit code (1 on a violation, 0 when none was found). */
export async function simulateCommand(file: string, opts: SimulateCommandOptions, io: Io): Promise<number> {
  const strategy = (opts.strategy ?? DEFAULT_STRATEGY) as Strategy;
  if (!STRATEGIES.includes(strategy)) throw usage(`--strategy must be one of ${STRATEGIES.join(', ')}, got "${opts.strategy}".`);
  if (opts.seed !== undefined && !/^\d+$/.test(opts.seed.trim())) throw usage(`--seed expects a whole number (0 to 2^53-1), got "${opts.seed}".`);
  const seed = parseWhole('--seed', opts.seed, 0) ?? crypto.randomInt(0, 2 ** 32);
  const swarm = parseWhole('--swarm', opts.swarm, 1);
  const shard = parseShard(opts.shard, swarm);
  const config = parseWhole('--config', opts.config, 0);
  if (config !== undefined && (swarm === undefined || config >= swarm)) throw usage(`--config names one configuration of a swarm: give --swarm N with N above ${config}.`);
  const runs = parseWhole('--runs', opts.runs, 1) ?? (swarm !== undefined ? Math.max(100, Math.floor(DEFAULT_RUNS / swarm)) : DEFAULT_RUNS);
  const depth = parseWhole('--depth', opts.depth, 1) ?? DEFAULT_DEPTH;
  const pctDepth = parseWhole('--pct-depth', opts.pctDepth, 1) ?? DEFAULT_PCT_DEPTH;
  const workers = parseWhole('--workers', opts.workers, 1) ?? 1;
  const timeLimit = opts.timeLimit !== undefined ? Number(opts.timeLimit) : undefined;
  if (timeLimit !== undefined && !(timeLimit > 0)) throw usage(`--time-limit expects a positive number of seconds, got "${opts.timeLimit}".`);
  const model = loadModel(file, { typecheck: opts.typecheck !== false });
  const params = resolveParams(model, parseParams(opts.param ?? []));
  const shrink = opts.shrink !== false;
  const rel = path.relative(process.cwd(), path.resolve(file)) || file;

  const flags = (runsUntil: number, configIndex?: number): string[] => {
    const f: string[] = ['--seed', String(seed)];
    if (swarm !== undefined) f.push('--swarm', String(swarm));
    if (configIndex !== undefined) f.push('--config', String(configIndex));
    else if (shard !== undefined) f.push('--shard', `${shard.index}/${shard.count}`);
    if (swarm === undefined) f.push('--strategy', strategy);
    if (swarm === undefined && strategy === 'pct') f.push('--pct-depth', String(pctDepth));
    f.push('--depth', String(depth), '--runs', String(runsUntil));
    for (const inv of opts.invariant ?? []) f.push('--invariant', inv);
    if (opts.deadlock === false) f.push('--no-deadlock');
    if (opts.continue) f.push('--continue');
    if (!shrink) f.push('--no-shrink');
    return f;
  };
  const line = liveLine(io);
  const result: SimulateResult = await simulate(model, {
    params,
    ...(opts.invariant?.length ? { invariants: opts.invariant } : {}),
    ...(opts.deadlock === false ? { deadlock: false } : {}),
    seed,
    runs,
    depth,
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    strategy,
    pctDepth,
    workers,
    shrink,
    continue: Boolean(opts.continue),
    ...(swarm !== undefined ? { swarm } : {}),
    ...(shard !== undefined ? { shard } : {}),
    ...(config !== undefined ? { only: config } : {}),
    file,
    reproduce: (v) => reproduceCommand(rel, params, flags(v.run + 1, swarm !== undefined ? v.config : undefined), 'simulate'),
    ...(opts.progress === false
      ? {}
      : {
          onProgress: (p) =>
            line.show(
              p.elapsedMs,
              `${(p.elapsedMs / 1000).toFixed(0)}s: ${p.runs.toLocaleString('en-US')} runs, ${p.steps.toLocaleString('en-US')} steps, ${p.distinctStates.toLocaleString('en-US')} distinct states, longest run ${p.maxDepth}, ${p.violations} violations`,
            ),
        }),
  });
  line.done();
  const reproduce = reproduceCommand(rel, params, flags(runs, config), 'simulate');
  const json = simulationJson(result, { file, reproduce });
  if (opts.out) {
    writeAtomic(path.join(opts.out, 'result.json'), `${JSON.stringify(json, null, 2)}\n`);
    // The trace files of the first (shortest) counterexample of each property.
    const seen = new Set<string>();
    const first = result.violations.filter((v) => !seen.has(`${v.kind}:${v.name}`) && seen.add(`${v.kind}:${v.name}`));
    if (first.length > 0) {
      const { writeTraceFiles } = await import('../export/write-trace-files');
      for (const v of first) {
        await writeTraceFiles(path.join(opts.out, violationFolder(v.kind, v.name)), { model, params: result.params, violation: { kind: v.kind, name: v.name, trace: v.trace } });
      }
    }
  }
  if (result.error) io.err(formatError(new InterleaveError(result.error)));
  if (opts.json) io.out(`${JSON.stringify(json)}\n`);
  else io.out(`${formatSimulation(result)}\n\nReproduce: ${reproduce}\n${opts.out ? `Reports written to ${opts.out}\n` : ''}`);
  if (result.error) return exitCodeForError(result.error.code);
  return result.verdict === 'ok' ? EXIT.ok : EXIT.violation;
}
