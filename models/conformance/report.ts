/**
 * Prints the conformance table of models/conformance/README.md: each ported specification, TLC's counts for
 * it, and the counts interleave finds. Exits non-zero when a count differs.
 *
 *   node -r ts-node/register/transpile-only models/conformance/report.ts          # everything but RM = 8
 *   node -r ts-node/register/transpile-only models/conformance/report.ts --full   # also TwoPhase RM = 8
 */
import * as path from 'node:path';
import { check } from '../../src/check/check';
import { loadModel } from '../../src/load/load-model';
import type { Params } from '../../src/model/types';

interface Counts {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

interface Row {
  readonly spec: string;
  readonly file: string;
  readonly params?: Params;
  /** TLC's numbers, and where they were taken from. */
  readonly tlc: Counts;
  readonly source: string;
  /** Only with --full: too slow for a routine run. */
  readonly slow?: boolean;
}

const MANIFEST = 'tlaplus/Examples manifest.json';
const BENCH = 'TLC, benchmark scopes';

type Triple = readonly [distinct: number, generated: number, depth: number];

function entry(spec: string, file: string, [distinct, generated, depth]: Triple, source: string, extra: Partial<Row> = {}): Row {
  return { spec, file, tlc: { distinct, generated, depth }, source, ...extra };
}

const ROWS: readonly Row[] = [
  entry('TCommit (TCommit.cfg)', 'tcommit.ts', [34, 94, 7], MANIFEST),
  entry('Peterson (Peterson.cfg)', 'peterson.ts', [42, 77, 11], MANIFEST),
  entry('DiningPhilosophers (NP = 5)', 'dining-philosophers.ts', [67, 336, 29], MANIFEST),
  entry('MCChangRoberts (N = 3)', 'chang-roberts.ts', [137, 227, 10], MANIFEST),
  entry('MCAlternatingBit (CONSTRAINT)', 'alternating-bit.ts', [240, 1392, 10], MANIFEST),
  entry('Chameneos (N = 4, M = 4)', 'chameneos.ts', [34534, 104697, 13], MANIFEST),
  entry('SimpleRegular (N = 8)', 'simple-regular.ts', [277726, 1454776, 25], MANIFEST),
  entry('TwoPhase (RM = 3)', 'two-phase.ts', [288, 1146, 11], MANIFEST, { params: { rm: 3 } }),
  entry('TwoPhase (RM = 5)', 'two-phase.ts', [8832, 58146, 17], BENCH, { params: { rm: 5 } }),
  entry('TwoPhase (RM = 7)', 'two-phase.ts', [296448, 2744706, 23], BENCH, { params: { rm: 7 } }),
  entry('TwoPhase (RM = 8)', 'two-phase.ts', [1745408, 18507778, 26], BENCH, { params: { rm: 8 }, slow: true }),
];

const fmt = (c: Counts): string => `${c.distinct} / ${c.generated} / ${c.depth}`;

function main(argv: readonly string[]): number {
  const full = argv.includes('--full');
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const header = ['Specification', 'TLC distinct / generated / depth', 'source', 'interleave distinct / generated / depth'];
  print(`| ${header.join(' | ')} | match | time |`);
  print('|---|---|---|---|---|---|');
  let mismatches = 0;
  for (const row of ROWS) {
    if (row.slow && !full) continue;
    // The project's tsc already type-checks these files.
    const model = loadModel(path.join(__dirname, row.file), { typecheck: false });
    const result = check(model, { params: row.params ?? {} });
    const ours: Counts = { distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth };
    const same =
      result.verdict === 'ok' &&
      ours.distinct === row.tlc.distinct &&
      ours.generated === row.tlc.generated &&
      ours.depth === row.tlc.depth;
    if (!same) mismatches++;
    const verdict = result.verdict === 'ok' ? '' : ` (${result.verdict})`;
    const seconds = (result.durationMs / 1000).toFixed(1);
    print(`| ${row.spec} | ${fmt(row.tlc)} | ${row.source} | ${fmt(ours)}${verdict} | ${same ? 'yes' : 'NO'} | ${seconds} s |`);
  }
  return mismatches === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
