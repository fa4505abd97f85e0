import { describe, expect, it } from 'vitest';
import type { NumberedLine } from '../../src/validate/read-lines';
import { ftraceEvents, parseFtraceLine } from '../../src/validate/ftrace';

async function events(text: string, window?: number) {
  async function* lines(): AsyncGenerator<NumberedLine> {
    let line = 0;
    for (const t of text.split('\n')) yield { line: ++line, text: t };
  }
  const out = [];
  for await (const e of ftraceEvents('t.txt', lines(), window)) out.push(e);
  return out;
}

// Lines in the formats of fs/bcachefs/debug/trace.h (koverstreet/bcachefs-tools, libbcachefs/debug/trace.h):
// journal_reclaim_start  "%d,%d direct %u kicked %u min %llu key cache %llu btree cache %llu/%llu key cache %llu/%llu"
// journal_reclaim_finish "%d,%d flushed %llu"
// btree_path_alloc       "path %3u btree %s locks_want %u pos %llu:%llu:%u"
// btree_path_relock_fail "%s %pS\nidx %2u btree %s pos %llu:%llu:%u level %u node %s held %u:%u lock count %u:%u iter seq %u lock seq %u"
const BCACHEFS = `cpus=2
  bch-reclaim/254:0-1234  [001] ...1.  5678.000100: journal_reclaim_start: 254,0 direct 0 kicked 1 min 0 key cache 12 btree cache 3/120 key cache 40/512
     kworker/u8:3-88    [000] .....  5678.000050: btree_path_alloc: path   4 btree alloc locks_want 1 pos 0:17:0
            fsck-2001  [000] d..2.  5678.000200: btree_path_relock_fail: bch2_btree_iter_peek_slot bch2_bucket_alloc_early+0x1c0/0x5a0
idx  3 btree alloc pos 0:17:0 level 0 node 00000000deadbeef held 1:0 lock count 1:0 iter seq 8 lock seq 10
  bch-reclaim/254:0-1234  [001] ...1.  5678.000300: journal_reclaim_finish: 254,0 flushed 12`;

describe('ftrace text logs', () => {
  it('parses bcachefs tracepoint lines as trace-cmd report prints them, in timestamp order across CPUs', async () => {
    const es = await events(BCACHEFS);
    expect(es.map((e) => [e.line, e.task, e.pid, e.cpu, e.flags, e.timestamp, e.event])).toEqual([
      [3, 'kworker/u8:3', 88, 0, '.....', 5678.00005, 'btree_path_alloc'],
      [2, 'bch-reclaim/254:0', 1234, 1, '...1.', 5678.0001, 'journal_reclaim_start'],
      [4, 'fsck', 2001, 0, 'd..2.', 5678.0002, 'btree_path_relock_fail'],
      [6, 'bch-reclaim/254:0', 1234, 1, '...1.', 5678.0003, 'journal_reclaim_finish'],
    ]);
    expect(es[1]?.text).toBe('254,0 direct 0 kicked 1 min 0 key cache 12 btree cache 3/120 key cache 40/512');
    // A TP_printk with "\n" continues on the next line.
    expect(es[2]?.text).toBe('bch2_btree_iter_peek_slot bch2_bucket_alloc_early+0x1c0/0x5a0\nidx  3 btree alloc pos 0:17:0 level 0 node 00000000deadbeef held 1:0 lock count 1:0 iter seq 8 lock seq 10');
    expect(es[3]?.text).toBe('254,0 flushed 12');
  });

  it('reads key=value fields, the tgid column of trace-cmd and event names with their system', () => {
    const e = parseFtraceLine({ line: 1, text: '  writer-77  (   70) [003] ..... 12.000001: sched:sched_waking: comm=worker pid=81 prio=120 target_cpu=002 name="a b"' });
    expect(e).toMatchObject({ task: 'writer', pid: 77, cpu: 3, timestamp: 12.000001, event: 'sched:sched_waking' });
    expect(e?.fields).toEqual({ comm: 'worker', pid: 81, prio: 120, target_cpu: 2, name: 'a b' });
    expect(parseFtraceLine({ line: 1, text: 'not an event' })).toBeUndefined();
  });

  it('merges per-CPU blocks (each CPU in time order) within the reorder window', async () => {
    const perCpu = ['t1-1 [000] ..... 1.000001: a: n=1', 't1-1 [000] ..... 1.000004: a: n=4', 't2-2 [001] ..... 1.000002: b: n=2', 't2-2 [001] ..... 1.000003: b: n=3'].join('\n');
    expect((await events(perCpu)).map((e) => e.fields['n'])).toEqual([1, 2, 3, 4]);
    // With no window, line 3 comes after line 2 (1.000004) was given out: IL502 naming both.
    await expect(events(perCpu, 0)).rejects.toMatchObject({ code: 'IL502', message: expect.stringContaining('Line 3 of the log t.txt is malformed: its timestamp 1.000002 is earlier than that of line 2') });
  });

  it('rejects a log whose first line is not an event (IL502)', async () => {
    await expect(events('hello\nt1-1 [000] ..... 1.0: a: x')).rejects.toMatchObject({ code: 'IL502', message: expect.stringContaining('Line 1') });
  });
});
