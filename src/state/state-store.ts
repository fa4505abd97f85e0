/**
 * The set of visited states: 64-bit fingerprints in an open-addressing table (typed arrays, linear probing),
 * and per state its parent and the action that reached it, so that a trace is rebuilt by replay rather than by
 * keeping states in memory. The table holds only fingerprints (8 bytes a slot); ids are given in order of
 * arrival, so parent and action index live in plain arrays indexed by id.
 *
 * Memory per state is kept low: the table's capacity need not be a power of two (a slot is picked by scaling
 * the hash to the capacity), so it grows by a quarter when 3/4 full and stays between 60% and 75% full; action
 * indices take one byte each until one needs two (or four). About 16 to 20 bytes a state in all.
 * The all-zero fingerprint marks an empty slot, so a state whose fingerprint is zero is stored as (0, 1).
 */
import { pathTo, slotHash, type VisitedStates } from './visited-states';

export class StateStore implements VisitedStates {
  private slots: Int32Array; // per slot: fingerprint lane 1, lane 2 (both 0 = empty)
  private capacity: number;
  private scale: number; // capacity / 2^32: maps a 32-bit hash to a slot
  private parents: Int32Array;
  private actionIndex: Uint8Array | Uint16Array | Int32Array;
  private actionMax = 0xff;
  private count = 0;

  constructor(initialCapacity = 1 << 12) {
    let cap = 16;
    while (cap * 3 < initialCapacity * 4) cap = Math.ceil(cap * 1.25);
    this.slots = new Int32Array(cap * 2);
    this.capacity = cap;
    this.scale = cap / 4294967296;
    this.parents = new Int32Array(Math.max(16, initialCapacity));
    this.actionIndex = new Uint8Array(this.parents.length);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the store's arrays. */
  get bytes(): number {
    return this.slots.byteLength + this.parents.byteLength + this.actionIndex.byteLength;
  }

  private slotOf(h1: number, h2: number): number {
    return Math.floor(slotHash(h1, h2) * this.scale);
  }

  /**
   * Adds the state with fingerprint (h1, h2), reached from `parent` (-1 for an initial state) by the action at
   * `action` (for initial states: the index in `init`). Returns its new id, or -1 if it was already there.
   */
  add(h1: number, h2: number, parent: number, action: number): number {
    if (h1 === 0 && h2 === 0) h2 = 1;
    const i = this.probe(h1, h2);
    if (i < 0) return -1;
    const at = i << 1;
    this.slots[at] = h1;
    this.slots[at + 1] = h2;
    const id = this.count++;
    if (id >= this.parents.length) this.growRecords();
    if (action > this.actionMax) this.widenActions(action);
    this.parents[id] = parent;
    this.actionIndex[id] = action;
    if (this.count * 4 > this.capacity * 3) this.growTable();
    return id;
  }

  /** Whether the fingerprint is stored. */
  has(h1: number, h2: number): boolean {
    if (h1 === 0 && h2 === 0) h2 = 1;
    return this.probe(h1, h2) < 0;
  }

  /** Linear probing: the slot holding (h1, h2) as `-1 - slot`, or the empty slot where it would go. */
  private probe(h1: number, h2: number): number {
    const slots = this.slots;
    const cap = this.capacity;
    let i = this.slotOf(h1, h2);
    for (;;) {
      const at = i << 1;
      const a = slots[at] as number;
      const b = slots[at + 1] as number;
      if (a === h1 && b === h2) return -1 - i;
      if (a === 0 && b === 0) return i;
      if (++i === cap) i = 0;
    }
  }

  parentOf(id: number): number {
    return this.parents[id] as number;
  }

  actionOf(id: number): number {
    return this.actionIndex[id] as number;
  }

  pathTo(id: number): number[] {
    return pathTo(this, id);
  }

  private growRecords(): void {
    const n = Math.ceil(this.parents.length * 1.25);
    const p = new Int32Array(n);
    p.set(this.parents);
    this.parents = p;
    const a = this.actionMax === 0xff ? new Uint8Array(n) : this.actionMax === 0xffff ? new Uint16Array(n) : new Int32Array(n);
    a.set(this.actionIndex);
    this.actionIndex = a;
  }

  /** Moves action indices to two bytes each, or four for an index above 0xffff (indices are never negative). */
  private widenActions(action: number): void {
    const n = this.actionIndex.length;
    const a = action <= 0xffff ? new Uint16Array(n) : new Int32Array(n);
    a.set(this.actionIndex);
    this.actionIndex = a;
    this.actionMax = action <= 0xffff ? 0xffff : 0x7fffffff;
  }

  private growTable(): void {
    const old = this.slots;
    const cap = Math.ceil(this.capacity * 1.25);
    const slots = new Int32Array(cap * 2);
    this.slots = slots;
    this.capacity = cap;
    this.scale = cap / 4294967296;
    for (let at = 0; at < old.length; at += 2) {
      const h1 = old[at] as number;
      const h2 = old[at + 1] as number;
      if (h1 === 0 && h2 === 0) continue;
      let i = this.slotOf(h1, h2);
      while (slots[i << 1] !== 0 || slots[(i << 1) + 1] !== 0) if (++i === cap) i = 0;
      slots[i << 1] = h1;
      slots[(i << 1) + 1] = h2;
    }
  }
}
