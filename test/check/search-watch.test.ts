import { describe, expect, it } from 'vitest';
import { check, SearchWatch, WatchPhase } from 'interleave';
import slowCount from '../fixtures/stuck/slow-count';
import lostUpdate from '../../models/examples/lost-update';

describe('SearchWatch (the library side of the CLI watchdog)', () => {
  it('an interrupt stops the search within about a second: incomplete, reason interrupted, exact counts so far', () => {
    const watch = new SearchWatch();
    watch.interrupt();
    const started = Date.now();
    const r = check(slowCount, { watch });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.verdict).toBe('incomplete');
    if (r.verdict !== 'incomplete') return;
    expect(r.reason).toBe('interrupted');
    expect(r.distinctStates).toBeGreaterThan(1);
    expect(r.statesPerDepth.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(r.distinctStates);
    expect(r.notReturned).toBeUndefined();
  });

  it('a search that ends before it looks at the flag is complete; the watch is idle after it', () => {
    const watch = new SearchWatch();
    const r = check(lostUpdate, { watch, params: { atomic: true } });
    expect(r.verdict).toBe('ok');
    expect(r.distinctStates).toBe(4);
    expect(watch.read().phase).toBe(WatchPhase.idle);
  });
});
