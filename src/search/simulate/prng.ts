/**
 * A small seeded generator: xoshiro128** (Blackman and Vigna), seeded through splitmix32. Same seed, same
 * numbers, on every platform: simulation runs are reproducible from their seed alone.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    let hi = Math.floor(seed / 2 ** 32) >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9 + hi) | 0;
      hi = 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 2 ** 32;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** murmur3's 32-bit finalizer: every input bit changes about half the output bits. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seed derived from `seed` and a path of whole numbers (a configuration, a run): each part is mixed in fully
 * before the next, so that different (seed, path) pairs give unrelated streams.
 */
export function deriveSeed(seed: number, ...path: number[]): number {
  let h1 = fmix((seed >>> 0) ^ 0x6a09e667);
  let h2 = fmix(Math.floor(seed / 2 ** 32) ^ 0xbb67ae85 ^ h1);
  for (const p of path) {
    h1 = fmix(h1 ^ fmix((p >>> 0) + 0x9e3779b9));
    h2 = fmix(h2 ^ h1 ^ fmix(Math.floor(p / 2 ** 32) + 0x7f4a7c15));
  }
  // 53 bits: a seed is printed and passed back as a plain number.
  return h2 * 2 ** 21 + (h1 >>> 11);
}
