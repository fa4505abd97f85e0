import * as fs from 'node:fs';
import * as path from 'node:path';
import { updateReadmeTables } from '../suite/readme-tables';
import type { Io } from './io';
import type { EntryResult } from '../suite/entry-result';
import { findSpecFiles } from '../suite/load-suite';
import { planSuite, runSuite } from '../suite/run-suite';
import { summarize, expectedText, foundText, paramsText } from '../suite/summary';
import { readBaseline, driftAgainst } from '../suite/baseline';
import { toJunit } from '../suite/junit';
import { toMarkdown } from '../suite/markdown';
import { toIndexHtml } from '../suite/index-html';
import { writeAtomic } from '../report/write-atomic';
import { parsePositive } from './parse-params';
import { EXIT, InterleaveError, type ErrorCode } from '../errors/interleave-error';
import { Interrupts } from '../run/interrupts';
import { formatError } from './format-error';

export interface SuiteCommandOptions {
  readonly filter?: string;
  readonly json?: boolean;
  readonly baseline?: string;
  readonly drift?: string;
  readonly out: string;
  readonly jobs?: string;
  readonly readme?: string;
}

/** The printed table: one row per entry with what the run found; what was expected is said for failing rows below it. */
function table(entries: readonly EntryResult[]): string {
  const head = ['', 'entry', 'params', 'verdict', 'states', 'depth', 'seconds'];
  const rows = entries.map((e) => [e.passed ? 'ok' : e.unusable ? 'ERROR' : 'FAIL', `${e.suite}/${e.entry}`, paramsText(e), foundText(e), e.distinctStates.toLocaleString('en-US'), String(e.depth), e.seconds.toFixed(2)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = new Set([4, 5, 6]);
  const fmt = (r: string[]): string => r.map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

/**
 * `interleave suite [paths]`: runs every entry, prints a table, writes reports. Exit 0 when all is as expected,
 * 1 when some entry is not (or drifted), 2 when some spec file or entry could not be run as written (the others
 * still run), 130 when interrupted (the entries finished so far are reported).
 */
export async function suiteCommand(paths: readonly string[], opts: SuiteCommandOptions, io: Io): Promise<number> {
  const files = findSpecFiles(paths.length ? paths : ['specs']);
  if (files.length === 0) throw new InterleaveError({ code: 'IL401', message: `No spec files (*.spec.ts) found in ${paths.join(', ') || 'specs'}.` });
  const jobs = parsePositive('--jobs', opts.jobs);
  const fraction = parsePositive('--drift', opts.drift) ?? 0.1;
  const baseline = opts.baseline ? readBaseline(opts.baseline) : undefined;
  const { inputs } = planSuite(files, opts.filter);
  if (inputs.length === 0) throw new InterleaveError({ code: 'IL401', message: `No suite entry matches --filter ${JSON.stringify(opts.filter)}.` });
  // SIGINT and SIGTERM stop the running entries; those finished are reported and their reports written.
  const interrupts = Interrupts.install();
  const abort = new AbortController();
  interrupts.listen(() => abort.abort());
  let results: EntryResult[];
  try {
    results = await runSuite(inputs, {
      outDir: opts.out,
      ...(jobs !== undefined ? { jobs } : {}),
      signal: abort.signal,
      onResult: (r) => {
        if (r.unusable) io.err(formatError(new InterleaveError({ ...r.unusable, code: r.unusable.code as ErrorCode, message: `${r.suite}/${r.entry}: ${r.unusable.message}` })));
        else if (!opts.json) io.err(`${r.passed ? 'ok  ' : 'FAIL'} ${r.suite}/${r.entry} (${r.seconds.toFixed(1)} s)\n`);
      },
    });
  } finally {
    interrupts.dispose();
  }
  const notRun = abort.signal.aborted ? inputs.length - results.length : 0;
  const drift = baseline ? driftAgainst(baseline, results, fraction) : undefined;
  const summary = summarize(results, drift, notRun);
  writeAtomic(path.join(opts.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeAtomic(path.join(opts.out, 'junit.xml'), toJunit(summary));
  writeAtomic(path.join(opts.out, 'summary.md'), toMarkdown(summary));
  writeAtomic(path.join(opts.out, 'index.html'), toIndexHtml(summary));
  if (opts.readme) {
    const { text, missing } = updateReadmeTables(fs.readFileSync(opts.readme, 'utf8'), results);
    writeAtomic(opts.readme, text);
    io.err(`Tables in ${opts.readme} updated${missing.length ? `; no entries for: ${missing.join(', ')}` : ''}\n`);
  }
  if (opts.json) {
    io.out(`${JSON.stringify(summary)}\n`);
  } else {
    io.out(`${table(results)}\n\n`);
    for (const e of results.filter((r) => !r.passed)) {
      const why = [...e.problems, ...e.properties.flatMap((p) => p.problems.map((x) => `${p.name}: ${x}`))];
      io.out(`${e.unusable ? 'ERROR' : 'FAIL'} ${e.suite}/${e.entry}${e.unusable ? '' : ` (expected: ${expectedText(e)})`}: ${why.join('; ')}\n  reproduce: ${e.reproduce}\n`);
    }
    for (const d of drift ?? []) {
      io.out(`DRIFT ${d.suite}/${d.entry}: ${d.before} -> ${d.after} distinct states (${(d.change * 100).toFixed(1)}%, more than ${(fraction * 100).toFixed(0)}%)\n`);
    }
    const t = summary.totals;
    const unusable = t.unusable ? ` (${t.unusable} could not be run: ERROR rows)` : '';
    const stopped = notRun ? `; interrupted: ${notRun} entr${notRun === 1 ? 'y' : 'ies'} not run or not finished` : '';
    io.out(`${t.passed} passed, ${t.failed} failed${unusable}${stopped}\nReports written to ${opts.out} (summary.json, junit.xml, summary.md, index.html)\n`);
  }
  if (notRun) return EXIT.interrupted;
  if (summary.totals.unusable) return EXIT.usage;
  return summary.passed ? EXIT.ok : EXIT.violation;
}
