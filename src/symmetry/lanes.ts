import { fingerprintInto } from '../state/fingerprint';

/**
 * Fingerprint lanes as an ordering key. Symmetry helpers pick images and sort values by the fingerprint the
 * checker will store, so "least" is decided on exactly what the checker compares, at the cost of one hash per value.
 */
export class Lanes {
  constructor(
    readonly h1: number,
    readonly h2: number,
  ) {}

  static of(value: unknown): Lanes {
    fingerprintInto(value, scratch);
    return new Lanes(scratch[0] as number, scratch[1] as number);
  }

  /** Negative, zero or positive as `this` orders before, equal to or after `other`. */
  compare(other: Lanes): number {
    if (this.h1 !== other.h1) return this.h1 < other.h1 ? -1 : 1;
    if (this.h2 !== other.h2) return this.h2 < other.h2 ? -1 : 1;
    return 0;
  }
}

const scratch = new Int32Array(2);
