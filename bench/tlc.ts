/**
 * TLC runs for `npm run bench`: the same TwoPhase protocol (bench/tla/TwoPhase.tla) checked by TLC in the same
 * bench run, so that the ratios against TLC compare two searches made on the same machine minutes apart. The
 * jar is not part of the repository: the bench takes it from `INTERLEAVE_TLC_JAR` (TLC 2.20's `tla2tools.jar`)
 * and runs it with the `java` on the PATH; without either, the TLC rows are skipped with a notice.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What a TLC run found and how long it took. */
export interface TlcRun {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  /** The java process from start to exit (JVM start-up and parsing included), as TLC's users see it. */
  readonly totalSeconds: number;
  /** User + system CPU seconds of the java process, when /usr/bin/time could tell them. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

/** The jar to run, or why TLC rows cannot run here (one line). */
export function tlcSetup(env: NodeJS.ProcessEnv = process.env): { jar: string } | { skip: string } {
  const jar = env['INTERLEAVE_TLC_JAR'];
  if (jar === undefined || jar === '') return { skip: 'TLC rows skipped: set INTERLEAVE_TLC_JAR to the path of TLC 2.20\'s tla2tools.jar to run them.' };
  if (!fs.existsSync(jar)) return { skip: `TLC rows skipped: INTERLEAVE_TLC_JAR names ${jar}, which does not exist.` };
  if (spawnSync('java', ['-version']).status !== 0) return { skip: 'TLC rows skipped: no `java` on the PATH (TLC needs Java 11 or later).' };
  return { jar };
}

/** bench/tla/TwoPhase.tla, from bench/ (sources) or dist/bench/ (the build). */
const SPEC = [path.join(__dirname, 'tla', 'TwoPhase.tla'), path.join(__dirname, '..', '..', 'bench', 'tla', 'TwoPhase.tla')].find((f) => fs.existsSync(f)) as string;

/** The cfg of TwoPhase with RM = {r1, ..., r<rm>}, the invariants our ports check, deadlock checked. */
export function twoPhaseCfg(rm: number): string {
  const rms = Array.from({ length: rm }, (_, i) => `r${i + 1}`).join(', ');
  return `CONSTANT RM = {${rms}}\nINIT TPInit\nNEXT TPNext\nINVARIANT TPTypeOK\nINVARIANT TCConsistent\n`;
}

/** TLC's closing lines: "58146 states generated, 8832 distinct states found, 0 states left on queue." and the depth. */
export function parseTlcOutput(out: string): { distinct: number; generated: number; depth: number } | undefined {
  const counts = /([\d,]+) states generated, ([\d,]+) distinct states found, 0 states left on queue/.exec(out);
  const depth = /The depth of the complete state graph search is (\d+)/.exec(out);
  if (counts === null || depth === null || !/Model checking completed\. No error has been found/.test(out)) return undefined;
  const n = (s: string | undefined): number => Number((s as string).replace(/,/g, ''));
  return { generated: n(counts[1]), distinct: n(counts[2]), depth: n(depth[1]) };
}

/** GNU time's `-f '%U %S %M'` line, the last of stderr. */
function parseTime(err: string): { cpuSeconds: number; peakRssMb: number } {
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(err);
  if (m === null) return { cpuSeconds: NaN, peakRssMb: NaN };
  return { cpuSeconds: Number(m[1]) + Number(m[2]), peakRssMb: Math.round(Number(m[3]) / 1024) };
}

/** Runs TLC on TwoPhase with `rm` resource managers and `workers` worker threads, in a folder of its own. */
export function runTlc(jar: string, rm: number, workers: number): Promise<TlcRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-tlc-'));
  fs.copyFileSync(SPEC, path.join(dir, 'TwoPhase.tla'));
  fs.writeFileSync(path.join(dir, 'TwoPhase.cfg'), twoPhaseCfg(rm));
  const java = ['java', '-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', String(workers), '-metadir', path.join(dir, 'states'), '-cleanup', 'TwoPhase'];
  const timed = fs.existsSync('/usr/bin/time');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const proc = timed ? spawn('/usr/bin/time', ['-f', '%U %S %M', ...java], { cwd: dir }) : spawn(java[0] as string, java.slice(1), { cwd: dir });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      fs.rmSync(dir, { recursive: true, force: true });
      const found = parseTlcOutput(out);
      if (code !== 0 || found === undefined) {
        reject(new Error(`bench: TLC on TwoPhase RM=${rm} failed (exit ${String(code)}): ${(out + err).split('\n').slice(-6).join(' ')}`));
        return;
      }
      resolve({ ...found, totalSeconds, ...(timed ? parseTime(err) : { cpuSeconds: NaN, peakRssMb: NaN }) });
    });
  });
}
