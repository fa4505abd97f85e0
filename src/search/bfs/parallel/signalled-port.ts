import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * A message port that can be read synchronously: `check` is synchronous, so the coordinator (and the workers)
 * block in `Atomics.wait` instead of returning to the event loop. Every party has a counter in a shared array;
 * a sender posts, then bumps the receiver's counter and wakes it. A receiver reads the counter before looking
 * at the port, so a message posted after the look still ends the wait.
 */
export class SignalledPort {
  constructor(
    private readonly port: MessagePort,
    private readonly signals: Int32Array,
    /** The counter of the party at the other end. */
    private readonly peer: number,
    /** This party's counter. */
    private readonly self: number,
    /** Set to non-zero when the other end has gone (index into `signals`), or -1. */
    private readonly goneFlag = -1,
  ) {}

  /** Posts a copy of `message` (nothing is transferred: see `MovedWriter` on detached buffers). */
  post(message: unknown): void {
    this.port.postMessage(message);
    Atomics.add(this.signals, this.peer, 1);
    Atomics.notify(this.signals, this.peer);
  }

  /** Blocks until a message arrives; throws if the other end is gone first. */
  receive<T>(): T {
    for (;;) {
      const seen = Atomics.load(this.signals, this.self);
      const got = this.poll<T>();
      if (got !== undefined) return got.message;
      Atomics.wait(this.signals, this.self, seen, 1000);
    }
  }

  /** A message if one has arrived; throws if the other end is gone. */
  poll<T>(): { message: T } | undefined {
    const got = receiveMessageOnPort(this.port);
    if (got !== undefined) return { message: got.message as T };
    if (this.goneFlag >= 0 && Atomics.load(this.signals, this.goneFlag) !== 0) {
      throw new Error('a worker thread of the search stopped unexpectedly');
    }
    return undefined;
  }

  /**
   * Blocks until one of `ports` (all read by the same party) has a message, and returns it with the port's
   * index; `onWait` runs about once a second meanwhile.
   */
  static receiveAny<T>(ports: readonly SignalledPort[], onWait: () => void): { index: number; message: T } {
    const first = ports[0];
    if (first === undefined) throw new Error('no port to receive from');
    let last = Date.now();
    for (;;) {
      const seen = Atomics.load(first.signals, first.self);
      for (let i = 0; i < ports.length; i++) {
        const m = (ports[i] as SignalledPort).poll<T>();
        if (m !== undefined) return { index: i, message: m.message };
      }
      Atomics.wait(first.signals, first.self, seen, 1000);
      if (Date.now() - last >= 1000) {
        last = Date.now();
        onWait();
      }
    }
  }

  close(): void {
    this.port.close();
  }
}
