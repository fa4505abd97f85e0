import { pathTo, slotHash, type VisitedStates } from './visited-states';

/** The buffers of a `FingerprintStore`, as they are sent to another thread. */
export interface FingerprintStoreBuffers {
  readonly table: SharedArrayBuffer;
  readonly parents: SharedArrayBuffer;
  readonly actions: SharedArrayBuffer;
  /** Per id, its table slot + 1 (0: an id handed out but not used), so that a replay can check its fingerprint. */
  readonly slots: SharedArrayBuffer;
  /** Bytes per action index: 1, 2 or 4. */
  readonly actionBytes: 1 | 2 | 4;
  readonly meta: SharedArrayBuffer;
  /** Per table slot, the id stored there + 1: kept only when the search records its state graph (see `create`). */
  readonly ids?: SharedArrayBuffer;
}

// Words of `meta`.
const COUNT = 0; // ids handed out (in blocks)
const LIMIT = 1; // count at which adders pause so that the table can grow
const STOP = 2; // non-zero: every thread stops at its next state
const STORED = 3; // states stored, as the threads have reported them (see `flush`)
const BLOCK_SIZE = 4; // ids per block
const RECORD_IDS = 6; // non-zero: the table's slots know their ids (see `create`)

/**
 * Ids are handed out to each thread in blocks, so that threads touch the shared counter once per block rather
 * than once per state. Between their check of the limit and taking a block, threads may take up to a block
 * each past the limit; the table always has room for that (see `slack`).
 */
const BLOCK = 256;
const THREADS = 5; // threads taking ids (see `create`)

type ActionArray = Uint8Array | Uint16Array | Int32Array;

/** How many ids past the limit the threads may take between their check of it and taking a block. */
function slack(meta: SharedArrayBuffer): number {
  return BLOCK * Math.max(1, Atomics.load(new Int32Array(meta), THREADS));
}

function actionArray(buffer: SharedArrayBuffer, bytes: 1 | 2 | 4): ActionArray {
  return bytes === 1 ? new Uint8Array(buffer) : bytes === 2 ? new Uint16Array(buffer) : new Int32Array(buffer);
}

/**
 * The visited states of a search shared by several threads: the fingerprint table, parent pointers and action
 * indices live in SharedArrayBuffers, and every thread adds states itself. A slot is claimed with one
 * compare-and-swap on its first lane, then its second lane is written; a reader that finds the first lane
 * equal waits for the second. Neither lane is ever 0 in the table (0 is stored as 1), so a fingerprint differing
 * from another only there is taken for it, which doubles a collision chance that is already about n^2 / 2^64.
 * Ids index the parent and action arrays; each thread takes them from one atomic counter in blocks (see
 * `BLOCK`), so a search with threads leaves a few unused ids, and counts its states with `flush`.
 *
 * The table does not grow while threads add to it: an adder calls `mustPause` before each add, and stops when
 * the count has reached the limit (three quarters of the table) or an action index does not fit; the thread
 * that created the store then calls `grow`, with every adder stopped, and hands the new buffers round.
 */
export class FingerprintStore implements VisitedStates {
  // Views of the buffers, set by `adopt`.
  private table!: Int32Array;
  private capacity!: number;
  private scale!: number;
  private parents!: Int32Array;
  private slots!: Int32Array;
  private actions!: ActionArray;
  private actionMax!: number;
  /** Per slot, its id + 1 (see `create`); undefined when not kept. */
  private slotIds: Int32Array | undefined;
  private readonly meta: Int32Array;
  /** Reported size, when the search stopped at a bound (see `cutAt`). */
  private reported = -1;
  /** This thread's block of ids: the next one and the end. */
  private nextId = 0;
  private endId = 0;
  /** States this thread stored since its last `flush`. */
  private unflushed = 0;
  /** Ids per block (see `denseIds`). */
  private block: number;

  private constructor(private bufs: FingerprintStoreBuffers) {
    this.meta = new Int32Array(bufs.meta);
    this.block = Atomics.load(this.meta, BLOCK_SIZE) || BLOCK;
    this.adopt(bufs);
  }

  /**
   * A new store with room for about `states` states before it must grow, for `threads` threads adding. With
   * `keepIds`, the store keeps per table slot the id stored there, so that a successor found stored has its id
   * at hand (a search recording its state graph needs the target of every step): 4 bytes per slot more, and
   * `add` of a stored state returns `-2 - id`.
   */
  static create(states = 1 << 12, threads = 1, keepIds = false): FingerprintStore {
    const meta = new SharedArrayBuffer(32);
    Atomics.store(new Int32Array(meta), THREADS, threads);
    if (keepIds) Atomics.store(new Int32Array(meta), RECORD_IDS, 1);
    const capacity = Math.max(1024, 4 * slack(meta), Math.ceil((states * 4) / 3));
    const store = new FingerprintStore(FingerprintStore.allocate(capacity, 1, meta));
    Atomics.store(store.meta, LIMIT, Math.floor((capacity * 3) / 4));
    return store;
  }

