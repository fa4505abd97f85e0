import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Suite, SuiteEntry } from './types';
import { InterleaveError } from '../errors/interleave-error';
import { loadModule } from '../load/load-module';
import { typecheck } from '../load/typecheck';

/**
 * A spec file's suite with the absolute path of each entry's model; an entry whose shape is wrong carries its
 * error instead (its row reports it; the other entries run).
 */
export interface LoadedSuite {
  readonly file: string;
  readonly suite: Suite;
  readonly entries: readonly LoadedEntry[];
}

export type LoadedEntry =
  | { readonly entry: SuiteEntry; readonly modelPath: string; readonly error?: undefined }
  | { readonly entry: SuiteEntry; readonly modelPath?: string; readonly error: InterleaveError };

const ENTRY_KEYS = new Set(['name', 'model', 'params', 'expect', 'deadlock', 'traces', 'maxStates', 'maxDepth', 'timeLimit', 'allowIncomplete', 'validations', 'mode', 'simulate', 'maxSwitches', 'strategy']);

function invalid(file: string, where: string, what: string): InterleaveError {
  return new InterleaveError({ code: 'IL402', message: `Spec file ${file}, ${where}: ${what}.`, file });
}

/** Loads a spec file and checks the shape of every entry (names of properties are checked against the model later). */
export function loadSuite(file: string): LoadedSuite {
  if (fs.existsSync(file)) typecheck(file, 'spec file', 'IL401');
  const exported = loadModule(file, 'spec file', { missing: 'IL401', compile: 'IL401', threw: 'IL401' });
  if (typeof exported !== 'object' || exported === null || (exported as { __interleaveSuite?: unknown }).__interleaveSuite !== 1) {
    throw new InterleaveError({
      code: 'IL401',
      message: `The default export of spec file ${file} is not a suite.`,
      hint: "Write `export default defineSuite({ name, entries: [...] })` with defineSuite imported from 'interleave'.",
      file,
    });
  }
  const suite = exported as Suite;
  if (typeof suite.name !== 'string' || !Array.isArray(suite.entries)) throw invalid(file, 'the suite', 'it needs a `name` and an `entries` array');
  const seen = new Set<string>();
  const entries = suite.entries.map((entry, i): LoadedEntry => {
    try {
      return checkEntry(file, entry, i, seen);
    } catch (error) {
      if (!(error instanceof InterleaveError)) throw error;
      const name = typeof entry?.name === 'string' && entry.name !== '' ? entry.name : `entry ${i + 1}`;
      return { entry: { ...(typeof entry === 'object' && entry !== null ? entry : {}), name } as SuiteEntry, error };
    }
  });
  return { file, suite, entries };
}

/** Checks the shape of one entry; returns it with its model's absolute path. */
function checkEntry(file: string, entry: SuiteEntry, i: number, seen: Set<string>): LoadedEntry {
  const where = `entry ${i + 1}${typeof entry?.name === 'string' ? ` ("${entry.name}")` : ''}`;
  if (typeof entry !== 'object' || entry === null) throw invalid(file, where, 'it is not an object');
  if (typeof entry.name !== 'string' || entry.name === '') throw invalid(file, where, 'it needs a non-empty `name`');
  if (seen.has(entry.name)) throw invalid(file, where, 'another entry has the same name');
  seen.add(entry.name);
  for (const k of Object.keys(entry)) if (!ENTRY_KEYS.has(k)) throw invalid(file, where, `unknown field \`${k}\` (fields: ${[...ENTRY_KEYS].join(', ')})`);
  if (typeof entry.model !== 'string') throw invalid(file, where, 'it needs `model`, the model file path relative to the spec file');
  const modelPath = path.resolve(path.dirname(path.resolve(file)), entry.model);
  if (!fs.existsSync(modelPath)) throw invalid(file, where, `its model file ${entry.model} does not exist (looked for ${modelPath})`);
  if (typeof entry.expect !== 'object' || entry.expect === null) throw invalid(file, where, 'it needs `expect`, e.g. { NoDoubleAllocation: "violated" }');
  for (const [name, e] of Object.entries(entry.expect)) {
    if (e !== 'holds' && e !== 'violated') throw invalid(file, where, `expect.${name} must be "holds" or "violated", not ${JSON.stringify(e)}`);
  }
  for (const [name, pinned] of Object.entries(entry.traces ?? {}) as [string, { actions?: unknown }][]) {
    if (entry.expect[name] !== 'violated') throw invalid(file, where, `traces.${name} pins a counterexample, so expect.${name} must be "violated"`);
    if (pinned.actions !== undefined && !Array.isArray(pinned.actions)) throw invalid(file, where, `traces.${name}.actions must be an array of action types`);
  }
  for (const k of ['maxStates', 'maxDepth', 'timeLimit'] as const) {
    const v = entry[k];
    if (v !== undefined && !(typeof v === 'number' && v > 0)) throw invalid(file, where, `${k} must be a positive number`);
  }
  for (const [j, v] of (Array.isArray(entry.validations) ? entry.validations : entry.validations === undefined ? [] : [null]).entries()) {
    const at = `validations[${j}]`;
    if (typeof v !== 'object' || v === null || typeof v.log !== 'string') throw invalid(file, where, `${at} needs \`log\`, the log file path relative to the spec file (validations is an array)`);
    if (v.expect !== 'ok' && v.expect !== 'divergence') throw invalid(file, where, `${at}.expect must be "ok" or "divergence"`);
    if (v.line !== undefined && (v.expect !== 'divergence' || !Number.isInteger(v.line) || v.line < 1)) throw invalid(file, where, `${at}.line must be a line number (1 or more) of an expected divergence`);
  }
  checkBoundedEntry(entry, (why) => invalid(file, where, why));
  return { entry, modelPath };
}

