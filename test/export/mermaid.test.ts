import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/export/mermaid';
import { viewTrace } from '../../src/graph/trace-view';
import { lasso, race, raceViolation, stutter } from '../graph/fixtures/traces';

describe('Mermaid', () => {
  it('draws the race as a sequence diagram, one participant per actor, notes with the changed fields', () => {
    expect(toMermaid(viewTrace(raceViolation(), { model: race }))).toBe(
      [
        'sequenceDiagram',
        '  title counter-race: invariant NoLostUpdate violated',
        '  participant A1 as task1',
        '  participant A2 as task2',
        '  Note over A1,A2: initial state<br/>counter = 0<br/>tmp = { task1: null, task2: null }<br/>pc = {"task1" ↦ "read", "task2" ↦ "read"}<br/>done = Set{}',
        '  A1->>A1: 1. read',
        '  Note right of A1: tmp.task1: null → 0<br/>pc.get("task1"): "read" → "write"',
        '  A2->>A2: 2. read',
        '  Note right of A2: tmp.task2: null → 0<br/>pc.get("task2"): "read" → "write"',
        '  A1->>A1: 3. write',
        '  Note right of A1: counter: 0 → 1<br/>pc.get("task1"): "write" → "done"<br/>done: Set{} → {"task1"}',
        '  A2->>A2: 4. write',
        '  Note right of A2: pc.get("task2"): "write" → "done"<br/>done: {"task1"} → {"task1", "task2"}',
        '  Note over A1,A2: ✗ invariant NoLostUpdate is false here',
        '',
      ].join('\n'),
    );
  });

  it('puts a lasso loop in a loop block', () => {
    const lines = toMermaid(viewTrace(lasso())).split('\n');
    expect(lines.filter((l) => /^ {2}participant /.test(l))).toEqual(['  participant A1 as worker', '  participant A2 as reclaim']);
    const open = lines.indexOf('  loop repeats forever');
    expect(lines[open - 1]).toBe('  Note right of A1: x: 0 → 1<br/>seen: {0} → {1}');
    expect(lines[open + 1]).toBe('  A1->>A1: 2. inc');
    expect(lines.indexOf('  end')).toBe(open + 5);
    expect(lines[open + 6]).toBe('  Note over A1,A2: ✗ liveness property EventuallyDone violated: the loop repeats forever');
  });

  it('ends a stuttering trace with a note and no loop block', () => {
    const lines = toMermaid(viewTrace(stutter())).trimEnd().split('\n');
    expect(lines).not.toContain('  loop repeats forever');
    expect(lines[lines.length - 1]).toBe('  Note over A1: ✗ liveness property EventuallyDone violated: the behaviour stops here and stutters forever');
  });

  it('escapes characters that end statements', () => {
    const trace = [
      { action: null, state: { s: 'a' } },
      { action: { type: 'set', actor: 'reclaim worker' }, state: { s: 'x; y #1' } },
    ];
    const text = toMermaid(viewTrace({ trace }));
    expect(text).toContain('  participant A1 as reclaim worker\n');
    expect(text).toContain('  Note right of A1: s: "a" → "x#59; y #35;1"\n');
  });
});
