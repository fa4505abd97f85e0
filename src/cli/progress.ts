import type { Progress } from '../check/options';
import type { Io } from './io';

/**
 * A progress line on stderr: on a terminal one live line rewritten in place; otherwise a plain line every ten
 * seconds, so that CI logs show a long run is alive without filling up.
 */
export function liveLine(io: Io): { show: (elapsedMs: number, line: string) => void; done: () => void } {
  let lastPlain = 0;
  let live = false;
  return {
    show: (elapsedMs, line) => {
      if (io.errIsTty) {
        io.err(`\r\x1b[2K${line}`);
        live = true;
      } else if (elapsedMs - lastPlain >= 10_000) {
        lastPlain = elapsedMs;
        io.err(`progress ${line}\n`);
      }
    },
    done: () => {
      if (live) io.err('\r\x1b[2K');
    },
  };
}

/** Progress of a check, as `liveLine` shows it. */
export function progressReporter(io: Io): { onProgress: (p: Progress) => void; done: () => void } {
  const line = liveLine(io);
  return {
    onProgress: (p) => {
      const rate = p.elapsedMs > 0 ? Math.round((p.distinctStates * 1000) / p.elapsedMs) : 0;
      line.show(
        p.elapsedMs,
        `${(p.elapsedMs / 1000).toFixed(0)}s: ${p.distinctStates.toLocaleString('en-US')} distinct, ${p.generatedStates.toLocaleString('en-US')} generated, ${rate.toLocaleString('en-US')} states/s, queue ${p.queue.toLocaleString('en-US')}, depth ${p.depth}`,
      );
    },
    done: line.done,
  };
}