  /** The store on another thread, over the same buffers. */
  static attach(buffers: FingerprintStoreBuffers): FingerprintStore {
    return new FingerprintStore(buffers);
  }

  private static allocate(capacity: number, actionBytes: 1 | 2 | 4, meta: SharedArrayBuffer): FingerprintStoreBuffers {
    // Room for ids up to the limit, and for those that threads take between their check and their add.
    const ids = Math.floor((capacity * 3) / 4) + slack(meta);
    const record = Atomics.load(new Int32Array(meta), RECORD_IDS) !== 0;
    return {
      table: new SharedArrayBuffer(capacity * 8),
      parents: new SharedArrayBuffer(ids * 4),
      slots: new SharedArrayBuffer(ids * 4),
      actions: new SharedArrayBuffer(ids * actionBytes),
      actionBytes,
      meta,
      ...(record ? { ids: new SharedArrayBuffer(capacity * 4) } : {}),
    };
  }

  get buffers(): FingerprintStoreBuffers {
    return this.bufs;
  }

  /** States stored, as far as the threads have flushed their counts. */
  get size(): number {
    return this.reported >= 0 ? this.reported : this.added;
  }

  /** States stored (flushed), including any past a bound that `cutAt` hides. */
  get added(): number {
    return Atomics.load(this.meta, STORED) + this.unflushed;
  }

  /** Publishes this thread's count of stored states (a thread does so when it reports). */
  flush(): void {
    if (this.unflushed === 0) return;
    Atomics.add(this.meta, STORED, this.unflushed);
    this.unflushed = 0;
  }

  /**
   * Hands out ids one at a time, so that ids are dense in the order states were added, and an id tells how many
   * states were stored before (a search bounded by a number of states needs that). Before other threads attach.
   */
  denseIds(): void {
    this.block = 1;
    Atomics.store(this.meta, BLOCK_SIZE, 1);
  }

  /** Ids handed out so far (with threads, some may be unused: `stored` says). */
  get idCount(): number {
    return Math.min(Atomics.load(this.meta, COUNT), this.slots.length);
  }

  /** Whether `id` was handed out and used for a state. */
  stored(id: number): boolean {
    return this.slots[id] !== 0;
  }

  /** Bytes of the per-slot ids (see `create`), counted in `bytes`. */
  get idBytes(): number {
    return this.slotIds?.byteLength ?? 0;
  }

  get bytes(): number {
    return this.table.byteLength + this.parents.byteLength + this.slots.byteLength + this.actions.byteLength + this.idBytes;
  }

  /** The states stored past a bound (max states) were never counted: report `size` states. */
  cutAt(size: number): void {
    this.reported = size;
  }

  /** Whether an adder must stop before adding a state reached by action index `action`. */
  mustPause(action: number): boolean {
    if (action > this.actionMax) return true;
    return this.nextId === this.endId && Atomics.load(this.meta, COUNT) + this.block > Atomics.load(this.meta, LIMIT);
  }

  /** Room left before adders pause. */
  get room(): number {
    return Atomics.load(this.meta, LIMIT) - Atomics.load(this.meta, COUNT);
  }

  get stopped(): boolean {
    return Atomics.load(this.meta, STOP) !== 0;
  }

  /** Asks every thread to stop at its next state. */
  stop(): void {
    Atomics.store(this.meta, STOP, 1);
  }

  /**
   * Whether fingerprint (h1, h2) is in the first table slot to probe for it: then it is stored, and no `add` is
   * needed (false says nothing). Reading the first slots of several fingerprints in a row lets their cache
   * misses overlap, and an `add` soon after finds its slot in the cache.
   */
  storedFirst(h1: number, h2: number): boolean {
    if (h1 === 0) h1 = 1;
    if (h2 === 0) h2 = 1;
    const at = this.home(h1, h2) << 1;
    const t = this.table;
    return t[at] === h1 && t[at + 1] === h2;
  }

  /** As `storedFirst`, with the id (-1: not found there); only when the store keeps ids (see `create`). */
  idFirst(h1: number, h2: number): number {
    if (h1 === 0) h1 = 1;
    if (h2 === 0) h2 = 1;
    const slot = this.home(h1, h2);
    const at = slot << 1;
    const t = this.table;
    return t[at] === h1 && t[at + 1] === h2 ? this.idAt(slot) : -1;
  }

  /** The id at a claimed slot: its adder writes it just after claiming the slot. */
  private idAt(slot: number): number {
    const ids = this.slotIds as Int32Array;
    let id = ids[slot] as number;
    while (id === 0) id = Atomics.load(ids, slot);
    return id - 1;
  }

  /** The first slot to probe for fingerprint (h1, h2), lanes already non-zero. */
  private home(h1: number, h2: number): number {
    return Math.floor(slotHash(h1, h2) * this.scale);
  }

