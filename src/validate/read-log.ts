import type { LogEntry } from './expectation';
import type { Mapping } from './mapping';
import { readLines } from './read-lines';
import { parseNdjsonLine } from './ndjson';
import { ftraceEvents, DEFAULT_REORDER_WINDOW } from './ftrace';
import { expectationsOf } from './mapping';

export type LogFormat = 'ndjson' | 'ftrace';

/** The records of a log file, streamed and mapped to expectations. */
export async function* readLog(file: string, format: LogFormat, mapping: Mapping, reorderWindow = DEFAULT_REORDER_WINDOW): AsyncGenerator<LogEntry> {
  if (format === 'ftrace') {
    for await (const event of ftraceEvents(file, readLines(file), reorderWindow)) {
      yield { line: event.line, raw: event, expectations: expectationsOf(mapping, file, event.line, event) };
    }
    return;
  }
  for await (const l of readLines(file)) {
    const record = parseNdjsonLine(file, l);
    if (record === undefined) continue;
    yield { line: l.line, raw: record, expectations: expectationsOf(mapping, file, l.line, record) };
  }
}
