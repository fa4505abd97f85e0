/**
 * A compact multiset of 64-bit fingerprints: open addressing over two 32-bit halves and a visit count each
 * (12 bytes a slot, load at most 1/2), instead of a Map of 16-character strings (about 80 bytes an entry).
 * The counts feed the estimate of the reachable total (see `chao1`).
 */
export class FingerprintCounts {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** Adds `times` visits of the fingerprint given as 16 hex digits; returns whether it was new. */
  add(fingerprint: string, times = 1): boolean {
    return this.addHalves(parseInt(fingerprint.slice(0, 8), 16) >>> 0, parseInt(fingerprint.slice(8), 16) >>> 0, times);
  }

  has(fingerprint: string): boolean {
    const hi = parseInt(fingerprint.slice(0, 8), 16) >>> 0;
    const lo = parseInt(fingerprint.slice(8), 16) >>> 0;
    const mask = this.hi.length - 1;
    for (let i = (lo ^ hi) & mask; ; i = (i + 1) & mask) {
      if (this.counts[i] === 0) return false;
      if (this.hi[i] === hi && this.lo[i] === lo) return true;
    }
  }

  addHalves(hi: number, lo: number, times: number): boolean {
    if ((this.used + 1) * 2 > this.hi.length) this.grow();
    const mask = this.hi.length - 1;
    for (let i = (lo ^ hi) & mask; ; i = (i + 1) & mask) {
      const c = this.counts[i] as number;
      if (c === 0) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.counts[i] = Math.min(times, 0xffffffff);
        this.used++;
        return true;
      }
      if (this.hi[i] === hi && this.lo[i] === lo) {
        this.counts[i] = Math.min(c + times, 0xffffffff);
        return false;
      }
    }
  }

  /** Adds every fingerprint of `other` with its count. */
  addAll(other: FingerprintCounts): void {
    for (let i = 0; i < other.counts.length; i++) {
      const c = other.counts[i] as number;
      if (c > 0) this.addHalves(other.hi[i] as number, other.lo[i] as number, c);
    }
  }

  /** How many fingerprints were seen exactly once and exactly twice (the estimator's inputs). */
  singletonsAndDoubletons(): { f1: number; f2: number } {
    let f1 = 0;
    let f2 = 0;
    for (const c of this.counts) {
      if (c === 1) f1++;
      else if (c === 2) f2++;
    }
    return { f1, f2 };
  }

  /** The entries as triples (hi, lo, count), sorted, so that equal sets encode equally: for JSON and threads. */
  encode(): Uint32Array {
    const rows: [number, number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i] as number;
      if (c > 0) rows.push([this.hi[i] as number, this.lo[i] as number, c]);
    }
    rows.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const out = new Uint32Array(rows.length * 3);
    rows.forEach((r, i) => out.set(r, i * 3));
    return out;
  }

  static decode(data: Uint32Array): FingerprintCounts {
    const set = new FingerprintCounts();
    for (let i = 0; i + 2 < data.length; i += 3) set.addHalves(data[i] as number, data[i + 1] as number, data[i + 2] as number);
    return set;
  }

  toBase64(): string {
    const data = this.encode();
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  }

  static fromBase64(text: string): FingerprintCounts {
    const bytes = Buffer.from(text, 'base64');
    const copy = new Uint8Array(bytes.length - (bytes.length % 12));
    copy.set(bytes.subarray(0, copy.length));
    return FingerprintCounts.decode(new Uint32Array(copy.buffer));
  }

  private grow(): void {
    const { hi, lo, counts } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(hi.length * 2);
    this.counts = new Uint32Array(hi.length * 2);
    this.used = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i] as number;
      if (c > 0) this.addHalves(hi[i] as number, lo[i] as number, c);
    }
  }
}

/**
 * Chao1 (Chao 1984): seen + f1²/(2·f2), f1 and f2 the fingerprints seen once and twice; the bias-corrected
 * seen + f1(f1-1)/2 when no fingerprint was seen twice. It assumes every state is as likely to be visited as any
 * other, which random walks are not (states near the initial ones are visited far more often), so it is a lower
 * estimate of the reachable total, not a bound of any kind.
 */
export function chao1(seen: number, f1: number, f2: number): number {
  if (f2 > 0) return Math.round(seen + (f1 * f1) / (2 * f2));
  return Math.round(seen + (f1 * (f1 - 1)) / 2);
}
