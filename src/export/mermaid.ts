import { traceEnding, type TraceView } from '../graph/trace-view';
import type { Change } from '../trace/diff';
import { formatPath, formatValue } from '../report/format-value';

/** Mermaid text: `;` and `#` end statements or start entities, so they are written as entities. */
function text(s: string): string {
  return s.replace(/[#;]/g, (c) => (c === '#' ? '#35;' : '#59;')).replace(/\r?\n/g, '<br/>');
}

function change(c: Change): string {
  const before = 'before' in c ? formatValue(c.before, 40) : '(none)';
  const after = 'after' in c ? formatValue(c.after, 40) : '(removed)';
  return `${formatPath(c.path)}: ${before} → ${after}`;
}

/** A state one field a line (a long single line overflows the note). */
function fieldLines(state: unknown): string[] {
  if (typeof state === 'object' && state !== null && Object.getPrototypeOf(state) === Object.prototype) {
    return Object.entries(state).map(([k, v]) => `${k} = ${formatValue(v, 80)}`);
  }
  return [formatValue(state, 80)];
}

/**
 * A trace as a Mermaid `sequenceDiagram` (GitHub and GitLab render it inside Markdown): one participant per
 * actor, each step a message in its actor's column with a note listing the fields it changed. A lasso's loop
 * is a `loop` block.
 */
export function toMermaid(view: TraceView): string {
  const lanes = view.lanes.length > 0 ? view.lanes : ['system'];
  const ids = new Map(lanes.map((lane, i) => [lane, `A${i + 1}`]));
  const first = ids.get(lanes[0] as string) as string;
  const last = ids.get(lanes[lanes.length - 1] as string) as string;
  const across = first === last ? first : `${first},${last}`;
  const out: string[] = ['sequenceDiagram'];
  const what = view.name !== undefined ? `: ${view.kind ?? 'property'} ${view.name} violated` : '';
  out.push(`  title ${text(`${view.model ?? 'trace'}${what}`)}`);
  for (const lane of lanes) out.push(`  participant ${ids.get(lane)} as ${text(lane)}`);
  let inLoop = false;
  let failingBefore: readonly string[] = [];
  for (const step of view.steps) {
    if (step.index === 0) {
      out.push(`  Note over ${across}: ${text(['initial state', ...fieldLines(step.state)].join('\n'))}`);
      for (const name of step.failing) out.push(`  Note over ${across}: ${text(`✗ invariant ${name} is false here`)}`);
      failingBefore = step.failing;
      continue;
    }
    if (step.inLoop && !inLoop) {
      out.push('  loop repeats forever');
      inLoop = true;
    }
    const id = ids.get(step.lane ?? 'system') ?? first;
    out.push(`  ${id}->>${id}: ${text(`${step.index}. ${step.label}`)}`);
    const notes = step.changes.length > 0 ? step.changes.map(change) : ['no change'];
    out.push(`  Note right of ${id}: ${text(notes.join('\n'))}`);
    for (const name of step.failingSteps) out.push(`  Note over ${across}: ${text(`✗ action invariant ${name} broken by this step`)}`);
    for (const name of step.failing) {
      if (!failingBefore.includes(name)) out.push(`  Note over ${across}: ${text(`✗ invariant ${name} is false here`)}`);
    }
    failingBefore = step.failing;
  }
  if (inLoop) out.push('  end');
  if (view.kind === 'deadlock') out.push(`  Note over ${across}: ✗ deadlock: no action is enabled`);
  if (view.kind === 'liveness' && view.name !== undefined) {
    const how = traceEnding(view) === 'stutter' ? 'the behaviour stops here and stutters forever' : 'the loop repeats forever';
    out.push(`  Note over ${across}: ${text(`✗ liveness property ${view.name} violated: ${how}`)}`);
  }
  return `${out.join('\n')}\n`;
}
