/**
 * Simulation against exhaustive search on the bundled suites: for every entry that expects a violation (of an
 * invariant, an action invariant or a deadlock), runs `simulate` with the default depth and PCT depth and a
 * budget of `--runs` runs (default: the default budget) for each strategy and five seeds, checking only the
 * expected properties with `--continue`, and records the runs and seconds to the first violation,
 * which expected violations were found, and each shrunk counterexample's length beside the shortest one that
 * `check` finds. Writes the raw results as JSON and the tables of docs/simulation.md (between the
 * `<!-- bench:simulation -->` markers).
 *
 *   npm run build && node dist/bench/simulation.js [--filter TEXT] [--seeds 5] [--runs N] [--json FILE] [--doc FILE]
 *   node dist/bench/simulation.js --render a.json,b.json [--doc FILE]   (tables from earlier results only)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findSpecFiles, loadSuite } from '../src/suite/load-suite';
import { loadModel } from '../src/load/load-model';
import { check } from '../src/check/check';
import { simulate } from '../src/search/simulate/simulate';
import { STRATEGIES } from '../src/search/simulate/types';
import { resolveParams } from '../src/model/resolve-params';
import { DEFAULT_DEPTH, DEFAULT_PCT_DEPTH, DEFAULT_RUNS } from '../src/search/simulate/configs';

interface Row {
  suite: string;
  entry: string;
  targets: string[];
  shortest: Record<string, number>;
  bfsSeconds: number;
  /** Runs each simulation was given. */
  budget?: number;
  runs: Record<string, { seed: number; found: string[]; firstRun: number | null; firstSeconds: number | null; shrunk: Record<string, number>; runs: number; seconds: number }[]>;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
}

