import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import { formatResult } from '../../src/report/format-result';

type S = { readonly n: number };
type A = { readonly type: 'Inc' | 'Poll' };

/** A counter that stops at 3; `Poll` gives back its input (meant as "not enabled"), so the stop is no deadlock. */
function counter(unchangedOk?: readonly string[]) {
  return defineModel<S, A, Record<string, never>>({
    name: 'polling-counter',
    params: {},
    init: () => [{ n: 0 }],
    actions: () => [{ type: 'Inc' }, { type: 'Poll' }],
    next: (s, a) => (a.type === 'Poll' ? s : s.n < 3 ? { n: s.n + 1 } : undefined),
    invariants: {},
    ...(unchangedOk ? { unchangedOk } : {}),
  });
}

describe('warnings', () => {
  it('an action that returns its input in most states where it is enabled is named once, with how to silence it', () => {
    const r = check(counter());
    // `return s` keeps the stuck state live: OK, where `undefined` would have been a deadlock.
    expect(r.verdict).toBe('ok');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings?.[0]).toMatch(/^Action Poll gave back the state it was given, unchanged, in 4 of the 4 steps where it was enabled/);
    expect(r.warnings?.[0]).toContain("unchangedOk: ['Poll']");
    expect(formatResult(r)).toContain('Warning: Action Poll gave back');
    expect(check(counter(['Poll'])).warnings).toBeUndefined();
  });
});
