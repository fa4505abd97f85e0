import type { Progress } from '../check/options';
import type { Io } from './io';

/** The depth past which a search with neither a constraint nor --max-depth gets the unbounded-depth hint. */
export const DEPTH_HINT = 100;

export interface ProgressOptions {
  /**
   * Hint once, when the depth passes `DEPTH_HINT`, that the state space may be unbounded: for runs with no
   * --max-depth, a model without a constraint, and warnings on (`--no-warnings` turns them off).
   */
  readonly depthHint?: boolean;
}

/** The hint printed once when the depth keeps growing with nothing to bound it. */
export function depthHint(depth: number): string {
  return (
    `interleave: hint: depth ${depth.toLocaleString('en-US')} and still growing, with no --max-depth and no constraint in the model. ` +
    'If its state space is unbounded (a counter, a log or a queue that grows without limit), this search never ends: bound it with ' +
    '--max-depth N or a `constraint` in the model. If the depth is intended, --no-warnings silences this hint.\n'
  );
}

/**
 * Progress on stderr: on a terminal one live line rewritten in place; otherwise a plain line every ten seconds,
 * so that CI logs show a long run is alive without filling up. Each line says how much the depth grew since the
 * line before, so that a search that only goes deeper is seen for what it is.
 */
export function progressReporter(io: Io, options: ProgressOptions = {}): { onProgress: (p: Progress) => void; done: () => void } {
  let lastPlain = 0;
  let live = false;
  let hinted = !options.depthHint;
  // Depth and time of the line printed before (a search starts at depth 1).
  let lastDepth = 1;
  let lastMs = 0;
  return {
    onProgress: (p) => {
      if (!hinted && p.depth > DEPTH_HINT) {
        hinted = true;
        io.err(`${live ? '\r\x1b[2K' : ''}${depthHint(p.depth)}`);
      }
      if (!io.errIsTty && p.elapsedMs - lastPlain < 10_000) return;
      const rate = p.elapsedMs > 0 ? Math.round((p.distinctStates * 1000) / p.elapsedMs) : 0;
      const growth = `+${(p.depth - lastDepth).toLocaleString('en-US')} in ${((p.elapsedMs - lastMs) / 1000).toFixed(0)}s`;
      lastDepth = p.depth;
      lastMs = p.elapsedMs;
      const line = `${(p.elapsedMs / 1000).toFixed(0)}s: ${p.distinctStates.toLocaleString('en-US')} distinct, ${p.generatedStates.toLocaleString('en-US')} generated, ${rate.toLocaleString('en-US')} states/s, queue ${p.queue.toLocaleString('en-US')}, depth ${p.depth.toLocaleString('en-US')} (${growth})`;
      if (io.errIsTty) {
        io.err(`\r\x1b[2K${line}`);
        live = true;
      } else {
        lastPlain = p.elapsedMs;
        io.err(`progress ${line}\n`);
      }
    },
    done: () => {
      if (live) io.err('\r\x1b[2K');
    },
  };
}
