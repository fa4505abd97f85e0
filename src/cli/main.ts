import { Command, CommanderError, Option } from 'commander';
import type { Io } from './io';
import { processIo } from './io';
// Each command loads what it needs when it runs: the exporters alone (Graphviz, GraphML) take a good part of a
// check's start-up to load.
import type { checkCommand } from './check-command';
import type { suiteCommand } from './suite-command';
import type { graphCommand } from './graph-command';
import type { showCommand } from './show-command';
import type { initCommand } from './init-command';
import type { simulateCommand } from './simulate-command';
import type { mergeCommand } from './merge-command';
import type { validateCommand } from './validate-command';
import type { exploreCommand } from './explore-command';
import { formatAnyError } from './format-error';
import { exitCodeForError, InterleaveError, EXIT } from '../errors/interleave-error';
import { VERSION } from '../version';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * The command line: parses arguments and calls a pipeline. Returns the exit code; `bin/interleave.js` is the
 * one place that exits.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('interleave')
    .description('An explicit-state model checker for TypeScript models of concurrent storage code.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run `interleave --help` for usage)');

  program
    .command('check')
    .description('Explore every interleaving of a model breadth-first (or depth-first) and report the shortest trace to a violation (depth-first: a trace).')
    .argument('<model>', 'model file (.ts) whose default export is a defineModel(...)')
    .option('-p, --param <key=value>', 'override a model parameter (repeatable; numbers and booleans are parsed)', collect)
    .option('-i, --invariant <name>', 'check only this invariant or property (repeatable)', collect)
    .option('--no-deadlock', 'do not report states without successors as deadlocks')
    .option('--continue', 'go on after a violation and report every violated property')
    .option('--max-depth <n>', 'do not expand states at this depth (initial states are depth 1)')
    .option('--max-states <n>', 'stop after this many distinct states')
    .option('--time-limit <seconds>', 'stop after this many seconds')
    .option('--workers <n>', 'threads that expand states; same counts and traces with any number (default: the number of cores)')
    .option('--memory <MB>', 'frontier budget: levels beyond it are spilled to disk and read back in order')
    .option('--spill-dir <dir>', 'folder for spilled frontier files (default: the OS temp folder)')
    .option('--no-symmetry', "ignore the model's symmetry hook (count every state, not equivalence classes)")
    .option('--strategy <name>', 'bfs (default: breadth-first, shortest counterexamples) or dfs (depth-first on one thread: fingerprints and the current path in memory; counterexamples not shortest; no temporal properties)')
    .option('--json', 'print the result as one JSON object')
    .option('--out <dir>', 'write result.json and, per violation, its trace files into this folder')
    .addOption(new Option('--no-progress', 'do not print progress on stderr'))
    .option('--no-warnings', 'do not print hints with the progress (e.g. depth growing with nothing to bound it)')
    .option('--no-typecheck', 'skip type-checking the model file (it is still compiled)')
    .option('--fewest-switches', 'among the shortest counterexamples, report one with the fewest changes of actor (exact; one thread, no symmetry hook)')
    .option('--max-switches <k>', 'explore only behaviours with at most k changes of actor between consecutive steps')
    .action(async (model: string, opts: Parameters<typeof checkCommand>[1]) => {
      exitCode = await (await import('./check-command')).checkCommand(model, opts, io);
    });

  program
    .command('simulate')
    .description('Random walks through a model (random, PCT or coverage-guided), checking every property at every step; finds bugs, proves nothing.')
    .argument('<model>', 'model file (.ts) whose default export is a defineModel(...)')
    .option('-p, --param <key=value>', 'override a model parameter (repeatable)', collect)
    .option('-i, --invariant <name>', 'check only this invariant (repeatable)', collect)
    .option('--no-deadlock', 'do not report states without successors as deadlocks')
    .option('--seed <n>', 'seed of every random choice (default: a random one, printed in the report)')
    .option('--runs <n>', 'runs (walks) in all, or per configuration with --swarm (default 20000; with --swarm N, 20000/N but at least 100)')
    .option('--depth <n>', 'steps a run takes at most (default 200)')
    .option('--time-limit <seconds>', 'stop after this many seconds')
    .option('--strategy <name>', 'coverage (unseen states first; the default), random (uniform over enabled steps) or pct (priorities over actors)')
    .option('--pct-depth <d>', "PCT's d: d - 1 priority change points a run (default 3)")
    .option('--workers <n>', 'threads running blocks of runs; the report is the same with any number (default 1)')
    .option('--continue', 'go on after a violation to find the other properties\' (each reported once per configuration)')
    .option('--swarm <n>', 'run n configurations (strategy, PCT depth, action weights) drawn from the seed')
    .option('--shard <i/n>', 'run only shard i of n of the swarm (CI matrix); combine reports with `interleave merge`')
    .option('--config <c>', 'run only configuration c of the swarm (as printed in replay commands)')
    .option('--no-shrink', 'report counterexamples as the runs found them')
    .option('--json', 'print the result as one JSON object')
    .option('--out <dir>', 'write result.json and, per violated property, its trace files into this folder')
    .addOption(new Option('--no-progress', 'do not print progress on stderr'))
    .option('--no-typecheck', 'skip type-checking the model file')
    .action(async (model: string, opts: Parameters<typeof simulateCommand>[1]) => {
      exitCode = await (await import('./simulate-command')).simulateCommand(model, opts, io);
    });

  program
    .command('merge')
    .description('Combine JSON reports of simulate (shards of one swarm): union of coverage, every violation, shortest first.')
    .argument('<reports...>', 'result JSON files written by simulate --json or --out')
    .option('--json', 'print the merged report as one JSON object')
    .option('--out <file>', 'also write the merged JSON report to this file')
    .action(async (reports: string[], opts: Parameters<typeof mergeCommand>[1]) => {
      exitCode = await (await import('./merge-command')).mergeCommand(reports, opts, io);
    });

  program
    .command('suite')
    .description('Run invariant suites (specs/*.spec.ts): every entry must show its expected verdicts.')
    .argument('[paths...]', 'spec files or folders (default: specs)')
    .option('--filter <text>', 'run only entries whose suite/entry name or model path contains this text')
    .option('--json', 'print the summary as one JSON object')
    .option('--baseline <summary.json>', 'also report entries whose distinct-state count drifted from this earlier run')
    .option('--drift <fraction>', 'the drift that counts, as a fraction of the baseline count', '0.1')
    .option('--out <dir>', 'where to write summary.json, junit.xml, summary.md, index.html and trace files', 'reports/suite')
    .option('--jobs <n>', 'worker threads (default: the number of cores)')
    .option('--readme <file>', 'rewrite the tables at <!-- table:MODEL --> markers in this Markdown file from the results')
    .action(async (paths: string[], opts: Parameters<typeof suiteCommand>[1]) => {
      exitCode = await (await import('./suite-command')).suiteCommand(paths, opts, io);
    });

  program
    .command('graph')
    .description('Write the whole state space of a small model as a graph (TLC -dump dot).')
    .argument('<model>', 'model file (.ts)')
    .option('-p, --param <key=value>', 'override a model parameter (repeatable)', collect)
    .option('--max-states <n>', 'refuse state spaces larger than this (default 1000)')
    .addOption(new Option('--format <format>', 'output format').choices(['dot', 'graphml', 'json', 'svg']).default('dot'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--no-typecheck', 'skip type-checking the model file')
    .action(async (model: string, opts: Parameters<typeof graphCommand>[1]) => {
      exitCode = await (await import('./graph-command')).graphCommand(model, opts, io);
    });

  program
    .command('show')
    .description('Print a saved trace (trace.json, ITF) with lanes per actor and per-step changes.')
    .argument('<trace>', 'trace file written by check --out or the suite')
    .option('--model <file>', 're-validate the trace: every step must be a real step of this model')
    .option('-p, --param <key=value>', 'override a parameter recorded in the trace (repeatable)', collect)
    .option('--no-typecheck', 'skip type-checking the model file')
    .action(async (trace: string, opts: Parameters<typeof showCommand>[1]) => {
      exitCode = await (await import('./show-command')).showCommand(trace, opts, io);
    });

  program
    .command('init')
    .description('Add an example model with a bug and its fix, a spec, a vitest test, npm scripts and a GitHub Actions workflow to a project.')
    .argument('[dir]', 'the npm project folder (default: the current folder)')
    .action(async (dir: Parameters<typeof initCommand>[0]) => {
      exitCode = (await import('./init-command')).initCommand(dir, io);
    });

  program
    .command('validate')
    .description('Check that a log of a real run is a behaviour of the model, and point at the first record that is not.')
    .argument('<model>', 'model file (.ts)')
    .requiredOption('--trace <file>', 'the log: NDJSON records {"action": {...}, "state": {...}} or ftrace text')
    .option('-p, --param <key=value>', 'override a model parameter (repeatable)', collect)
    .option('--map <mapping.ts>', 'module mapping raw records (NDJSON objects or ftrace events) to expected steps')
    .addOption(new Option('--format <format>', 'log format').choices(['ndjson', 'ftrace']).default('ndjson'))
    .option('--max-silent <n>', 'unlogged steps allowed before each logged one (default 0)')
    .option('--reorder-window <n>', 'ftrace: events held to put CPUs in timestamp order (default 4096)')
    .option('--json', 'print the result as one JSON object')
    .option('--out <dir>', 'write result.json and the matching model trace (or the matched prefix) as viewable files')
    .option('--no-typecheck', 'skip type-checking the model file')
    .action(async (model: string, opts: Parameters<typeof validateCommand>[1]) => {
      exitCode = await (await import('./validate-command')).validateCommand(model, opts, io);
    });

  program
    .command('explore')
    .description('Step through a model\'s states in the browser: choose each step, branch into crashes, jump to counterexamples.')
    .argument('<model>', 'model file (.ts)')
    .option('-p, --param <key=value>', 'override a model parameter (repeatable)', collect)
    .option('--port <n>', 'port to listen on (0: a free port)', '7707')
    .option('--host <address>', 'address to listen on (0.0.0.0 serves the network: a warning is printed)', '127.0.0.1')
    .option('--path <0.3.1>', 'open at this state: initial state index, then indices into each list of enabled steps')
    .option('--no-open', 'do not open a browser')
    .option('--no-deadlock', 'do not report states without successors as deadlocks')
    .option('--workers <n>', 'threads of the background check (default 1)')
    .option('--no-typecheck', 'skip type-checking the model file')
    .action(async (model: string, opts: Parameters<typeof exploreCommand>[1]) => {
      exitCode = await (await import('./explore-command')).exploreCommand(model, opts, io);
    });

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    io.err(formatAnyError(error));
    return error instanceof InterleaveError ? exitCodeForError(error.code) : EXIT.modelError;
  }
  return exitCode;
}
