/**
 * The set of visited states: 64-bit fingerprints in an open-addressing table (typed arrays, linear probing),
 * and per state its parent and the action that reached it, so that a trace is rebuilt by replay rather than by
 * keeping states in memory. The table holds only fingerprints (8 bytes a slot, at most 3/4 full); ids are given
 * in order of arrival, so parent and action index live in plain arrays indexed by id (8 bytes a state).
 * The all-zero fingerprint marks an empty slot, so a state whose fingerprint is zero is stored as (0, 1).
 */
export class StateStore {
  private slots: Int32Array; // per slot: fingerprint lane 1, lane 2 (both 0 = empty)
  private mask: number;
  private parents: Int32Array;
  private actionIndex: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1 << 12) {
    let cap = 1 << 4;
    while (cap * 3 < initialCapacity * 4) cap <<= 1;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.parents = new Int32Array(initialCapacity);
    this.actionIndex = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the store's arrays. */
  get bytes(): number {
    return this.slots.byteLength + this.parents.byteLength + this.actionIndex.byteLength;
  }

  /**
   * Adds the state with fingerprint (h1, h2), reached from `parent` (-1 for an initial state) by the action at
   * `action` (for initial states: the index in `init`). Returns its new id, or -1 if it was already there.
   */
  add(h1: number, h2: number, parent: number, action: number): number {
    if (h1 === 0 && h2 === 0) h2 = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    for (;;) {
      const at = i << 1;
      const a = slots[at] as number;
      const b = slots[at + 1] as number;
      if (a === h1 && b === h2) return -1;
      if (a === 0 && b === 0) break;
      i = (i + 1) & mask;
    }
    const at = i << 1;
    slots[at] = h1;
    slots[at + 1] = h2;
    const id = this.count++;
    if (id >= this.parents.length) this.growRecords();
    this.parents[id] = parent;
    this.actionIndex[id] = action;
    if (this.count * 4 > (mask + 1) * 3) this.growTable();
    return id;
  }

  /** Whether the fingerprint is stored. */
  has(h1: number, h2: number): boolean {
    if (h1 === 0 && h2 === 0) h2 = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    for (;;) {
      const at = i << 1;
      const a = slots[at] as number;
      const b = slots[at + 1] as number;
      if (a === h1 && b === h2) return true;
      if (a === 0 && b === 0) return false;
      i = (i + 1) & mask;
    }
  }

  parentOf(id: number): number {
    return this.parents[id] as number;
  }

  actionOf(id: number): number {
    return this.actionIndex[id] as number;
  }

  /** The ids from an initial state to `id`, in order. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at >= 0; at = this.parentOf(at)) path.push(at);
    return path.reverse();
  }

  private growRecords(): void {
    const n = this.parents.length * 2;
    const p = new Int32Array(n);
    p.set(this.parents);
    this.parents = p;
    const a = new Int32Array(n);
    a.set(this.actionIndex);
    this.actionIndex = a;
  }

  private growTable(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let at = 0; at < old.length; at += 2) {
      const h1 = old[at] as number;
      const h2 = old[at + 1] as number;
      if (h1 === 0 && h2 === 0) continue;
      let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
      while (slots[i << 1] !== 0 || slots[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      slots[i << 1] = h1;
      slots[(i << 1) + 1] = h2;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
