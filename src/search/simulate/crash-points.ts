import type { Successor } from '../../engine/step-engine';
import type { Chooser } from './chooser';
import { isCrashAction } from '../../crash/with-crashes';

/** Crash points a run gets at most (each further one with probability 1/2). */
const MAX_POINTS = 4;

/**
 * Power failures (the `Crash` steps `withCrashes` generates) are scheduled, not drawn step by step. A state has
 * one `Crash` successor per combination of surviving writes, often more than all the other successors together,
 * so a walk choosing among successors crashes within a few steps and never reaches a bug that needs a longer
 * crash-free prefix (or a crash late in the run). Instead each run draws its crash points first, as PCT draws
 * its priority change points: with probability 1/2 none, else one, and each further one with probability 1/2,
 * each at a step drawn uniformly from the run's expected length (the depth for a block's first run, after that
 * the mean length of its runs that did not crash). At a crash point, when a crash is enabled, the run takes one
 * of the crash outcomes uniformly; elsewhere the strategy chooses among the other successors. When only crashes
 * are enabled (the system has nothing else to do), the run crashes rather than stop there.
 * So a bug needing no crash is reached in half of the runs as if the model had none, and one needing a crash
 * after step k with probability at least 1/(4 n) per run, n the expected length, whatever k is.
 */
export function withCrashPoints(inner: Chooser, depth: number): Chooser {
  let points: Set<number> | undefined;
  let crashed = false;
  let total = 0;
  let runs = 0;
  return {
    start(prng) {
      inner.start(prng);
      points = undefined;
      crashed = false;
    },
    pick(successors, step, prng) {
      let crashes = 0;
      for (const s of successors) if (isCrashAction(s.action)) crashes++;
      if (crashes === 0) return inner.pick(successors, step, prng);
      // Drawn when a crash is first possible, so that a model without crashes walks as if this were not here.
      if (points === undefined) {
        points = new Set();
        const k = Math.max(1, runs === 0 ? depth : Math.round(total / runs));
        for (let more = prng.float() < 0.5; more && points.size < MAX_POINTS; more = prng.float() < 0.5) points.add(1 + prng.int(k));
      }
      const others = successors.filter((s) => !isCrashAction(s.action));
      if (others.length > 0 && !points.has(step)) return inner.pick(others, step, prng);
      // A crash forced because nothing else is enabled leaves the run's natural length as it was.
      if (others.length > 0) crashed = true;
      const pool = others.length > 0 ? successors.filter((s) => isCrashAction(s.action)) : successors;
      return pool[prng.int(pool.length)] as Successor;
    },
    end(steps) {
      inner.end(steps);
      if (!crashed) {
        total += steps;
        runs++;
      }
    },
  };
}
