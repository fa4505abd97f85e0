import { describe, expect, it } from 'vitest';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { MovedReader, MovedWriter } from '../../../src/search/bfs/parallel/moved-states';
import type { Moved } from '../../../src/search/bfs/parallel/protocol';
import { isInternalized } from '../../support/internalized';

const states = [
  { rm: { r1: 'working', r2: 'prepared' }, tm: 'init', msgs: new Set([{ type: 'Prepared', rm: 'r2' }]) },
  { rm: { r1: 'aborted', r2: 'prepared' }, tm: 'aborted', msgs: new Set([{ type: 'Prepared', rm: 'r2' }, { type: 'Abort' }]) },
  [1, -7, 2.5, null, true, 'x'.repeat(100), new Map<unknown, unknown>([[1, 'a'], ['k', [2]]])],
];

function readAll(moved: Moved): [number, unknown][] {
  const reader = new MovedReader(moved);
  const out: [number, unknown][] = [];
  while (reader.take()) out.push([reader.id, reader.state]);
  expect(reader.left).toBe(0);
  return out;
}

/** The states moved, and what a port delivers of them on its other side. */
function sentThroughPort(): { moved: Moved; got: Moved } {
  const writer = new MovedWriter();
  states.forEach((s, i) => writer.add(s, i));
  const moved = writer.finish();
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(moved);
  const got = receiveMessageOnPort(port2)?.message as Moved;
  port1.close();
  return { moved, got };
}

describe('moved states', () => {
  it('come back equal, with their ids, in order', () => {
    const writer = new MovedWriter();
    states.forEach((s, i) => writer.add(s, 1000 + i));
    const moved = writer.finish();
    expect(moved.count).toBe(3);
    expect(readAll(moved)).toEqual(states.map((s, i) => [1000 + i, s]));
  });

  it('cross a port as a copy, and are read there with the table they carry', () => {
    const { moved, got } = sentThroughPort();
    // Copied, not transferred: the sender's buffer is not detached.
    expect(moved.bytes.byteLength).toBeGreaterThan(0);
    expect(got.bytes.byteLength).toBe(moved.bytes.byteLength);
    expect(readAll(got)).toEqual(states.map((s, i) => [i, s]));
  });

  it("read on the other side, its short strings are V8's one copy of their text, as the model's literals are", () => {
    const { got } = sentThroughPort();
    // What crossed the port is a copy of each string of the table...
    expect(got.strings).toContain('working');
    expect(got.strings.some((s) => !isInternalized(s))).toBe(true);
    // ...but the states read with it hold the internalized strings (compared by pointer, not by characters).
    const read = readAll(got).map(([, s]) => s);
    type Twophase = { rm: Record<string, string>; tm: string; msgs: Set<{ rm?: string }> };
    const first = read[0] as Twophase;
    const second = read[1] as Twophase;
    expect(isInternalized(first.rm.r1 as string)).toBe(true);
    expect(isInternalized(second.tm)).toBe(true);
    expect([...first.msgs].every((m) => isInternalized(m.rm as string))).toBe(true);
    // Strings past the table's 64 characters are not made V8's one copy: most are never met again.
    expect(isInternalized((read[2] as unknown[])[5] as string)).toBe(false);
  });

  it('an empty share reads back as no states', () => {
    const moved = new MovedWriter().finish();
    expect(moved.count).toBe(0);
    expect(readAll(moved)).toEqual([]);
  });
});
