import type { SuiteSummary } from './summary';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/**
 * JUnit XML in the common (Jenkins/Surefire) schema: one `<testsuite>` per spec suite, one `<testcase>` per
 * entry and property (classname `suite.entry`, name the property), a `<failure>` where the outcome differs.
 */
export function toJunit(summary: SuiteSummary): string {
  const bySuite = new Map<string, SuiteSummary['entries'][number][]>();
  for (const e of summary.entries) bySuite.set(e.suite, [...(bySuite.get(e.suite) ?? []), e]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const [suite, entries] of bySuite) {
    const cases: string[] = [];
    let sTests = 0;
    let sFail = 0;
    let sTime = 0;
    for (const e of entries) {
      sTime += e.seconds;
      const classname = esc(`${suite}.${e.entry}`);
      const rows: { name: string; problems: readonly string[]; detail: string }[] = e.properties.map((p) => ({
        name: p.name,
        problems: p.problems,
        detail: `expected ${p.expected}, found ${p.actual}${p.traceLength ? `; counterexample of ${p.traceLength} states: ${p.traceActions?.join(' -> ')}` : ''}`,
      }));
      if (e.problems.length) rows.push({ name: '(run)', problems: e.problems, detail: e.problems.join('; ') });
      rows.forEach((row, i) => {
        sTests++;
        const time = i === 0 ? e.seconds.toFixed(3) : '0';
        const open = `    <testcase classname="${classname}" name="${esc(row.name)}" time="${time}"`;
        if (row.problems.length === 0) cases.push(`${open}/>`);
        else {
          sFail++;
          cases.push(`${open}>`, `      <failure message="${esc(row.problems.join('; '))}" type="verdict">${esc(`${row.detail}\nReproduce: ${e.reproduce}`)}</failure>`, '    </testcase>');
        }
      });
    }
    tests += sTests;
    failures += sFail;
    suites.push(`  <testsuite name="${esc(suite)}" tests="${sTests}" failures="${sFail}" errors="0" skipped="0" time="${sTime.toFixed(3)}">`, ...cases, '  </testsuite>');
  }
  lines.push(`<testsuites name="interleave" tests="${tests}" failures="${failures}" errors="0" time="${summary.totals.seconds.toFixed(3)}">`, ...suites, '</testsuites>');
  return `${lines.join('\n')}\n`;
}
