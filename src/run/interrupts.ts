/** The signals a run answers with a partial report: Ctrl-C, and what CI runners send on cancel or timeout. */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * SIGINT and SIGTERM as events of a command: while installed they do not end the process; whoever listens
 * stops the run and reports what it found (exit 130). Signals that come with no listener are counted, so that
 * a listener added later still sees them.
 */
export class Interrupts {
  private readonly listeners = new Set<() => void>();
  private readonly handler = (): void => {
    this.count++;
    for (const l of [...this.listeners]) l();
  };
  /** Signals received so far. */
  count = 0;

  private constructor() {
    for (const s of SIGNALS) process.on(s, this.handler);
  }

  static install(): Interrupts {
    return new Interrupts();
  }

  /** Calls `listener` on each signal from now on; returns the function that stops it. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Gives the signals back to Node's default handling. */
  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.handler);
    this.listeners.clear();
  }
}