async function main(): Promise<void> {
  const filter = arg('--filter', '');
  const seeds = Number(arg('--seeds', '5'));
  const budget = Number(arg('--runs', String(DEFAULT_RUNS)));
  const jsonFile = arg('--json', 'reports/bench/simulation.json');
  const docFile = arg('--doc', 'docs/simulation.md');
  // --render a.json,b.json: only rewrite the tables from results of earlier runs (split between processes).
  const render = arg('--render', '');
  if (render !== '') {
    const rows = render.split(',').flatMap((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Row[]);
    writeDoc(docFile, rows.filter((r, i) => r.suite !== 'simulate' && r.suite !== 'validate' && rows.findIndex((o) => o.suite === r.suite && o.entry === r.entry) === i), seeds);
    return;
  }
  const previous: Row[] = fs.existsSync(jsonFile) ? (JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Row[]) : [];
  const rows: Row[] = [...previous];
  for (const spec of findSpecFiles(['specs'])) {
    const suite = loadSuite(spec);
    // specs/simulate.spec.ts and specs/validate.spec.ts repeat entries of the other suites.
    if (suite.suite.name === 'simulate' || suite.suite.name === 'validate') continue;
    for (const { entry, modelPath } of suite.entries) {
      const violatedNames = Object.entries(entry.expect).filter(([, e]) => e === 'violated').map(([n]) => n);
      if (!`${suite.suite.name} ${entry.name}`.includes(filter)) continue;
      if (rows.some((r) => r.suite === suite.suite.name && r.entry === entry.name)) continue;
      if (modelPath === undefined) continue;
      const model = loadModel(modelPath, { typecheck: false });
      const safety = new Set([...Object.keys(model.invariants), ...Object.keys(model.actionInvariants ?? {})]);
      const names = violatedNames.filter((n) => safety.has(n));
      const targets = [...names, ...(entry.deadlock ? ['deadlock'] : [])];
      if (targets.length === 0) continue;
      const params = resolveParams(model, entry.params ?? {});
      const bfs = check(model, { params, continue: true, invariants: names, deadlock: Boolean(entry.deadlock), workers: 1 });
      const shortest: Record<string, number> = {};
      for (const v of bfs.violations) if (v.trace.length > 0) shortest[v.kind === 'deadlock' ? 'deadlock' : v.name] = v.trace.length;
      const row: Row = { suite: suite.suite.name, entry: entry.name, targets, shortest, bfsSeconds: bfs.durationMs / 1000, budget, runs: {} };
      for (const strategy of STRATEGIES) {
        row.runs[strategy] = [];
        for (let seed = 1; seed <= seeds; seed++) {
          const r = await simulate(model, {
            params,
            invariants: names,
            deadlock: Boolean(entry.deadlock),
            seed,
            runs: budget,
            depth: DEFAULT_DEPTH,
            strategy,
            pctDepth: DEFAULT_PCT_DEPTH,
            workers: 1,
            shrink: true,
            continue: true,
          });
          const found = r.violations.map((v) => (v.kind === 'deadlock' ? 'deadlock' : v.name));
          const first = r.violations.length ? Math.min(...r.violations.map((v) => v.runsUntil)) : null;
          const firstMs = r.violations.length ? Math.min(...r.violations.map((v) => v.elapsedMs)) : null;
          const shrunk: Record<string, number> = {};
          for (const v of r.violations) shrunk[v.kind === 'deadlock' ? 'deadlock' : v.name] = v.trace.length;
          row.runs[strategy]?.push({ seed, found, firstRun: first, firstSeconds: firstMs === null ? null : firstMs / 1000, shrunk, runs: r.runs, seconds: r.durationMs / 1000 });
          console.log(`${row.suite} / ${row.entry} ${strategy} seed ${seed}: first run ${first}, ${found.length}/${targets.length} found, shrunk ${JSON.stringify(shrunk)} vs ${JSON.stringify(shortest)}, ${(r.durationMs / 1000).toFixed(1)} s`);
        }
      }
      rows.push(row);
      fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
      fs.writeFileSync(jsonFile, `${JSON.stringify(rows, null, 1)}\n`);
      writeDoc(docFile, rows, seeds);
    }
  }
  writeDoc(docFile, rows, seeds);
}

function writeDoc(file: string, rows: Row[], seeds: number): void {
  const out: string[] = [];
  let equal = 0;
  let total = 0;
  let worst = 1;
  for (const row of rows) {
    out.push(`#### ${row.suite}: ${row.entry}`, '');
    out.push(`Expected: ${row.targets.join(', ')}. BFS (\`check\`): shortest ${row.targets.map((t) => `${t} ${row.shortest[t] ?? '?'}`).join(', ')} states, ${row.bfsSeconds.toFixed(2)} s.`, '');
    out.push('| strategy | seeds finding all | runs to first violation (median) | seconds to first (median) | shrunk length (per seed) vs shortest |');
    out.push('|---|---|---|---|---|');
    for (const [strategy, runs] of Object.entries(row.runs)) {
      const all = runs.filter((r) => row.targets.every((t) => r.found.includes(t))).length;
      const firstRuns = runs.map((r) => r.firstRun).filter((x): x is number => x !== null);
      const firstSecs = runs.map((r) => r.firstSeconds).filter((x): x is number => x !== null);
      const lengths = row.targets.map((t) => {
        const got = runs.map((r) => r.shrunk[t]);
        for (const g of got) {
          if (g === undefined || row.shortest[t] === undefined) continue;
          total++;
          if (g === row.shortest[t]) equal++;
          worst = Math.max(worst, g / (row.shortest[t] as number));
        }
        return `${t}: ${got.map((g) => g ?? '-').join('/')} vs ${row.shortest[t] ?? '?'}`;
      });
      const m = median(firstRuns);
      const s = median(firstSecs);
      out.push(`| ${strategy} | ${all}/${runs.length} | ${m === null ? `not found in ${(row.budget ?? 10_000).toLocaleString('en-US')}` : m} | ${s === null ? '-' : s.toFixed(2)} | ${lengths.join('; ')} |`);
    }
    out.push('');
  }
  const found: string[] = [];
  for (const strategy of ['random', 'pct', 'coverage']) {
    const misses = rows.filter((row) => {
      const runs = row.runs[strategy] ?? [];
      return runs.some((r) => !row.targets.every((t) => r.found.includes(t)));
    });
    found.push(
      `- \`${strategy}\`: every expected violation found with every seed in ${rows.length - misses.length} of ${rows.length} entries${misses.length ? `; not in ${misses.map((m) => `${m.suite}: ${m.entry}`).join(', ')}` : ''}.`,
    );
  }
  // One row per entry: the median runs (and seconds) to the first violation per strategy, and the shrunk lengths.
  const overview = ['| entry | shortest (BFS) | random: runs (s) | pct: runs (s) | coverage: runs (s) | shrunk = shortest |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    const cells = ['random', 'pct', 'coverage'].map((strategy) => {
      const runs = row.runs[strategy] ?? [];
      const all = runs.filter((r) => row.targets.every((t) => r.found.includes(t))).length;
      const m = median(runs.map((r) => r.firstRun).filter((x): x is number => x !== null));
      const sec = median(runs.map((r) => r.firstSeconds).filter((x): x is number => x !== null));
      // With --continue a campaign stops once every expected property is violated: its runs are the runs to the last.
      const last = median(runs.filter((r) => row.targets.every((t) => r.found.includes(t))).map((r) => r.runs));
      const lastCell = row.targets.length > 1 ? `, all ${last ?? 'never'}` : '';
      return m === null ? 'not found' : `${m}${lastCell} (${(sec ?? 0).toFixed(1)})${all < runs.length ? ` (${all}/${runs.length} seeds all)` : ''}`;
    });
    let same = 0;
    let of = 0;
    for (const runs of Object.values(row.runs)) {
      for (const r of runs) {
        for (const t of row.targets) {
          if (r.shrunk[t] === undefined || row.shortest[t] === undefined) continue;
          of++;
          if (r.shrunk[t] === row.shortest[t]) same++;
        }
      }
    }
    overview.push(`| ${row.suite}: ${row.entry} | ${row.targets.map((t) => row.shortest[t] ?? '?').join(', ')} | ${cells.join(' | ')} | ${same}/${of} |`);
  }
  const budgets = [...new Set(rows.map((r) => (r.budget ?? 10_000).toLocaleString('en-US')))].join(' or ');
  const summary = [
    `Shrunk counterexamples equal to the shortest: ${equal} of ${total} (${total ? ((100 * equal) / total).toFixed(1) : '0'}%); the longest is ${worst.toFixed(2)}x the shortest. ${seeds} seeds per strategy, ${budgets} runs each.`,
    '',
    'Runs to the first violation are the primary figure: they depend only on the seed. The seconds are wall-clock on a shared machine (2 cores, a load of 10 to 16 while measured) and vary by a factor of 2 or more between identical runs.',
    '',
    found.join('\n'),
    '',
    'Per entry: the median over the seeds of the runs to the first violation (seconds in brackets), and with several expected violations the median runs until all were found ("all", over the seeds that found all); "n/5 seeds all" when some seed missed one of them within the budget; shrunk counterexamples equal in length to the shortest, of all found.',
    '',
    overview.join('\n'),
    '',
    'Per entry and strategy, with each seed:',
  ].join('\n');
  const body = `<!-- bench:simulation -->\n${summary}\n\n${out.join('\n')}\n<!-- /bench:simulation -->`;
  const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const re = /<!-- bench:simulation -->[\s\S]*<!-- \/bench:simulation -->/;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, re.test(doc) ? doc.replace(re, body) : `${doc}\n${body}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
