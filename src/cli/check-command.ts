import * as os from 'node:os';
import * as path from 'node:path';
import type { Io } from './io';
import type { CheckResult } from '../check/result';
import type { Worker } from 'node:worker_threads';
import { runCheck, startCheckThread } from '../run/run-check';
import { resolveOptions, type SearchStrategy } from '../check/options';
import { Interrupts } from '../run/interrupts';
import { loadModel } from '../load/load-model';
import { resolveParams } from '../model/resolve-params';
import { formatResult } from '../report/format-result';
import { resultJson } from '../report/result-json';
import { writeAtomic } from '../report/write-atomic';
import { exitCodeFor } from './exit-code';
import { formatError } from './format-error';
import { InterleaveError } from '../errors/interleave-error';
import { parseParams, parsePositive } from './parse-params';
import { progressReporter } from './progress';
import { reproduceCommand } from '../report/reproduce';
import { writeViolationFiles } from '../report/write-violation-files';
import { fewestSwitchesNotes } from '../report/fewest-switches-notes';

export interface CheckCommandOptions {
  readonly param?: string[];
  readonly invariant?: string[];
  readonly deadlock?: boolean;
  readonly continue?: boolean;
  readonly json?: boolean;
  readonly out?: string;
  readonly maxDepth?: string;
  readonly maxStates?: string;
  readonly timeLimit?: string;
  readonly workers?: string;
  readonly memory?: string;
  readonly spillDir?: string;
  readonly symmetry?: boolean;
  readonly progress?: boolean;
  readonly typecheck?: boolean;
  readonly warnings?: boolean;
  readonly fewestSwitches?: boolean;
  readonly maxSwitches?: string;
  readonly strategy?: string;
}

/** `--workers N`: a whole number of threads; by default one per core (small models still run on one thread). */
function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return os.availableParallelism();
  const n = parsePositive('--workers', raw) as number;
  if (!Number.isInteger(n)) throw new InterleaveError({ code: 'IL101', message: `--workers expects a whole number, got "${raw}".` });
  return n;
}

/** `--strategy dfs` is a search of its own: the options that belong to the breadth-first ones are refused. */
function refuseWithDfs(opts: CheckCommandOptions): void {
  if (opts.strategy !== 'dfs') return;
  const other = opts.maxSwitches !== undefined ? '--max-switches' : opts.fewestSwitches ? '--fewest-switches' : undefined;
  if (other === undefined) return;
  throw new InterleaveError({
    code: 'IL101',
    message: `${other} is a breadth-first search of its own and cannot be combined with --strategy dfs.`,
    hint: `Drop --strategy dfs to use ${other}, or drop ${other}.`,
  });
}

/** `interleave check <model>`: load, check, report; returns the exit code. */
export async function checkCommand(file: string, opts: CheckCommandOptions, io: Io): Promise<number> {
  refuseWithDfs(opts);
  // Bounded actor switches: a search of its own over (state, last actor, switches).
  if (opts.maxSwitches !== undefined) return (await import('./switches-command')).maxSwitchesCommand(file, opts, io);
  const thread = startCheckThread();
  try {
    return await checkWith(thread, file, opts, io);
  } finally {
    // Ended by `runCheck` once it has the result; here when the run did not start (bad input).
    void thread?.terminate();
  }
}

async function checkWith(thread: Worker | undefined, file: string, opts: CheckCommandOptions, io: Io): Promise<number> {
  const model = loadModel(file, { typecheck: opts.typecheck !== false });
  const params = resolveParams(model, parseParams(opts.param ?? []));
  const maxDepth = parsePositive('--max-depth', opts.maxDepth);
  const maxStates = parsePositive('--max-states', opts.maxStates);
  const timeLimit = parsePositive('--time-limit', opts.timeLimit);
  // Depth-first and fewest-switches searches run on one thread: by default, not one per core.
  const workers = (opts.strategy === 'dfs' || opts.fewestSwitches) && opts.workers === undefined ? 1 : parseWorkers(opts.workers);
  const memoryMb = parsePositive('--memory', opts.memory);
  // Depth-first, the depth is the path's, deep in models with bounded state spaces too: no hint.
  const depthHint = opts.warnings !== false && maxDepth === undefined && model.constraint === undefined && opts.strategy !== 'dfs';
  const progress = opts.progress === false ? undefined : progressReporter(io, { depthHint });
  const flags: string[] = [];
  for (const inv of opts.invariant ?? []) flags.push('--invariant', inv);
  if (opts.deadlock === false) flags.push('--no-deadlock');
  if (opts.continue) flags.push('--continue');
  if (maxDepth !== undefined) flags.push('--max-depth', String(maxDepth));
  if (maxStates !== undefined) flags.push('--max-states', String(maxStates));
  if (timeLimit !== undefined) flags.push('--time-limit', String(timeLimit));
  if (opts.symmetry === false) flags.push('--no-symmetry');
  if (opts.strategy !== undefined && opts.strategy !== 'bfs') flags.push('--strategy', opts.strategy);
  const options = {
    params,
    ...(opts.invariant?.length ? { invariants: opts.invariant } : {}),
    ...(opts.deadlock === false ? { deadlock: false } : {}),
    continue: Boolean(opts.continue),
    ...(maxDepth !== undefined ? { maxDepth } : {}),
    ...(maxStates !== undefined ? { maxStates } : {}),
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    workers,
    ...(memoryMb !== undefined ? { memoryMb } : {}),
    ...(opts.spillDir !== undefined ? { spillDir: opts.spillDir } : {}),
    ...(opts.symmetry === false ? { symmetry: false } : {}),
    ...(opts.strategy !== undefined ? { strategy: opts.strategy as SearchStrategy } : {}),
    ...(opts.fewestSwitches ? { fewestSwitches: true } : {}),
  };
  // A bad strategy, or one that cannot go with the other options: said before the model runs.
  resolveOptions(options);
  // From here SIGINT and SIGTERM end the search with a partial report (exit 130) instead of the process.
  const interrupts = Interrupts.install();
  try {
    let result: CheckResult;
    try {
      result = await runCheck({ file, model, params, options, thread, ...(progress ? { onProgress: progress.onProgress } : {}), interrupts });
    } finally {
      progress?.done();
    }
    if (opts.fewestSwitches) flags.push('--fewest-switches');
    const notes = fewestSwitchesNotes(result);
    // Signals while the reports are written are ignored (it takes a moment); each file is written whole or not at all.
    const shown = path.relative(process.cwd(), path.resolve(file)) || file;
    const reproduce = reproduceCommand(shown, result.params, flags);
    const json = resultJson(result, { file, reproduce });
    let viewers: string[] = [];
    if (opts.out) {
      writeAtomic(path.join(opts.out, 'result.json'), `${JSON.stringify(json, null, 2)}\n`);
      viewers = (await writeViolationFiles(opts.out, model, result, shown)).map((folder) => path.join(folder, 'index.html'));
    }
    // The error also goes to stderr as one paragraph, so that scripts reading stderr see why the run failed.
    if (result.verdict === 'error') io.err(formatError(new InterleaveError(result.error)));
    if (opts.json) io.out(`${JSON.stringify(json)}\n`);
    else {
      const written = opts.out ? `Reports written to ${opts.out}
${viewers.map((v) => `Viewer: ${v}
`).join('')}` : '';
      io.out(`${formatResult(result)}
${notes.map((n) => `
${n}`).join('')}
Reproduce: ${reproduce}
${written}`);
    }
    return exitCodeFor(result);
  } finally {
    interrupts.dispose();
  }
}
