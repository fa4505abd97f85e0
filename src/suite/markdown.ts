import type { SuiteSummary } from './summary';
import { expectedText, foundText, paramsText } from './summary';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table of the run, fit for a pull-request comment or a CI step summary. */
export function toMarkdown(summary: SuiteSummary): string {
  const t = summary.totals;
  const lines = [
    `## interleave suite: ${summary.passed ? 'passed' : 'FAILED'} (${t.passed}/${t.entries} entries as expected, ${t.seconds.toFixed(1)} s of checking)`,
    '',
    '| | entry | params | expected | found | states | depth | trace | seconds |',
    '|---|---|---|---|---|---:|---:|---:|---:|',
  ];
  for (const e of summary.entries) {
    const traces = e.properties.filter((p) => p.traceLength).map((p) => `${p.name}: ${p.traceLength}`).join(', ');
    lines.push(
      `| ${e.passed ? '✅' : '❌'} | ${cell(`${e.suite}/${e.entry}`)} | ${cell(paramsText(e))} | ${cell(expectedText(e))} | ${cell(foundText(e))} | ${e.distinctStates.toLocaleString('en-US')} | ${e.depth} | ${cell(traces)} | ${e.seconds.toFixed(2)} |`,
    );
  }
  const failed = summary.entries.filter((e) => !e.passed);
  if (failed.length) {
    lines.push('', '### Unexpected outcomes', '');
    for (const e of failed) {
      const why = [...e.problems, ...e.properties.flatMap((p) => p.problems.map((x) => `${p.name}: ${x}`))];
      lines.push(`- **${cell(`${e.suite}/${e.entry}`)}**: ${cell(why.join('; '))}. Reproduce: \`${e.reproduce}\``);
    }
  }
  if (summary.drift?.length) {
    lines.push('', '### State-count drift against the baseline', '');
    for (const d of summary.drift) lines.push(`- ${d.suite}/${d.entry}: ${d.before.toLocaleString('en-US')} → ${d.after.toLocaleString('en-US')} distinct states (${(d.change * 100).toFixed(1)}%)`);
  }
  return `${lines.join('\n')}\n`;
}
