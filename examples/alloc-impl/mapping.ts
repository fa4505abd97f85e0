import type { FtraceEvent, LogExpectation, TraceMapping } from 'interleave';

/**
 * Maps the allocator implementation's tracepoints (examples/alloc-impl/task.mjs) to steps of
 * models/alloc/early-bucket-race.ts, with what each event observes of the state after it.
 */
const num = (text: string, name: string): number => {
  const m = new RegExp(`\\b${name} (\\d+)`).exec(text);
  if (m === null) throw new Error(`no "${name} <n>" in "${text}"`);
  return Number(m[1]);
};

function map(record: Record<string, unknown> | FtraceEvent): LogExpectation | undefined {
  const e = record as FtraceEvent;
  const task = num(e.text, 'task');
  const t = `tasks.${task - 1}`;
  switch (e.event) {
    case 'alloc_scan_found': {
      const bucket = num(e.text, 'bucket');
      return { action: { type: 'select_bucket', task, bucket }, state: { [`${t}.bucket`]: bucket } };
    }
    case 'alloc_cached_lookup':
      return { action: { type: 'lookup_cached', task }, state: { [`${t}.pc`]: / key free/.test(e.text) ? 'selected' : 'idle' } };
    case 'open_bucket_alloc': {
      const bucket = num(e.text, 'bucket');
      return / ret 0$/.test(e.text)
        ? { action: { type: 'open_bucket', task }, state: { [`open.${bucket}`]: true, [`${t}.pc`]: 'opened' } }
        : { action: { type: 'open_bucket', task }, state: { [`${t}.pc`]: 'idle' } };
    }
    case 'write_done':
      return { action: { type: 'write_data', task } };
    case 'alloc_key_update':
      return { action: { type: 'update_alloc_key', task }, state: { [`keyCache.${num(e.text, 'bucket')}.key`]: 'user' } };
    case 'open_bucket_put':
      return { action: { type: 'release_bucket', task }, state: { [`open.${num(e.text, 'bucket')}`]: false } };
    case 'bucket_alloc_fail':
      return { action: { type: 'alloc_fail', task } };
    default:
      return undefined;
  }
}

const mapping: TraceMapping = {
  map,
  // Steps the implementation may take without a tracepoint, with --max-silent: the key-cache lookup of the fix.
  silent: ['lookup_cached'],
  params: { tasks: 2, buckets: 2 },
};
export default mapping;
