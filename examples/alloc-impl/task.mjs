// One allocating writer of the early bucket allocator (bch2_bucket_alloc_early), running on its own thread
// against allocator state in shared memory. Each step runs under one step lock and emits its tracepoint inside
// it, as a tracepoint in a critical section does: the log's order is the order the steps took effect.
import { workerData, parentPort } from 'node:worker_threads';
import { layout } from './layout.mjs';

const { shared, clock, task, tasks, buckets, variant, maxDelayMs } = workerData;
const mem = new Int32Array(shared);
const time = new BigInt64Array(clock);
const L = layout(buckets, tasks);
const i = task - 1;
const cpu = i;
const comm = `alloc_task${task}`;
const pid = 4200 + task;
const lines = [];

// Key cache slot: 0 absent, else 1 + key * 2 + dirty, key 0 = free, 1 = user.
const kcKey = (v) => (v === 0 ? null : (v - 1) >> 1);
const visible = (b) => (mem[L.KC + b] !== 0 ? kcKey(mem[L.KC + b]) : mem[L.BT + b]);
const keyName = (k) => (k === 0 ? 'free' : 'user');

function lock() {
  while (Atomics.compareExchange(mem, 0, 0, 1) !== 0) Atomics.wait(mem, 0, 1, 1);
}
function unlock() {
  Atomics.store(mem, 0, 0);
  Atomics.notify(mem, 0, 1);
}

/** Emits one event in the ftrace text format; timestamps are microseconds, strictly increasing across threads. */
function trace(event, text) {
  const now = process.hrtime.bigint() / 1000n;
  const ts = now > time[0] ? now : time[0] + 1n;
  time[0] = ts;
  const sec = ts / 1000000n;
  const usec = String(ts % 1000000n).padStart(6, '0');
  lines.push(`${`${comm}-${pid}`.padStart(16)} [${String(cpu).padStart(3, '0')}] ..... ${String(sec).padStart(5)}.${usec}: ${event}: ${text}`);
}

const delay = new Int32Array(new SharedArrayBuffer(4));
function pause() {
  const ms = Math.random() * maxDelayMs;
  if (ms >= 0.05) Atomics.wait(delay, 0, 0, ms);
}

/** Runs `fn` as one step; it returns false when the step has to wait (nothing changed, nothing logged). */
function step(fn) {
  for (;;) {
    lock();
    let done;
    try {
      done = fn();
    } finally {
      unlock();
    }
    if (done !== false) return;
    pause();
  }
}

let pc = 'idle';
let bucket = -1;
const setLocks = (btree, cache) => {
  mem[L.BL + i] = btree + 1;
  mem[L.CL + i] = cache + 1;
};
const otherHoldsCacheLock = (b) => Array.from({ length: tasks }, (_, t) => t).some((t) => t !== i && mem[L.CL + t] === b + 1);

while (pc !== 'done' && pc !== 'failed') {
  pause();
  step(() => {
    switch (pc) {
      case 'idle': {
        // The scan: the first bucket whose key (key cache over btree) is free.
        let b = -1;
        for (let x = 0; x < buckets; x++) if (visible(x) === 0) { b = x; break; }
        if (b < 0) {
          pc = 'failed';
          trace('bucket_alloc_fail', `254,0 task ${task} ret -BCH_ERR_freelist_empty`);
          return true;
        }
        bucket = b;
        // An existing key-cache entry stays locked by the scan's path; an absent one is not locked.
        setLocks(b, mem[L.KC + b] !== 0 ? b : -1);
        pc = variant === 'buggy' ? 'selected' : 'scanned';
        trace('alloc_scan_found', `254,0 task ${task} bucket ${b} key free`);
        return true;
      }
      case 'scanned': {
        // The fix: a BTREE_ITER_CACHED lookup fills and locks the key-cache entry, then rechecks the key.
        const b = bucket;
        if (mem[L.KC + b] === 0) mem[L.KC + b] = 1 + mem[L.BT + b] * 2;
        const key = visible(b);
        if (key === 0) {
          mem[L.CL + i] = b + 1;
          pc = 'selected';
        } else {
          setLocks(-1, -1);
          pc = 'idle';
        }
        trace('alloc_cached_lookup', `254,0 task ${task} bucket ${b} key ${keyName(key)}`);
        return true;
      }
      case 'selected': {
        const b = bucket;
        setLocks(-1, -1);
        if (mem[L.OPEN + b] !== 0) {
          pc = 'idle';
          trace('open_bucket_alloc', `254,0 task ${task} bucket ${b} ret -EBUSY`);
        } else {
          mem[L.OPEN + b] = 1;
          pc = 'opened';
          trace('open_bucket_alloc', `254,0 task ${task} bucket ${b} ret 0`);
        }
        return true;
      }
      case 'opened':
        pc = 'written';
        trace('write_done', `254,0 task ${task} bucket ${bucket} sectors 128`);
        return true;
      case 'written': {
        const b = bucket;
        // The alloc key update needs the key-cache slot's write lock.
        if (otherHoldsCacheLock(b)) return false;
        mem[L.KC + b] = 1 + 1 * 2 + 1;
        Atomics.add(mem, L.BP + b, 1);
        pc = 'updated';
        trace('alloc_key_update', `254,0 task ${task} bucket ${b} data_type user`);
        return true;
      }
      case 'updated':
        mem[L.OPEN + bucket] = 0;
        pc = 'done';
        trace('open_bucket_put', `254,0 task ${task} bucket ${bucket}`);
        return true;
    }
    throw new Error(`task ${task}: unknown pc ${pc}`);
  });
}
parentPort.postMessage({ cpu, lines });