  /**
   * Adds the state with fingerprint (h1, h2), reached from `parent` (-1: initial) by action index `action`.
   * Returns its id, or if it was there -1 (`-2 - id` when the store keeps ids, see `create`). The caller
   * has checked `mustPause(action)`.
   */
  add(h1: number, h2: number, parent: number, action: number): number {
    if (h1 === 0) h1 = 1;
    if (h2 === 0) h2 = 1;
    const t = this.table;
    const cap = this.capacity;
    let i = this.home(h1, h2);
    for (;;) {
      const at = i << 1;
      let a = t[at] as number;
      if (a === 0) {
        a = Atomics.compareExchange(t, at, 0, h1);
        if (a === 0) {
          Atomics.store(t, at + 1, h2);
          if (this.nextId === this.endId) {
            this.nextId = Atomics.add(this.meta, COUNT, this.block);
            this.endId = this.nextId + this.block;
          }
          const id = this.nextId++;
          this.unflushed++;
          this.parents[id] = parent;
          this.actions[id] = action;
          this.slots[id] = i + 1;
          if (this.slotIds !== undefined) Atomics.store(this.slotIds, i, id + 1);
          return id;
        }
      }
      if (a === h1) {
        let b = t[at + 1] as number;
        while (b === 0) b = Atomics.load(t, at + 1);
        if (b === h2) return this.slotIds === undefined ? -1 : -2 - this.idAt(i);
      }
      if (++i === cap) i = 0;
    }
  }

  /**
   * Makes room for `more` states beyond those stored, and action indices up to `action`. Only with every
   * other thread stopped; they must `adopt` the new buffers before adding again.
   */
  grow(more: number, action: number): void {
    const count = Atomics.load(this.meta, COUNT);
    let capacity = this.capacity;
    // By half again: between growths the table is 50% to 75% full, so a state costs 16 to 24 bytes in all.
    while (Math.floor((capacity * 3) / 4) < count + more) capacity = Math.ceil(capacity * 1.5);
    const actionBytes: 1 | 2 | 4 = action > this.actionMax ? (action <= 0xffff ? 2 : 4) : this.bufs.actionBytes;
    if (capacity === this.capacity && actionBytes === this.bufs.actionBytes) return;
    const bufs = FingerprintStore.allocate(capacity, actionBytes, this.bufs.meta);
    const grown = new FingerprintStore(bufs);
    // Rehash id by id, so that each id learns its new slot; slots are claimed without contention here.
    const old = this.table;
    const t = grown.table;
    const ids = Math.min(count, this.slots.length);
    for (let id = 0; id < ids; id++) {
      const s = this.slots[id] as number;
      if (s === 0) continue;
      const h1 = old[(s - 1) << 1] as number;
      const h2 = old[((s - 1) << 1) + 1] as number;
      let i = grown.home(h1, h2);
      while (t[i << 1] !== 0) if (++i === capacity) i = 0;
      t[i << 1] = h1;
      t[(i << 1) + 1] = h2;
      grown.slots[id] = i + 1;
      if (grown.slotIds !== undefined) grown.slotIds[i] = id + 1;
    }
    grown.parents.set(this.parents.subarray(0, Math.min(count, this.parents.length)));
    grown.actions.set(this.actions.subarray(0, Math.min(count, this.actions.length)));
    this.adopt(bufs);
    Atomics.store(this.meta, LIMIT, Math.floor((capacity * 3) / 4));
  }

  /** Switches to buffers grown by another thread. */
  adopt(buffers: FingerprintStoreBuffers): void {
    this.bufs = buffers;
    this.table = new Int32Array(buffers.table);
    this.capacity = this.table.length >>> 1;
    this.scale = this.capacity / 4294967296;
    this.parents = new Int32Array(buffers.parents);
    this.slots = new Int32Array(buffers.slots);
    this.actions = actionArray(buffers.actions, buffers.actionBytes);
    this.actionMax = buffers.actionBytes === 1 ? 0xff : buffers.actionBytes === 2 ? 0xffff : 0x7fffffff;
    this.slotIds = buffers.ids === undefined ? undefined : new Int32Array(buffers.ids);
  }

  parentOf(id: number): number {
    return this.parents[id] as number;
  }

  actionOf(id: number): number {
    return this.actions[id] as number;
  }

  pathTo(id: number): number[] {
    return pathTo(this, id);
  }

  /**
   * The fingerprint stored for `id`, as `fingerprint` writes it (16 hex digits). A lane that was 0 is stored
   * as 1 (see the class comment): `replay` compares with that in mind.
   */
  fingerprintOf(id: number): string {
    const at = ((this.slots[id] as number) - 1) << 1;
    if (at < 0) return '';
    const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
    return hex(this.table[at] as number) + hex(this.table[at + 1] as number);
  }
}
