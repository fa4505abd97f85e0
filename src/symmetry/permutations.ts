import { sortedIds, type Id } from './id';

/**
 * Every permutation of `ids` (n! of them, the identity first), each as a renaming from an id to its image:
 * the group `canonicalUnder` takes. Meant for small sets; `symmetryOf` avoids listing the group.
 */
export function permutations<I extends Id>(ids: readonly I[]): ReadonlyMap<I, I>[] {
  const from = sortedIds(ids);
  const to = [...from];
  const out: ReadonlyMap<I, I>[] = [];
  const emit = (): void => {
    out.push(new Map(from.map((id, i) => [id, to[i] as I])));
  };
  permute(to, 0, emit);
  return out;
}

// Lexicographic by recursion on positions, so that the identity comes first.
function permute<I>(a: I[], at: number, emit: () => void): void {
  if (at >= a.length - 1) {
    emit();
    return;
  }
  for (let i = at; i < a.length; i++) {
    rotate(a, at, i);
    permute(a, at + 1, emit);
    unrotate(a, at, i);
  }
}

// Moves a[i] to position `at`, shifting a[at..i-1] right by one; `unrotate` undoes it.
function rotate<I>(a: I[], at: number, i: number): void {
  const x = a[i] as I;
  for (let j = i; j > at; j--) a[j] = a[j - 1] as I;
  a[at] = x;
}

function unrotate<I>(a: I[], at: number, i: number): void {
  const x = a[at] as I;
  for (let j = at; j < i; j++) a[j] = a[j + 1] as I;
  a[i] = x;
}
