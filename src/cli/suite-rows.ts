import type { EntryResult } from '../suite/entry-result';
import { foundText, paramsText } from '../suite/summary';

/** The terminal width suite rows are laid out for. */
export const ROW_WIDTH = 120;

const STATUS = 5;
const STATES = 11;
const DEPTH = 5;
const SECONDS = 7;

/** Text cut to `width` columns, with `…` marking a cut. */
function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

export interface RowLayout {
  readonly header: string;
  row(e: EntryResult): string;
}

/**
 * Fixed columns for the suite's table, so that each row can be printed as its entry finishes (one line per
 * entry, no separate progress line) and no row is wider than ROW_WIDTH. The entry and params columns are sized
 * from the entries planned (known before any runs), the verdict takes what is left; a longer cell is cut with
 * `…` (summary.md and summary.json have every cell whole).
 */
export function rowLayout(planned: readonly { readonly name: string; readonly params: string }[]): RowLayout {
  const fixed = STATUS + STATES + DEPTH + SECONDS + 2 * 6;
  // The verdict keeps at least 24 columns (`violates NoDoubleAllocation`), the entry 36 and the params 20 at most.
  const entryW = Math.min(Math.max(5, ...planned.map((p) => p.name.length)), 36);
  const paramsW = Math.min(Math.max(6, ...planned.map((p) => p.params.length)), 20);
  const verdictW = ROW_WIDTH - fixed - entryW - paramsW;
  const line = (cells: readonly string[]): string =>
    [
      (cells[0] ?? '').padEnd(STATUS),
      fit(cells[1] ?? '', entryW).padEnd(entryW),
      fit(cells[2] ?? '', paramsW).padEnd(paramsW),
      fit(cells[3] ?? '', verdictW).padEnd(verdictW),
      (cells[4] ?? '').padStart(STATES),
      (cells[5] ?? '').padStart(DEPTH),
      (cells[6] ?? '').padStart(SECONDS),
    ]
      .join('  ')
      .trimEnd();
  return {
    header: line(['', 'entry', 'params', 'verdict', 'states', 'depth', 'seconds']),
    row: (e) =>
      line([e.passed ? 'ok' : e.unusable ? 'ERROR' : 'FAIL', `${e.suite}/${e.entry}`, paramsText(e), foundText(e), e.distinctStates.toLocaleString('en-US'), String(e.depth), e.seconds.toFixed(2)]),
  };
}
