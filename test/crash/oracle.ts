/**
 * An independent statement of the device semantics, for tests: it keeps the whole history with timestamps
 * (no cache, no settling) and enumerates crash images by brute force over every subset and every permutation.
 */

export type Op =
  | { readonly op: 'submit'; readonly id: string; readonly sector: number; readonly data: readonly string[]; readonly fua: boolean; readonly preflush: boolean }
  | { readonly op: 'complete'; readonly id: string }
  | { readonly op: 'flush' };

interface Rec {
  readonly id: string;
  readonly sectors: readonly number[];
  readonly data: readonly string[];
  readonly fua: boolean;
  readonly preflush: boolean;
  readonly s: number;
  c: number;
}

export class Oracle {
  private t = 0;
  private readonly writes: Rec[] = [];
  private readonly flushes: number[] = [];

  constructor(private readonly initial: readonly (string | null)[]) {}

  apply(op: Op): void {
    this.t++;
    if (op.op === 'submit') {
      this.writes.push({ id: op.id, sectors: op.data.map((_, i) => op.sector + i), data: op.data, fua: op.fua, preflush: op.preflush, s: this.t, c: Infinity });
    } else if (op.op === 'complete') {
      const w = this.writes.find((x) => x.id === op.id);
      if (!w || w.c !== Infinity) throw new Error(`oracle: bad complete ${op.id}`);
      w.c = this.t;
    } else {
      this.flushes.push(this.t);
    }
  }

  inFlight(): string[] {
    return this.writes.filter((w) => w.c === Infinity).map((w) => w.id);
  }

  private durable(w: Rec): boolean {
    if (w.c === Infinity) return false;
    if (w.fua) return true;
    if (this.flushes.some((f) => f > w.c)) return true;
    return this.writes.some((p) => p.preflush && p.c !== Infinity && p.s > w.c);
  }

  private static before(a: Rec, b: Rec): boolean {
    if (a.c === Infinity) return false;
    return b.c === Infinity ? a.c < b.s : a.c < b.c;
  }

  /** What a read returns: the write completed last among those covering the sector. */
  read(sector: number): string | null {
    let best: Rec | undefined;
    for (const w of this.writes) if (w.c !== Infinity && w.sectors.includes(sector) && (!best || w.c > best.c)) best = w;
    if (!best) return this.initial[sector] ?? null;
    return best.data[best.sectors.indexOf(sector)] ?? null;
  }

  /** Every image as JSON, sorted. */
  images(torn: boolean): string[] {
    const pieces: { w: Rec; sectors: number[]; data: string[] }[] = [];
    for (const w of this.writes) {
      if (w.sectors.length === 0) continue;
      if (torn) w.sectors.forEach((s, i) => pieces.push({ w, sectors: [s], data: [w.data[i] as string] }));
      else pieces.push({ w, sectors: [...w.sectors], data: [...w.data] });
    }
    const n = pieces.length;
    const out = new Set<string>();
    for (let mask = 0; mask < 1 << n; mask++) {
      const chosen = pieces.filter((_, i) => mask & (1 << i));
      if (pieces.some((p, i) => !(mask & (1 << i)) && this.durable(p.w))) continue;
      const perm: typeof pieces = [];
      const used = new Array<boolean>(chosen.length).fill(false);
      const rec = (): void => {
        if (perm.length === chosen.length) {
          for (let i = 0; i < perm.length; i++) {
            for (let j = i + 1; j < perm.length; j++) {
              const a = perm[i]!;
              const b = perm[j]!;
              if (a.w !== b.w && Oracle.before(b.w, a.w)) return;
            }
          }
          const image = [...this.initial];
          for (const p of perm) p.sectors.forEach((s, k) => (image[s] = p.data[k] ?? null));
          out.add(JSON.stringify(image));
          return;
        }
        for (let i = 0; i < chosen.length; i++) {
          if (used[i]) continue;
          used[i] = true;
          perm.push(chosen[i]!);
          rec();
          perm.pop();
          used[i] = false;
        }
      };
      rec();
    }
    return [...out].sort();
  }
}
