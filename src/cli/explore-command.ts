import * as path from 'node:path';
import type { Io } from './io';
import type { EngineChecks } from '../engine/step-engine';
import { StepEngine } from '../engine/step-engine';
import { loadModel } from '../load/load-model';
import { resolveParams } from '../model/resolve-params';
import { parseParams, parsePositive } from './parse-params';
import { InterleaveError, EXIT } from '../errors/interleave-error';
import { Interrupts } from '../run/interrupts';
import { ExploreSession, StepFailure } from '../explore/explore-session';
import { BackgroundRun } from '../explore/background-run';
import { startExplorerServer } from '../explore/server';
import { BadPath, formatExplorePath, parsePath } from '../explore/explore-path';
import { isWildcardHost } from '../explore/allowed-hosts';
import { openBrowser } from '../explore/open-browser';

export interface ExploreCommandOptions {
  readonly param?: string[];
  readonly port?: string;
  readonly host?: string;
  readonly open?: boolean;
  readonly path?: string;
  readonly deadlock?: boolean;
  readonly workers?: string;
  readonly typecheck?: boolean;
}

/** The port the explorer listens on by default, so that its links stay the same from run to run. */
export const DEFAULT_PORT = 7707;

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new InterleaveError({ code: 'IL101', message: `--port expects a port number from 0 to 65535 (0: a free port), got "${raw}".` });
  return n;
}

/** `--path 0.3.1`: checked against the model before the server starts, so that a stale link says why. */
function startPath(session: ExploreSession, raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  try {
    const p = parsePath(raw);
    session.walk(p);
    return p;
  } catch (error) {
    if (error instanceof BadPath) throw new InterleaveError({ code: 'IL101', message: `--path: ${error.message}`, hint: 'Paths come from the explorer\'s address bar or from explore.txt beside a counterexample of check --out, for the same model and params.' });
    if (error instanceof StepFailure) throw error.error;
    throw error;
  }
}

/**
 * `interleave explore <model>`: serves the explorer on a local port until interrupted (Ctrl-C ends it with exit 0).
 * States are computed as the page asks for them; the page starts the background check.
 */
export async function exploreCommand(file: string, opts: ExploreCommandOptions, io: Io): Promise<number> {
  const model = loadModel(file, { typecheck: opts.typecheck !== false });
  const params = resolveParams(model, parseParams(opts.param ?? []));
  const port = parsePort(opts.port);
  const host = opts.host ?? '127.0.0.1';
  const workers = parsePositive('--workers', opts.workers) ?? 1;
  if (!Number.isInteger(workers)) throw new InterleaveError({ code: 'IL101', message: `--workers expects a whole number, got "${opts.workers ?? ''}".` });
  const deadlock = opts.deadlock === false ? false : (model.deadlock ?? true);
  const checks: EngineChecks = {
    invariants: Object.keys(model.invariants),
    actionInvariants: Object.keys(model.actionInvariants ?? {}),
    reachable: Object.keys(model.reachable ?? {}),
    deadlock,
    // The explorer shows concrete states: paths index the model's own successors, not symmetry classes.
    symmetry: false,
  };
  const engine = new StepEngine(model, params, checks);
  const session = new ExploreSession(engine);
  const start = startPath(session, opts.path);
  const run = new BackgroundRun({ file, model, params, engine, options: { params, continue: true, workers, ...(opts.deadlock === false ? { deadlock: false } : {}) } });
  const shown = path.relative(process.cwd(), path.resolve(file)) || file;
  const info = { model: model.name, file: shown, params, ...checks, crash: 'maxCrashes' in params && 'tornWrites' in params };
  if (isWildcardHost(host)) {
    io.err(`Warning: --host ${host} serves the explorer to every machine that can reach this one; it runs the model's code for anyone who asks. Use it only on a network you trust.\n`);
  }
  const interrupts = Interrupts.install();
  try {
    const server = await startExplorerServer({ session, run, info, host, port });
    const urlHost = isWildcardHost(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    const url = `http://${urlHost}:${server.port}/${start ? `#/${formatExplorePath(start)}` : ''}`;
    io.out(`Explorer: ${url}\nPress Ctrl-C to stop.\n`);
    if (opts.open !== false && process.stdout.isTTY) openBrowser(url);
    await new Promise<void>((resolve) => interrupts.listen(resolve));
    run.stop();
    await server.close();
    return EXIT.ok;
  } finally {
    interrupts.dispose();
  }
}
