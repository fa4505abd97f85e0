import { StringTable, ValueReader, ValueWriter } from '../../../state/value-codec';
import type { Moved } from './protocol';

/**
 * Collects states (with their ids) to move to another thread. They are encoded over a string table of their
 * own, which travels with the bytes, so that neither side pays for cloning live objects. The bytes are copied
 * when posted, not transferred: the first buffer a thread detaches makes V8 throw away the optimized code of
 * every function of that thread that reads typed arrays, and check for detached buffers in all it compiles
 * after (its "array buffer detaching" protector).
 */
export class MovedWriter {
  private readonly table = new StringTable();
  private readonly writer = new ValueWriter(this.table, 1 << 12);
  private count = 0;

  add(state: unknown, id: number): void {
    this.writer.uint32(id);
    this.writer.value(state);
    this.count++;
  }

  finish(): Moved {
    return {
      count: this.count,
      bytes: this.writer.bytes.slice(0, this.writer.length),
      strings: this.table.strings,
      shapes: this.table.shapes,
    };
  }
}

/** Reads moved states back in order: `take` sets `state` and `id`. */
export class MovedReader {
  state: unknown = undefined;
  id = -1;
  /** States not taken yet. */
  left: number;
  private readonly reader: ValueReader;

  constructor(moved: Moved) {
    this.left = moved.count;
    this.reader = new ValueReader(StringTable.of(moved.strings, moved.shapes));
    this.reader.load(moved.bytes, 0, moved.bytes.length);
  }

  take(): boolean {
    if (this.left === 0) return false;
    this.id = this.reader.uint32();
    this.state = this.reader.value();
    this.left--;
    return true;
  }
}
