import type { Io } from './io';

/**
 * A progress line on stderr for `simulate`: on a terminal one live line rewritten in place; otherwise a plain
 * line every ten seconds, so that CI logs show a long run is alive without filling up.
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
