/**
 * Errors are values with a code. The code's hundred names its class, and the class decides the exit code:
 * IL1xx usage, IL2xx loading or validating a model, IL3xx the model failing while explored, IL4xx suites,
 * IL5xx trace validation input (logs, mappings), IL6xx the machine's resources (disk, ports) during a run.
 */
export type ErrorCode =
  | 'IL101' // unknown option or bad option value
  | 'IL102' // unknown --param name
  | 'IL103' // --param value of the wrong type
  | 'IL104' // unknown --invariant name
  | 'IL105' // a folder or file named by an option is unusable (e.g. --spill-dir)
  | 'IL106' // `init` would overwrite files
  | 'IL201' // model file not found
  | 'IL202' // model file does not compile
  | 'IL203' // default export is not a model
  | 'IL204' // model definition is malformed
  | 'IL205' // init returned no states
  | 'IL206' // model file threw while loading
  | 'IL301' // the model threw while explored
  | 'IL302' // a state holds a value that is not allowed
  | 'IL303' // the model is not deterministic (replaying a trace gave another state)
  | 'IL304' // the model changed a state it was given instead of returning a new one
  | 'IL401' // suite spec file unusable
  | 'IL402' // suite entry invalid
  | 'IL403' // trace file unusable
  | 'IL404' // baseline file unusable
  | 'IL501' // trace (log) file unreadable
  | 'IL502' // trace record malformed
  | 'IL503' // trace record names a state path the model's states do not have
  | 'IL504' // trace mapping module unusable or throwing
  | 'IL601' // writing spilled states failed during the run (disk full, read-only)
  | 'IL602'; // a network port could not be opened

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
  /** The file, action and state path the error concerns, where known. */
  readonly file?: string;
  readonly action?: unknown;
  readonly path?: string;
}

export class InterleaveError extends Error implements ErrorInfo {
  override readonly name = 'InterleaveError';
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly file?: string;
  readonly action?: unknown;
  readonly path?: string;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    if (info.hint !== undefined) this.hint = info.hint;
    if (info.file !== undefined) this.file = info.file;
    if (info.action !== undefined) this.action = info.action;
    if (info.path !== undefined) this.path = info.path;
  }

  toInfo(): ErrorInfo {
    const info: { -readonly [K in keyof ErrorInfo]: ErrorInfo[K] } = { code: this.code, message: this.message };
    if (this.hint !== undefined) info.hint = this.hint;
    if (this.file !== undefined) info.file = this.file;
    if (this.action !== undefined) info.action = this.action;
    if (this.path !== undefined) info.path = this.path;
    return info;
  }
}

/** Exit codes by category, decided in one place (see docs/cli.md "Exit codes"). */
export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  modelError: 3,
  incomplete: 4,
  resource: 5,
  /** SIGINT or SIGTERM: the partial report is printed first (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

export function exitCodeForError(code: ErrorCode): number {
  if (code.startsWith('IL3')) return EXIT.modelError;
  if (code.startsWith('IL6')) return EXIT.resource;
  return EXIT.usage;
}
