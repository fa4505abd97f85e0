import type { StepEngine } from '../../engine/step-engine';
import type { TraceStep } from '../../check/result';
import { NO_ACTOR } from '../../graph/actor';

/** Actor switches between consecutive steps, given each step's actor. */
export function switchesOf(actors: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < actors.length; i++) if (actors[i] !== actors[i - 1]) n++;
  return n;
}

/** The actor of each step of a trace after its initial state (`NO_ACTOR` for an action without one). */
export function traceActors(engine: StepEngine, trace: readonly TraceStep[]): string[] {
  return trace.slice(1).map((step) => (step.action ? (engine.actorOf(step.action) ?? NO_ACTOR) : NO_ACTOR));
}
