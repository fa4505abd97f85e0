import type { StepEngine } from '../../engine/step-engine';
import type { TraceStep } from '../../check/result';
import { NO_ACTOR } from '../../graph/actor';

/** Changes of actor between consecutive steps of a trace (an action without an actor is `NO_ACTOR`'s). */
export function switchesOf(engine: StepEngine, trace: readonly TraceStep[]): number {
  let n = 0;
  let last: string | undefined;
  for (const step of trace.slice(1)) {
    const actor = step.action ? (engine.actorOf(step.action) ?? NO_ACTOR) : NO_ACTOR;
    if (last !== undefined && actor !== last) n++;
    last = actor;
  }
  return n;
}
