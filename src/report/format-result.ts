import type { CheckResult, NotReturned, Violation } from '../check/result';
import { actionLabel, formatTrace } from './format-trace';

const KIND_LABEL: Record<Violation['kind'], string> = {
  invariant: 'invariant',
  'action-invariant': 'action invariant',
  deadlock: 'deadlock',
  unreachable: 'reachability property',
  liveness: 'liveness property',
};

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Describes one violation: what broke and its trace (the shortest, breadth-first). */
export function formatViolation(v: Violation): string {
  if (v.kind === 'unreachable') return `Reachability property ${v.name} was never satisfied: no reachable state satisfies it.`;
  const head =
    v.kind === 'deadlock'
      ? `Deadlock: the last state has no enabled action (${v.trace.length} states)`
      : `${KIND_LABEL[v.kind][0]?.toUpperCase()}${KIND_LABEL[v.kind].slice(1)} ${v.name} is violated (${v.trace.length} states${v.loopStart !== undefined ? ', a lasso' : ''})`;
  return `${head}:\n${formatTrace(v.trace, v.loopStart)}`;
}

/** Model code that was running when the run's thread had to be stopped: which call, and the trace to its state. */
export function formatNotReturned(stuck: NotReturned): string {
  const where =
    stuck.call === 'next' && stuck.action !== undefined
      ? `the model's next() was running for action ${actionLabel(stuck.action)} from the last state below`
      : stuck.call === 'next' || stuck.call === 'expanding'
        ? `the model's code (${stuck.call === 'next' ? 'next' : 'actions, an invariant, the constraint or symmetry'}) was running on the last state below`
        : stuck.call === 'loading'
          ? 'the model file was still loading'
          : stuck.call === 'init'
            ? "the model's init() (or a check of an initial state) was running"
            : 'model code was running on a worker thread or in the temporal-property pass (run with --workers 1 to name the action)';
  const counts = 'Counts are those seen last: distinct exactly, generated as of the last progress report.';
  return `The search did not stop in time, so its thread was stopped: ${where}. ${counts}${stuck.trace.length ? `\n${formatTrace(stuck.trace)}` : ''}`;
}

/** The human summary `interleave check` prints: verdict, counts, coverage and each counterexample. */
export function formatResult(result: CheckResult): string {
  const out: string[] = [];
  const params = Object.entries(result.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  out.push(`Model: ${result.model}${params ? `  (${params})` : ''}`);
  const verdict =
    result.verdict === 'incomplete'
      ? `INCOMPLETE (${result.reason === 'interrupted' ? 'interrupted' : `stopped at ${result.reason}`}; no violation found so far)`
      : result.verdict === 'error'
        ? `ERROR ${result.error.code}`
        : result.verdict === 'ok'
          ? 'OK (every checked property holds)'
          : `${result.verdict.toUpperCase()} (${result.violations.map((v) => v.name).join(', ')})${'incomplete' in result && result.incomplete ? `, stopped at ${result.incomplete}` : ''}`;
  out.push(`Verdict: ${verdict}`);
  out.push(
    `States: ${result.distinctStates.toLocaleString('en-US')} distinct, ${result.generatedStates.toLocaleString('en-US')} generated, depth ${result.depth}; ` +
      `${(result.durationMs / 1000).toFixed(2)} s, ${result.statesPerSecond.toLocaleString('en-US')} states/s, peak ${mb(result.peakMemoryBytes)}`,
  );
  out.push(`Fingerprint collision probability: ${result.collisionProbability.toExponential(1)}`);
  if (result.spilledBytes > 0) out.push(`Frontier spilled to disk: ${mb(result.spilledBytes)} in all (read back in order)`);
  for (const w of result.warnings ?? []) out.push(`Warning: ${w}`);
  const search = result.search;
  const symmetry = search.symmetry ? ', states identified up to the model\'s symmetry (counts are equivalence classes)' : '';
  if (search.strategy === 'dfs') {
    out.push(`Search: depth-first, one thread${symmetry}; depth is the longest path explored and counterexamples are not shortest ones (--strategy bfs finds shortest)`);
  } else if (search.workers > 1 || search.symmetry) {
    out.push(`Search: ${search.workers > 1 ? `${search.workers} threads (the main one and ${search.workers - 1} worker${search.workers > 2 ? 's' : ''})` : 'one thread'}${symmetry}`);
  }
  const cov = Object.entries(result.coverage);
  if (cov.length) out.push(`Coverage: ${cov.map(([t, c]) => `${t} ${c.enabled}/${c.distinct}`).join(', ')}  (enabled/new states)`);
  const never = Object.entries(result.reachable).filter(([, hit]) => !hit).map(([n]) => n);
  const hit = Object.entries(result.reachable).filter(([, h]) => h).map(([n]) => n);
  if (hit.length) out.push(`Reached: ${hit.join(', ')}`);
  if (never.length && result.verdict !== 'violation') out.push(`Not reached (the run stopped early): ${never.join(', ')}`);
  if (result.verdict === 'error') {
    out.push('');
    out.push(`${result.error.code}: ${result.error.message}`);
    if (result.error.hint) out.push(`Hint: ${result.error.hint}`);
    if (result.trace.length) out.push(`Trace to the state where it happened (${result.trace.length} states):\n${formatTrace(result.trace)}`);
  }
  if (result.verdict === 'incomplete' && result.notReturned) {
    out.push('');
    out.push(formatNotReturned(result.notReturned));
  }
  for (const v of result.violations) {
    out.push('');
    out.push(formatViolation(v));
  }
  return out.join('\n');
}
