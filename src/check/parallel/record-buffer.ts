/**
 * Successor records of one expansion, in typed arrays that grow by doubling: two fingerprint lanes, the action
 * index, the action type's index and whether the successor is inside the constraint. `take` hands the arrays
 * over (trimmed, ready to transfer to another thread) and starts afresh.
 */
export class RecordBuffer {
  length = 0;
  fps = new Int32Array(2048);
  actions = new Int32Array(1024);
  types = new Uint16Array(1024);
  inside = new Uint8Array(1024);

  /** Appends a record; returns its index. */
  push(h1: number, h2: number, action: number, type: number): number {
    const j = this.length;
    if (j === this.actions.length) this.grow();
    this.fps[2 * j] = h1;
    this.fps[2 * j + 1] = h2;
    this.actions[j] = action;
    this.types[j] = type;
    this.inside[j] = 0;
    this.length = j + 1;
    return j;
  }

  take(): { fps: Int32Array; actions: Int32Array; types: Uint16Array; inside: Uint8Array; records: number } {
    const n = this.length;
    const out = {
      fps: this.fps.slice(0, 2 * n),
      actions: this.actions.slice(0, n),
      types: this.types.slice(0, n),
      inside: this.inside.slice(0, n),
      records: n,
    };
    this.length = 0;
    return out;
  }

  private grow(): void {
    const n = this.actions.length * 2;
    const fps = new Int32Array(2 * n);
    fps.set(this.fps);
    this.fps = fps;
    const actions = new Int32Array(n);
    actions.set(this.actions);
    this.actions = actions;
    const types = new Uint16Array(n);
    types.set(this.types);
    this.types = types;
    const inside = new Uint8Array(n);
    inside.set(this.inside);
    this.inside = inside;
  }
}
