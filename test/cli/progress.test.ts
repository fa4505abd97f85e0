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
    expect(sink.text).toBe('\r\x1b[2K1s: 1,000 distinct, 5,000 generated, 1,000 states/s, queue 20, depth 7 (+6 in 1s)\r\x1b[2K2s: 1,000 distinct, 5,000 generated, 500 states/s, queue 20, depth 7 (+0 in 1s)');
    p.done();
    expect(sink.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints a plain line every ten seconds when stderr is not a terminal', () => {
    const sink = io(false);
    const p = progressReporter(sink);
    for (let s = 1; s <= 25; s++) p.onProgress(at(s * 1000));
    expect(sink.text.split('\n').filter(Boolean)).toEqual([
      'progress 10s: 1,000 distinct, 5,000 generated, 100 states/s, queue 20, depth 7 (+6 in 10s)',
      'progress 20s: 1,000 distinct, 5,000 generated, 50 states/s, queue 20, depth 7 (+0 in 10s)',
    ]);
  });

  it('hints once, on its own line, when the depth passes 100 with nothing to bound it', () => {
    const sink = io(true);
    const p = progressReporter(sink, { depthHint: true });
    const deep = (elapsedMs: number, depth: number) => ({ ...at(elapsedMs), depth });
    p.onProgress(deep(1000, 60));
    p.onProgress(deep(2000, 101));
    p.onProgress(deep(3000, 150));
    const hints = sink.text.split('interleave: hint:').length - 1;
    expect(hints).toBe(1);
    expect(sink.text).toContain('depth 60 (+59 in 1s)\r\x1b[2Kinterleave: hint: depth 101 and still growing, with no --max-depth and no constraint in the model.');
    expect(sink.text).toContain('--no-warnings silences this hint.\n\r\x1b[2K2s:');
    expect(sink.text).toContain('depth 150 (+49 in 1s)');
  });

  it('no hint without depthHint (--no-warnings, --max-depth or a constraint)', () => {
    const sink = io(false);
    const p = progressReporter(sink);
    p.onProgress({ ...at(10_000), depth: 5000 });
    expect(sink.text).not.toContain('hint');
  });
});