/** Folders a search for spec files does not enter: third-party packages, and hidden folders (.git, caches). */
function skipped(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** The `*.spec.ts` files under a folder, not entering skipped folders. */
function specFilesUnder(dir: string, out: string[]): void {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) {
      if (!skipped(d.name)) specFilesUnder(p, out);
    } else if (d.name.endsWith('.spec.ts')) out.push(p);
  }
}

/**
 * The spec files named by `paths` (files, or folders searched for `*.spec.ts` outside `node_modules` and hidden
 * folders), sorted. A file named directly is taken wherever it is.
 */
export function findSpecFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new InterleaveError({ code: 'IL401', message: `The spec path ${p} does not exist.`, file: p });
    if (fs.statSync(p).isDirectory()) specFilesUnder(p, out);
    else out.push(p);
  }
  return [...new Set(out)].sort();
}

/** The fields that choose how an entry is explored: `mode`, `simulate` (its budget), `maxSwitches`, `strategy`. */
function checkBoundedEntry(entry: SuiteEntry, invalid: (why: string) => Error): void {
  if (entry.mode !== undefined && entry.mode !== 'check' && entry.mode !== 'simulate') throw invalid(`mode must be "check" or "simulate", not ${JSON.stringify(entry.mode)}`);
  if (entry.simulate !== undefined && entry.mode !== 'simulate') throw invalid('`simulate` (a budget) needs mode: "simulate"');
  if (entry.mode === 'simulate' && entry.maxSwitches !== undefined) throw invalid('an entry is simulated or bounded in switches, not both');
  for (const [k, v] of Object.entries(entry.simulate ?? {})) {
    if (k === 'strategy') {
      if (!['random', 'pct', 'coverage'].includes(v as string)) throw invalid(`simulate.strategy must be "random", "pct" or "coverage", not ${JSON.stringify(v)}`);
    } else if (['runs', 'depth', 'seed', 'pctDepth'].includes(k)) {
      if (!(Number.isSafeInteger(v) && (v as number) >= (k === 'seed' ? 0 : 1))) throw invalid(`simulate.${k} must be a whole number${k === 'seed' ? '' : ' of at least 1'}`);
    } else throw invalid(`unknown field \`simulate.${k}\` (fields: runs, depth, seed, strategy, pctDepth)`);
  }
  if (entry.maxSwitches !== undefined && !(Number.isSafeInteger(entry.maxSwitches) && entry.maxSwitches >= 0)) throw invalid('maxSwitches must be a whole number of at least 0');
  if (entry.strategy !== undefined && entry.strategy !== 'bfs' && entry.strategy !== 'dfs') throw invalid(`strategy must be "bfs" or "dfs", not ${JSON.stringify(entry.strategy)}`);
  if (entry.strategy === 'dfs' && (entry.mode === 'simulate' || entry.maxSwitches !== undefined)) throw invalid('strategy "dfs" is for exhaustive checks: not with mode "simulate" or maxSwitches');
}
