import type { ValidationResult } from './result';
import type { FtraceEvent } from './ftrace';
import { formatValue } from '../report/format-value';

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A record as the user wrote it: an ftrace event as its line, anything else as JSON. */
export function describeRecord(record: unknown): string {
  const e = record as Partial<FtraceEvent> | null;
  if (e !== null && typeof e === 'object' && typeof e.event === 'string' && typeof e.cpu === 'number' && typeof e.timestamp === 'number') {
    return `${e.task ?? ''}-${e.pid ?? ''} [${String(e.cpu).padStart(3, '0')}] ${e.timestamp.toFixed(6)}: ${e.event}: ${e.text ?? ''}`;
  }
  const json = JSON.stringify(record) ?? String(record);
  return json.length > 240 ? `${json.slice(0, 237)}...` : json;
}

/** The validation result for a terminal. */
export function formatValidation(r: ValidationResult, log: string): string {
  const lines: string[] = [];
  const counts = `${plural(r.records, 'record')} read, ${plural(r.matched, 'step')} matched, ${plural(r.silentSteps, 'unlogged step')} in the matching trace; at most ${plural(r.maxConsistent, 'consistent state')} at once; ${r.durationMs} ms`;
  if (r.verdict === 'ok') {
    lines.push(`Verdict: ok. The log ${log} is a behaviour of ${r.model}.`, `  ${counts}.`);
    return lines.join('\n');
  }
  if (r.verdict === 'interrupted') {
    lines.push(`Verdict: interrupted. The first ${plural(r.records, 'record')} of ${log} are a behaviour of ${r.model}; the rest was not read.`, `  ${counts}.`);
    return lines.join('\n');
  }
  const d = r.divergence;
  if (d === undefined) return `Verdict: ${r.verdict}`;
  lines.push(`Verdict: divergence at line ${d.line} of ${log}: no state of ${r.model} consistent with the records before it can take it.`);
  lines.push(`  Record: ${describeRecord(d.record)}`);
  lines.push(`  Expected step: ${formatValue(d.expectation.action)}${d.expectation.state ? `, then ${formatValue(d.expectation.state)}` : ''}`);
  lines.push(`  ${counts}.`);
  lines.push(`  ${plural(d.consistent, 'state was', 'states were')} consistent just before it${d.consistent > d.candidates.length ? `; the first ${d.candidates.length}` : ''}:`);
  d.candidates.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${formatValue(c.state, 400)}`);
    lines.push(`     enabled: ${c.enabled.length === 0 ? '(nothing)' : c.enabled.join(', ')}`);
    if (c.missingFields.length > 0) lines.push(`     no enabled action has ${c.missingFields.join(', ')}`);
    for (const s of c.stateDiffs) {
      if (s.differs.length === 0) continue;
      lines.push(`     ${s.action} leads to ${s.differs.map((x) => `${x.path} = ${formatValue(x.actual)} (the log says ${formatValue(x.expected)})`).join(', ')}`);
    }
    if (c.missingFields.length === 0 && c.stateDiffs.every((s) => s.differs.length === 0)) {
      lines.push('     no enabled action has all of the record\'s action fields at once');
    }
  });
  return lines.join('\n');
}
