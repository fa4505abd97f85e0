/**
 * Finds two equal values among the elements of a Set (or the keys of a Map) by their fingerprint lanes.
 *
 * JS Sets and Maps tell objects apart by reference: `new Set([{ a: 1 }, { a: 1 }])` has size 2, yet a state
 * compares as a value, so the checker would count it as a different state from the one-element Set and the
 * model's own code (`.size`, iteration) would see both. Only elements that are objects can be equal as values
 * and different to JS (strings, numbers, booleans and null are deduplicated by the Set itself, 0 and -0
 * included), so only their lanes are pushed here: a Set of primitives costs one `typeof` per element.
 *
 * The lanes are kept on a stack, as Sets nest: a Set marks the stack, pushes its object elements' lanes, and
 * asks `duplicateSince(mark, fresh)` when done, which also pops them. Equal values have equal lanes; lanes equal
 * for different values (a 64-bit fingerprint collision) are as unlikely as the collisions the store already accepts.
 *
 * Lanes pushed with `pushKnownLanes` are of members kept from a container already checked (the parent state's):
 * they are distinct from one another, so only the others (`fresh`) need comparing, e.g. the one message a step
 * adds to a Set of records, against each member once.
 */

let lanes = new Int32Array(128);
/** Per pushed pair: 1 when pushed by `pushLanes`, 0 by `pushKnownLanes`. */
let fresh = new Uint8Array(64);
let top = 0;
// Open addressing for larger groups: slot holds index + 1, 0 when empty.
let table = new Int32Array(256);

/** The stack's height, to pass to `duplicateSince` once the group's lanes are pushed. */
export function laneMark(): number {
  return top;
}

/** Empties the stack: a walk that threw part-way may have left lanes on it. */
export function resetLanes(): void {
  top = 0;
}

function push(a: number, b: number, isFresh: number): void {
  if (top + 2 > lanes.length) {
    const bigger = new Int32Array(lanes.length * 2);
    bigger.set(lanes);
    lanes = bigger;
    const flags = new Uint8Array(fresh.length * 2);
    flags.set(fresh);
    fresh = flags;
  }
  lanes[top] = a;
  lanes[top + 1] = b;
  fresh[top >> 1] = isFresh;
  top += 2;
}

/** Pushes the lanes of a member that may equal any other. */
export function pushLanes(a: number, b: number): void {
  push(a, b, 1);
}

/** Pushes the lanes of a member kept from a container already checked (see above). */
export function pushKnownLanes(a: number, b: number): void {
  push(a, b, 0);
}

/** Whether lanes `a`, `b` are among those pushed since `mark`. */
export function pushedSince(mark: number, a: number, b: number): boolean {
  for (let i = mark; i < top; i += 2) if (lanes[i] === a && lanes[i + 1] === b) return true;
  return false;
}

/** Whether two of the lanes pushed since `mark` are equal, `freshCount` of them pushed by `pushLanes`; pops them. */
export function duplicateSince(mark: number, freshCount: number): boolean {
  const n = (top - mark) >> 1;
  top = mark;
  if (n < 2 || freshCount === 0) return false;
  if (freshCount <= 4 && freshCount < n) {
    const first = mark >> 1;
    for (let i = 0; i < n; i++) {
      if (fresh[first + i] === 0) continue;
      const a = lanes[mark + 2 * i] as number;
      const b = lanes[mark + 2 * i + 1] as number;
      for (let j = 0; j < n; j++) if (j !== i && lanes[mark + 2 * j] === a && lanes[mark + 2 * j + 1] === b) return true;
    }
    return false;
  }
  if (n <= 16) {
    for (let i = 0; i < n; i++) {
      const a = lanes[mark + 2 * i] as number;
      const b = lanes[mark + 2 * i + 1] as number;
      for (let j = i + 1; j < n; j++) if (lanes[mark + 2 * j] === a && lanes[mark + 2 * j + 1] === b) return true;
    }
    return false;
  }
  let size = table.length;
  while (size < 2 * n) size *= 2;
  if (size > table.length) table = new Int32Array(size);
  else table.fill(0, 0, size);
  const mask = size - 1;
  for (let i = 0; i < n; i++) {
    const a = lanes[mark + 2 * i] as number;
    const b = lanes[mark + 2 * i + 1] as number;
    let s = Math.imul(a ^ b, 0x9e3779b1) & mask;
    for (;;) {
      const at = (table[s] as number) - 1;
      if (at < 0) {
        table[s] = i + 1;
        break;
      }
      if (lanes[mark + 2 * at] === a && lanes[mark + 2 * at + 1] === b) return true;
      s = (s + 1) & mask;
    }
  }
  return false;
}
