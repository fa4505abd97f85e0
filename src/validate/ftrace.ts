import type { NumberedLine } from './read-lines';
import { malformed } from './ndjson';

/** One event of an ftrace text log (`trace-cmd report`, `/sys/kernel/tracing/trace`). */
export interface FtraceEvent {
  /** 1-based line number of the event's first line. */
  readonly line: number;
  /** The task's command name (`comm`), as printed before `-pid`. */
  readonly task: string;
  readonly pid: number;
  readonly cpu: number;
  /** The irq/preempt flags column (`d..2.`), or '' when the log has none. */
  readonly flags: string;
  /** Seconds, as printed (`1234.567890`). */
  readonly timestamp: number;
  /** The event name, with its system when printed (`bcachefs:journal_reclaim_finish`) or without. */
  readonly event: string;
  /** The event's printed text after `event: ` (the TP_printk output), lines joined with '\n'. */
  readonly text: string;
  /** `key=value` pairs found in `text` (numbers parsed), for tracepoints that print that way. */
  readonly fields: Readonly<Record<string, string | number>>;
}

// `  task-1234  [001] d..2.  1234.567890: event: text`; trace-cmd may print the tgid as `(  123)` after the pid.
const HEADER = /^\s*(.*?)-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:([^\s:]{1,8})\s+)?(\d+\.\d+):\s+([^\s:]+(?::[^\s:]+)?):\s?(.*)$/;
const FIELD = /([A-Za-z_][\w.]*)=("[^"]*"|\S+)/g;

function parseFields(text: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const m of text.matchAll(FIELD)) {
    const raw = m[2] as string;
    const value = raw.startsWith('"') ? raw.slice(1, -1) : raw;
    out[m[1] as string] = /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : /^0x[0-9a-f]+$/i.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }
  return out;
}

/** Lines that carry no event: blanks, `#` comments and headers, trace-cmd's `cpus=` and `version =`. */
function isChrome(text: string): boolean {
  const t = text.trim();
  return t === '' || t.startsWith('#') || /^cpus=\d+$/.test(t) || /^version\s*=/.test(t) || /^CPU \d+ is empty$/.test(t);
}

/** Parses the header line of one event, or `undefined` when the line is not one. */
export function parseFtraceLine({ line, text }: NumberedLine): FtraceEvent | undefined {
  const m = HEADER.exec(text);
  if (m === null) return undefined;
  const body = m[7] as string;
  return {
    line,
    task: (m[1] as string).trim(),
    pid: Number(m[2]),
    cpu: Number(m[3]),
    flags: m[4] ?? '',
    timestamp: Number(m[5]),
    event: m[6] as string,
    text: body,
    fields: parseFields(body),
  };
}

/** How many events may wait to be put in timestamp order: an event later than this many others is IL502. */
export const DEFAULT_REORDER_WINDOW = 4096;

/**
 * The events of an ftrace text log in timestamp order across CPUs, streamed. Lines that do not start an event
 * continue the previous one (TP_printk formats with `\n`). Per-CPU buffers printed one after the other are merged
 * through a window of `window` events (memory stays bounded); an event that would have to go before one already
 * given is IL502, naming both lines. Equal timestamps keep the order of the file.
 */
export async function* ftraceEvents(file: string, lines: AsyncIterable<NumberedLine>, window = DEFAULT_REORDER_WINDOW): AsyncGenerator<FtraceEvent> {
  // Sorted by (timestamp, line); logs are mostly in order already, so inserting from the end is cheap.
  const pending: FtraceEvent[] = [];
  let head = 0;
  let current: FtraceEvent | undefined;
  let last: FtraceEvent | undefined;
  const push = (event: FtraceEvent): void => {
    if (last !== undefined && event.timestamp < last.timestamp) {
      throw malformed(
        file,
        event.line,
        `its timestamp ${event.timestamp.toFixed(6)} is earlier than that of line ${last.line} (${last.timestamp.toFixed(6)}), which is more than ${window} events before it`,
        'Give the log in timestamp order (trace-cmd report merges CPUs in order), or a larger --reorder-window.',
      );
    }
    let i = pending.length;
    while (i > head && (pending[i - 1] as FtraceEvent).timestamp > event.timestamp) i--;
    pending.splice(i, 0, event);
  };
  for await (const l of lines) {
    const event = parseFtraceLine(l);
    if (event === undefined) {
      if (isChrome(l.text)) continue;
      if (current === undefined) {
        throw malformed(file, l.line, 'it is not an ftrace event line', 'Lines must look like `task-1234 [001] d..2. 1234.567890: event_name: fields`, as trace-cmd report prints them.');
      }
      current = { ...current, text: `${current.text}\n${l.text}`, fields: { ...current.fields, ...parseFields(l.text) } };
      continue;
    }
    if (current !== undefined) push(current);
    current = event;
    while (pending.length - head > window) {
      last = pending[head++] as FtraceEvent;
      yield last;
      if (head >= window) {
        pending.splice(0, head);
        head = 0;
      }
    }
  }
  if (current !== undefined) push(current);
  for (let i = head; i < pending.length; i++) yield pending[i] as FtraceEvent;
}
