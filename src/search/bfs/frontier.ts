import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringTable, TopEntries, ValueReader, ValueWriter } from '../../state/value-codec';
import { spillFailure } from './spill-dir';

/** One piece of a level: bytes in memory, or a range of the level's file. */
interface Chunk {
  bytes: Uint8Array | undefined;
  readonly offset: number;
  readonly length: number;
}

interface Level {
  readonly chunks: Chunk[];
  count: number;
  fd: number; // -1 until the level first goes to disk
  file: string;
  fileBytes: number;
}

/**
 * The breadth-first queue, one level at a time: states of the level being expanded are taken in the order
 * they were added, while successors are added to the next level.
 *
 * States are held encoded (see `value-codec`), in chunks: in memory while the chunks of both levels fit in
 * `budgetBytes`, appended to a file per level beyond that, and read back in order. Files live in a fresh
 * folder under `dir` (default: the OS temp folder), removed by `close`. Encoded states cost a fraction of live
 * objects' memory and die young once decoded, which spares the garbage collector from promoting every frontier
 * state; decoding also gives states of one shape the same hidden class, which keeps the model's code fast.
 *
 * `take` sets `state` and `id` (the state's id in the store) rather than returning a pair, so that the search
 * allocates nothing per state beyond the decoded state.
 */
export class Frontier {
  state: unknown = undefined;
  id = -1;
  /** Bytes written to disk so far. */
  spilledBytes = 0;
  private readonly table = new StringTable();
  /** The entries of `state`: where they lie in the bytes it was read from, and where they were decoded before. */
  readonly top = new TopEntries();
  private readonly writer: ValueWriter;
  private readonly reader: ValueReader;
  private readonly chunkBytes: number;
  private held = 0;
  private current: Level;
  private next: Level;
  private chunkAt = 0;
  private taken = 0;
  private readBuffer: Uint8Array = new Uint8Array(0);
  private folder: string | undefined;
  private levels = 0;

  /** `budgetBytes` may be Infinity: then nothing goes to disk. */
  constructor(
    private readonly budgetBytes: number,
    private readonly dir: string = os.tmpdir(),
  ) {
    // Chunks small enough that a budget holds several, large enough that disk writes are few.
    this.chunkBytes = Math.max(4096, Math.min(4 << 20, Math.floor(budgetBytes / 16)));
    this.writer = new ValueWriter(this.table, this.chunkBytes * 2);
    this.reader = new ValueReader(this.table);
    this.current = this.newLevel();
    this.next = this.newLevel();
  }

  /** States not yet taken from the current level plus states added to the next one. */
  get pending(): number {
    return this.current.count - this.taken + this.next.count;
  }

  /** States of the current level not yet taken. */
  get left(): number {
    return this.current.count - this.taken;
  }

  /**
   * Adds a state (already fingerprinted) to the next level; throws `InvalidValue` if it is not a plain value. If
   * it was reached from the state `take` gave last (`parent`), what it keeps of that state's top-level entries is
   * copied as encoded.
   */
  add(state: unknown, id: number, parent?: unknown): void {
    const w = this.writer;
    const start = w.length;
    w.uint32(id);
    try {
      w.top(state, parent !== undefined && parent === this.state ? this.top : undefined);
    } catch (error) {
      // Not a plain value (see `ValueWriter.value`): nothing of it is kept.
      w.length = start;
      throw error;
    }
    this.next.count++;
    if (w.length >= this.chunkBytes) this.seal();
  }

  /** Takes the next state of the current level into `state` and `id`; false when the level is done. */
  take(): boolean {
    const r = this.reader;
    while (r.done) {
      if (!this.loadChunk()) return false;
    }
    this.id = r.uint32();
    this.state = r.top(this.top);
    this.taken++;
    return true;
  }

  /** Makes the next level current; returns its number of states. */
  advance(): number {
    this.seal();
    this.dropLevel(this.current);
    this.current = this.next;
    this.next = this.newLevel();
    this.chunkAt = 0;
    this.taken = 0;
    this.reader.load(new Uint8Array(0), 0, 0);
    this.state = undefined;
    return this.current.count;
  }

  /** Frees what the frontier holds, files included. */
  close(): void {
    this.dropLevel(this.current);
    this.dropLevel(this.next);
    this.state = undefined;
    if (this.folder !== undefined) fs.rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }

  private newLevel(): Level {
    return { chunks: [], count: 0, fd: -1, file: '', fileBytes: 0 };
  }

  /** Moves the writer's bytes into a chunk of the next level: in memory if the budget allows, else on disk. */
  private seal(): void {
    const w = this.writer;
    const n = w.length;
    if (n === 0) return;
    const level = this.next;
    if (this.held + n <= this.budgetBytes) {
      level.chunks.push({ bytes: w.bytes.slice(0, n), offset: 0, length: n });
      this.held += n;
    } else {
      try {
        if (level.fd < 0) {
          this.folder ??= fs.mkdtempSync(path.join(this.dir, 'interleave-frontier-'));
          level.file = path.join(this.folder, `level-${this.levels++}.bin`);
          level.fd = fs.openSync(level.file, 'w+');
        }
        let written = 0;
        while (written < n) written += fs.writeSync(level.fd, w.bytes, written, n - written, level.fileBytes + written);
      } catch (error) {
        throw spillFailure(level.file || this.folder || this.dir, 'writing', error, this.spilledBytes);
      }
      level.chunks.push({ bytes: undefined, offset: level.fileBytes, length: n });
      level.fileBytes += n;
      this.spilledBytes += n;
    }
    w.reset();
  }

  /** Points the reader at the next chunk of the current level; false when there is none. */
  private loadChunk(): boolean {
    const level = this.current;
    const previous = level.chunks[this.chunkAt - 1];
    if (previous?.bytes !== undefined) {
      this.held -= previous.length;
      previous.bytes = undefined;
    }
    const chunk = level.chunks[this.chunkAt];
    if (chunk === undefined) return false;
    this.chunkAt++;
    if (chunk.bytes !== undefined) {
      this.reader.load(chunk.bytes, 0, chunk.length);
      return true;
    }
    if (this.readBuffer.length < chunk.length) this.readBuffer = new Uint8Array(chunk.length);
    let read = 0;
    while (read < chunk.length) {
      let got: number;
      try {
        got = fs.readSync(level.fd, this.readBuffer, read, chunk.length - read, chunk.offset + read);
      } catch (error) {
        throw spillFailure(level.file, 'reading', error, this.spilledBytes);
      }
      if (got === 0) throw spillFailure(level.file, 'reading', new Error('the file ended early (changed by another program?)'), this.spilledBytes);
      read += got;
    }
    this.reader.load(this.readBuffer, 0, chunk.length);
    return true;
  }

  private dropLevel(level: Level): void {
    for (const c of level.chunks) {
      if (c.bytes !== undefined) this.held -= c.length;
      c.bytes = undefined;
    }
    level.chunks.length = 0;
    if (level.fd >= 0) {
      fs.closeSync(level.fd);
      fs.rmSync(level.file, { force: true });
      level.fd = -1;
    }
  }
}
