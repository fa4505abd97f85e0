import type { AnyModel, Params } from '../model/types';
import type { Progress } from '../check/options';
import type { CheckResult, ViolationKind } from '../check/result';
import type { PortableCheckOptions } from '../run/check-job';
import type { StepEngine } from '../engine/step-engine';
import type { ErrorInfo } from '../errors/interleave-error';
import { InterleaveError } from '../errors/interleave-error';
import { runCheck, startCheckThread } from '../run/run-check';
import { successorPathOf } from '../engine/successor-path';

/** A property the run found violated, with the explorer path of its shortest counterexample. */
export interface FoundViolation {
  readonly kind: ViolationKind;
  readonly name: string;
  /** Steps in the trace (0: the initial state is the counterexample). */
  readonly steps: number;
  /** `null` for `unreachable` (no state is an example) or when the trace could not be replayed (`error`). */
  readonly path: readonly number[] | null;
  readonly error?: string;
}

/** What `GET /api/run` returns. */
export interface RunStatus {
  readonly status: 'idle' | 'running' | 'stopping' | 'done' | 'failed';
  readonly progress: Progress | null;
  readonly result: {
    readonly verdict: CheckResult['verdict'];
    readonly reason?: string;
    readonly distinctStates: number;
    readonly generatedStates: number;
    readonly depth: number;
    readonly durationMs: number;
    readonly reachable: Readonly<Record<string, boolean>>;
    readonly violations: readonly FoundViolation[];
  } | null;
  readonly error: ErrorInfo | { readonly message: string } | null;
}

export interface BackgroundRunInput {
  readonly file: string;
  readonly model: AnyModel;
  readonly params: Params;
  readonly options: PortableCheckOptions;
  /** The explorer's engine: converts each counterexample into a path of successor indices. */
  readonly engine: StepEngine;
}

/**
 * The breadth-first check the page starts: `runCheck` (a worker thread, when run from the built CLI) with
 * `continue`, so every violated property gets its shortest counterexample. Stopping it interrupts the search,
 * which then reports what it found so far.
 */
export class BackgroundRun {
  private state: RunStatus['status'] = 'idle';
  private progress: Progress | null = null;
  private result: RunStatus['result'] = null;
  private error: RunStatus['error'] = null;
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | undefined;

  constructor(private readonly input: BackgroundRunInput) {}

  /** Starts the run unless one is under way; returns whether it started. */
  start(): boolean {
    if (this.state === 'running' || this.state === 'stopping') return false;
    this.state = 'running';
    this.progress = null;
    this.result = null;
    this.error = null;
    const interrupts = {
      listen: (l: () => void) => {
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
    };
    const { file, model, params, options } = this.input;
    this.running = runCheck({ file, model, params, options, thread: startCheckThread(), onProgress: (p) => (this.progress = p), interrupts }).then(
      (result) => this.finish(result),
      (error: unknown) => {
        this.state = 'failed';
        this.error = error instanceof InterleaveError ? error.toInfo() : { message: error instanceof Error ? error.message : String(error) };
      },
    );
    return true;
  }

  /** Asks the search to stop (it reports what it found); returns whether one was running. */
  stop(): boolean {
    if (this.state !== 'running') return false;
    this.state = 'stopping';
    for (const l of [...this.listeners]) l();
    return true;
  }

  /** Resolves when the run under way (if any) has ended. */
  async settled(): Promise<void> {
    await this.running;
  }

  status(): RunStatus {
    return { status: this.state, progress: this.progress, result: this.result, error: this.error };
  }

  private finish(result: CheckResult): void {
    const violations = result.violations.map((v): FoundViolation => {
      const base = { kind: v.kind, name: v.name, steps: Math.max(0, v.trace.length - 1) };
      if (v.trace.length === 0) return { ...base, path: null };
      try {
        return { ...base, path: successorPathOf(this.input.engine, v.trace) };
      } catch (error) {
        if (!(error instanceof InterleaveError)) throw error;
        return { ...base, path: null, error: error.message };
      }
    });
    this.result = {
      verdict: result.verdict,
      ...(result.verdict === 'incomplete' ? { reason: result.reason } : 'incomplete' in result && result.incomplete ? { reason: result.incomplete } : {}),
      distinctStates: result.distinctStates,
      generatedStates: result.generatedStates,
      depth: result.depth,
      durationMs: result.durationMs,
      reachable: result.reachable,
      violations,
    };
    if (result.verdict === 'error') this.error = result.error;
    this.state = 'done';
  }
}
