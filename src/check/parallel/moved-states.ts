import { StringTable, ValueReader, ValueWriter } from '../../state/value-codec';
import type { Moved } from './protocol';

/**
 * Collects states (with their ids) to move to another thread. They are encoded over a string table of their
 * own, which travels with the bytes: the bytes' buffer is transferred rather than copied, and neither side pays
 * for cloning live objects.
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

/** What to transfer (not copy) when posting `moved`. */
export function transferOf(moved: Moved | undefined): ArrayBuffer[] {
  return moved === undefined || moved.count === 0 ? [] : [moved.bytes.buffer as ArrayBuffer];
}
