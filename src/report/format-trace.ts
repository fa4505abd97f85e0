import type { TraceStep } from '../check/result';
import { diffStates } from '../trace/diff';
import type { Action } from '../model/types';
import { formatAction, formatPath, formatValue } from './format-value';

/** An action's label with its actor: `Select(bucket=0) [task1]`. */
export function actionLabel(action: Action): string {
  return `${formatAction(action)}${action.actor ? ` [${action.actor}]` : ''}`;
}

/**
 * A trace for the terminal: the initial state in full, then per step the action and the fields it changed.
 * `loopStart` marks where a lasso's loop begins.
 */
export function formatTrace(trace: readonly TraceStep[], loopStart?: number): string {
  const lines: string[] = [];
  const width = String(trace.length - 1).length;
  trace.forEach((step, i) => {
    const n = String(i).padStart(width);
    const stutters = loopStart === trace.length - 1;
    const mark = loopStart === i ? (stutters ? '  <- stays here forever (stutters)' : '  <- loop starts here') : '';
    if (step.action === null) {
      lines.push(`  ${n}  initial state${mark}`);
      lines.push(`  ${' '.repeat(width)}    ${formatValue(step.state, 2000)}`);
      return;
    }
    lines.push(`  ${n}  ${actionLabel(step.action)}${mark}`);
    const prev = trace[i - 1];
    const changes = prev ? diffStates(prev.state, step.state) : [];
    if (changes.length === 0) lines.push(`  ${' '.repeat(width)}    (no change)`);
    for (const c of changes) {
      const before = 'before' in c ? formatValue(c.before, 120) : '(absent)';
      const after = 'after' in c ? formatValue(c.after, 120) : '(absent)';
      lines.push(`  ${' '.repeat(width)}    ${formatPath(c.path)}: ${before} -> ${after}`);
    }
  });
  if (loopStart !== undefined && loopStart < trace.length - 1) {
    lines.push(`  ${' '.repeat(width)}    (back to step ${loopStart}: the loop repeats forever)`);
  }
  return lines.join('\n');
}
