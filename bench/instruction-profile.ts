/**
 * Instructions per function, for `npm run bench -- --profile`: the benchmark runs under valgrind's callgrind,
 * which counts the instructions executed at each address, and V8 writes where it put each function's compiled code
 * (`--perf-basic-prof`, a `/tmp/perf-PID.map` of "start size name" lines). Addresses in code that valgrind has no
 * symbol for are looked up in that map, so that the JavaScript functions (the checker's and the model's) are named
 * beside V8's builtins and runtime. Like `--instructions`, the counts do not depend on the machine's load, so two
 * versions of the code can be compared function by function.
 */
import * as fs from 'node:fs';

/**
 * Options for node under callgrind: code stays where it was compiled, so that the map's addresses hold; the log
 * that `--perf-basic-prof` also writes goes to `logFile` (by default, a file per isolate in the working folder).
 */
export function profileNodeFlags(logFile: string): string[] {
  return ['--single-threaded', '--predictable-gc-schedule', '--perf-basic-prof', '--no-compact-code-space', '--no-logfile-per-isolate', `--logfile=${logFile}`];
}

export function callgrindArgs(outFile: string): string[] {
  return ['--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${outFile}`];
}

/** Where node under `--perf-basic-prof` writes its map of compiled code. */
export function perfMapOf(pid: number): string {
  return `/tmp/perf-${pid}.map`;
}

export interface ProfileEntry {
  /** A JavaScript function as "name file:line" (any tier of it), or a builtin or C++ function of V8 or node. */
  readonly name: string;
  /** Instructions executed in the function itself, not in what it called. */
  readonly instructions: number;
}

interface CodeRange {
  readonly start: number;
  readonly size: number;
  readonly name: string;
}

/** "JS:*diff /abs/dist/src/state/fingerprint.js:497:9" as "diff src/state/fingerprint.js:497", tiers merged. */
function jsName(raw: string, root: string): string {
  const m = /^(?:JS|Eval|Function):[*^~+]?(\S*) (.*?)(?::(\d+):\d+)?$/.exec(raw);
  if (m === null) return raw;
  let file = m[2] as string;
  if (file.startsWith(root)) file = file.slice(root.length).replace(/^\/+/, '').replace(/^dist\//, '');
  return `${m[1] || '(anonymous)'} ${file}${m[3] !== undefined ? `:${m[3]}` : ''}`;
}

/** The map's ranges, sorted by start; later entries for the same start (recompiled code) win. */
export function readPerfMap(text: string, root: string): CodeRange[] {
  const byStart = new Map<number, CodeRange>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.+)$/.exec(line);
    if (m === null) continue;
    const start = parseInt(m[1] as string, 16);
    byStart.set(start, { start, size: parseInt(m[2] as string, 16), name: jsName(m[3] as string, root) });
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

function lookup(ranges: readonly CodeRange[], address: number): string | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid] as CodeRange).start <= address) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const r = ranges[best];
  return r !== undefined && address < r.start + r.size ? r.name : undefined;
}

/** A C++ name without its parameter list (and `const`); `'2` (callgrind's recursion depth) dropped. */
export function nativeName(name: string): string {
  const bare = name.replace(/'\d+$/, '').replace(/\s+const$/, '');
  if (!bare.endsWith(')')) return bare;
  let depth = 0;
  for (let i = bare.length - 1; i > 0; i--) {
    const c = bare[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return bare.slice(0, i);
  }
  return bare;
}

/**
 * Self instructions per function from a callgrind profile written with `--dump-instr=yes` (positions "instr line"
 * or "instr"), code without a symbol named from `ranges`; sorted, most first.
 */
export function readProfile(callgrind: string, ranges: readonly CodeRange[]): { total: number; entries: ProfileEntry[] } {
  const names = new Map<string, string>();
  const self = new Map<string, number>();
  let fn = '';
  let unnamed = false;
  let last = 0;
  let call = false;
  let costAt = 1;
  let total = 0;
  const named = (line: string, prefix: string): string => {
    const m = /^\((\d+)\)(?: (.*))?$/.exec(line.slice(prefix.length));
    if (m === null) return line.slice(prefix.length);
    if (m[2] !== undefined) names.set(m[1] as string, m[2]);
    return names.get(m[1] as string) ?? (m[1] as string);
  };
  for (const line of callgrind.split('\n')) {
    if (line.startsWith('positions:')) {
      costAt = line.trim().split(/\s+/).length - 1;
      continue;
    }
    if (line.startsWith('fn=')) {
      fn = named(line, 'fn=');
      unnamed = /^0x[0-9a-f]+('\d+)?$/.test(fn);
      continue;
    }
    if (line.startsWith('cfn=')) {
      named(line, 'cfn=');
      continue;
    }
    if (line.startsWith('calls=')) {
      call = true;
      continue;
    }
    const c = line.charCodeAt(0);
    // Cost lines start with a position: 0x..., +n, -n or *.
    if (!(c === 48 || c === 43 || c === 45 || c === 42)) continue;
    const parts = line.split(' ');
    const at = parts[0] as string;
    if (at === '*') {
      // same address
    } else if (at.startsWith('+')) last += Number(at.slice(1));
    else if (at.startsWith('-')) last -= Number(at.slice(1));
    else last = parseInt(at, 16);
    // The line after `calls=` is the call's inclusive cost, counted where it was spent.
    if (call) {
      call = false;
      continue;
    }
    const cost = Number(parts[costAt] ?? 0);
    if (!Number.isFinite(cost) || cost === 0) continue;
    total += cost;
    const name = unnamed ? (lookup(ranges, last) ?? 'code without a name') : nativeName(fn);
    self.set(name, (self.get(name) ?? 0) + cost);
  }
  const entries = [...self].map(([name, instructions]) => ({ name, instructions })).sort((a, b) => b.instructions - a.instructions);
  return { total, entries };
}

/** Reads the profile and the map a run left, then removes them and the run's V8 log. */
export function collectProfile(outFile: string, logFile: string, pid: number, root: string): { total: number; entries: ProfileEntry[] } {
  const mapFile = perfMapOf(pid);
  try {
    const ranges = fs.existsSync(mapFile) ? readPerfMap(fs.readFileSync(mapFile, 'utf8'), root) : [];
    return readProfile(fs.readFileSync(outFile, 'utf8'), ranges);
  } finally {
    for (const f of [outFile, logFile, mapFile]) fs.rmSync(f, { force: true });
  }
}
