import type { SuiteSummary } from './summary';
import { expectedText, foundText, paramsText } from './summary';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `reports/suite/index.html`: every entry with its outcome, linking each counterexample's viewer. */
export function toIndexHtml(summary: SuiteSummary): string {
  const rows = summary.entries
    .map((e) => {
      const links = e.properties
        .filter((p) => p.traceDir)
        .map((p) => `<a href="${esc(`${p.traceDir}/index.html`)}">${esc(p.name)}</a> (${p.traceLength} states)`)
        .join('<br>');
      return `<tr class="${e.passed ? 'ok' : 'bad'}"><td>${e.passed ? '✔' : '✘'}</td><td>${esc(`${e.suite}/${e.entry}`)}</td><td>${esc(paramsText(e))}</td><td>${esc(expectedText(e))}</td><td>${esc(foundText(e))}</td><td class="n">${e.distinctStates.toLocaleString('en-US')}</td><td class="n">${e.depth}</td><td>${links || '—'}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>interleave suite</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.bad{background:#fde8e8}tr.ok td:first-child{color:#1a7f37}tr.bad td:first-child{color:#c00}
</style></head><body>
<h1>interleave suite: ${summary.passed ? 'passed' : 'FAILED'}</h1>
<p>${summary.totals.passed} of ${summary.totals.entries} entries as expected; ${summary.totals.seconds.toFixed(1)} s of checking; interleave ${esc(summary.version)}.</p>
<table><thead><tr><th></th><th>entry</th><th>params</th><th>expected</th><th>found</th><th>states</th><th>depth</th><th>counterexamples</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
