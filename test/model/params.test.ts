import { describe, expect, it } from 'vitest';
import { check, InterleaveError } from 'interleave';
import variantCounter from '../fixtures/variant-counter';

// Params declared as an interface, the way TypeScript users write them, with a declared list for `variant`.
const counter = variantCounter;

function errorOf(f: () => unknown): InterleaveError | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof InterleaveError) return e;
    throw e;
  }
  return undefined;
}

describe('params', () => {
  it('accepts params declared as an interface, and values from the declared list', () => {
    expect(check(counter).verdict).toBe('violation');
    expect(check(counter, { params: { variant: 'fixed' } }).verdict).toBe('ok');
  });

  it('refuses a value outside the declared list with IL103 naming the allowed ones', () => {
    const e = errorOf(() => check(counter, { params: { variant: 'bogus' } }));
    expect(e?.code).toBe('IL103');
    expect(e?.message).toBe('Parameter "variant" of model variant-counter must be one of "buggy", "fixed", but got "bogus".');
  });

  it('refuses a model whose declared list is malformed or names no param (IL204)', () => {
    const bad = (paramValues: unknown) => errorOf(() => check({ ...counter, paramValues } as never));
    expect(bad({ variant: [] })?.code).toBe('IL204');
    expect(bad({ variant: [1, 2] })?.message).toContain('paramValues.variant');
    expect(bad({ mode: ['a'] })?.message).toContain('paramValues.mode');
  });

  it('refuses a default outside its own list', () => {
    expect(errorOf(() => check({ ...counter, params: { variant: 'other', limit: 2 } } as never))?.code).toBe('IL103');
  });
});
