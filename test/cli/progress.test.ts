import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress';
import type { Io } from '../../src/cli/io';

function io(tty: boolean): Io & { text: string } {
  const sink = { text: '', errIsTty: tty, out: () => undefined, err: (t: string) => void (sink.text += t) };
  return sink;
}

const at = (elapsedMs: number) => ({ distinctStates: 1000, generatedStates: 5000, queue: 20, depth: 7, elapsedMs });

describe('progress on stderr', () => {
  it('rewrites one live line on a terminal and clears it when done', () => {
    const sink = io(true);
    const p = progressReporter(sink);
    p.onProgress(at(1000));
    p.onProgress(at(2000));
    expect(sink.text).toBe('\r\x1b[2K1s: 1,000 distinct, 5,000 generated, 1,000 states/s, queue 20, depth 7\r\x1b[2K2s: 1,000 distinct, 5,000 generated, 500 states/s, queue 20, depth 7');
    p.done();
    expect(sink.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints a plain line every ten seconds when stderr is not a terminal', () => {
    const sink = io(false);
    const p = progressReporter(sink);
    for (let s = 1; s <= 25; s++) p.onProgress(at(s * 1000));
    expect(sink.text.split('\n').filter(Boolean)).toEqual([
      'progress 10s: 1,000 distinct, 5,000 generated, 100 states/s, queue 20, depth 7',
      'progress 20s: 1,000 distinct, 5,000 generated, 50 states/s, queue 20, depth 7',
    ]);
  });
});
