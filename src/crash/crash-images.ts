import type { Value } from '../model/types';
import { fingerprint } from '../state/fingerprint';
import type { CachedWrite, Device } from './device';

/** One disk image a crash may leave, with a witness: which writes reached the medium (in landing order) and which did not. */
export interface CrashImage<T = Value> {
  readonly image: readonly T[];
  /** Write ids (`id@sector` for one sector of a torn write) that landed, in the order they landed. */
  readonly persisted: readonly string[];
  /** Write ids (or torn pieces) in the cache that did not land. */
  readonly lost: readonly string[];
}

export interface CrashImageOptions {
  /** Let each sector of a multi-sector write land independently. Default false: a write lands whole or not at all. */
  readonly torn?: boolean;
}

/** A unit that lands atomically: a whole write, or one sector of a torn one. */
interface Piece<T> {
  readonly label: string;
  readonly blocks: CachedWrite<T>['blocks'];
  readonly mandatory: boolean;
  /** Bit mask of the pieces that must land before this one if both land. */
  preds: number;
}

const MAX_PIECES = 30;

/** Whether `a` lands before `b` on the medium whenever both land. */
function precedes<T>(a: CachedWrite<T>, ia: number, b: CachedWrite<T>, ib: number): boolean {
  if (a.status === 'in-flight') return false;
  if (b.status === 'in-flight') return b.after.includes(a.id);
  return ia < ib;
}

function piecesOf<T>(dev: Device<T>, torn: boolean): Piece<T>[] {
  const pieces: Piece<T>[] = [];
  const owner: number[] = [];
  dev.cache.forEach((w, i) => {
    if (w.blocks.length === 0) return;
    const mandatory = w.status === 'durable';
    if (torn && w.blocks.length > 1) {
      for (const b of w.blocks) {
        pieces.push({ label: `${w.id}@${b.sector}`, blocks: [b], mandatory, preds: 0 });
        owner.push(i);
      }
    } else {
      pieces.push({ label: w.id, blocks: w.blocks, mandatory, preds: 0 });
      owner.push(i);
    }
  });
  if (pieces.length > MAX_PIECES) throw new RangeError(`Too many unsettled writes (${pieces.length}) to enumerate crash images.`);
  for (let p = 0; p < pieces.length; p++) {
    const wp = owner[p] as number;
    for (let q = 0; q < pieces.length; q++) {
      const wq = owner[q] as number;
      if (wp !== wq && precedes(dev.cache[wq] as CachedWrite<T>, wq, dev.cache[wp] as CachedWrite<T>, wp)) (pieces[p] as Piece<T>).preds |= 1 << q;
    }
  }
  return pieces;
}

/**
 * Every distinct medium a crash may leave behind: some of the unsettled writes land, in an order that respects
 * `precedes`, over the medium; durable writes always land. Images are deduplicated; each keeps the shortest
 * witness the search met (the first among equals). Both the images and their order are deterministic.
 */
export function crashImages<T = Value>(dev: Device<T>, options: CrashImageOptions = {}): CrashImage<T>[] {
  const pieces = piecesOf(dev, options.torn ?? false);
  let mandatory = 0;
  pieces.forEach((p, i) => {
    if (p.mandatory) mandatory |= 1 << i;
  });
  const found = new Map<string, { image: T[]; order: number[] }>();
  const visited = new Set<string>();

  // `done`: pieces landed or ruled out (an unlanded piece that precedes a landed one can no longer land).
  const visit = (done: number, image: T[], order: number[]): void => {
    const imageKey = fingerprint(image);
    const key = `${done}:${imageKey}`;
    if (visited.has(key)) return;
    visited.add(key);
    let landed = 0;
    for (const i of order) landed |= 1 << i;
    if ((landed & mandatory) === mandatory) {
      const prior = found.get(imageKey);
      if (prior === undefined || order.length < prior.order.length) found.set(imageKey, { image, order });
    }
    for (let i = 0; i < pieces.length; i++) {
      const bit = 1 << i;
      if (done & bit) continue;
      const p = pieces[i] as Piece<T>;
      const excluded = p.preds & ~done;
      if (excluded & mandatory) continue;
      const next = [...image];
      for (const b of p.blocks) next[b.sector] = b.value;
      visit(done | bit | excluded, next, [...order, i]);
    }
  };
  visit(0, [...dev.sectors], []);

  return [...found.values()].map(({ image, order }) => {
    const landed = new Set(order);
    return {
      image,
      persisted: order.map((i) => (pieces[i] as Piece<T>).label),
      lost: pieces.filter((_, i) => !landed.has(i)).map((p) => p.label),
    };
  });
}
