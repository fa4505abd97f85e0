import { describe, expect, it } from 'vitest';
import { defineModel } from 'interleave';
import { buildTraceGraph } from '../../src/graph/trace-graph';
import { fingerprint } from '../../src/state/fingerprint';
import type { AnyModel } from '../../src/model/types';
import { lasso, race, raceViolation } from './fixtures/traces';

describe('buildTraceGraph', () => {
  it('has a node per state keyed by fingerprint and an edge per step with label and actor', () => {
    const v = raceViolation();
    const g = buildTraceGraph(v, { model: race });
    expect(g.order).toBe(5);
    expect(g.size).toBe(4);
    expect(g.nodes()).toEqual(v.trace.map((s) => fingerprint(s.state)));
    expect(g.mapEdges((_, a) => a.label)).toEqual(['read', 'read', 'write', 'write']);
    expect(g.mapEdges((_, a) => a.actor)).toEqual(['task1', 'task2', 'task1', 'task2']);
    expect(g.mapEdges((_, a) => a.step)).toEqual([1, 2, 3, 4]);
    expect(g.mapEdges((_, a) => a.action)).toEqual(v.trace.slice(1).map((s) => s.action));
    expect(g.getAttributes()).toMatchObject({ kind: 'trace', model: 'counter-race', violation: { kind: 'invariant', name: 'NoLostUpdate' } });
  });

  it('records depth, changed paths, failing invariants, and marks the initial and the violating state', () => {
    const v = raceViolation();
    const g = buildTraceGraph(v, { model: race });
    const nodes = g.mapNodes((_, a) => a);
    expect(nodes.map((a) => a.depth)).toEqual([1, 2, 3, 4, 5]);
    expect(nodes.map((a) => a.initial)).toEqual([true, false, false, false, false]);
    expect(nodes.map((a) => a.violating)).toEqual([false, false, false, false, true]);
    expect(nodes.map((a) => a.failing)).toEqual([[], [], [], [], ['NoLostUpdate']]);
    expect(nodes[1]?.changed).toEqual(['$.tmp.task1', '$.pc.get("task1")']);
    expect(nodes[3]?.changed).toEqual(['$.counter', '$.pc.get("task1")', '$.done']);
    expect(g.getEdgeAttribute('step-3', 'changes')).toEqual([
      { path: '$.counter', before: 0, after: 1 },
      { path: '$.pc.get("task1")', before: 'write', after: 'done' },
      { path: '$.done', before: new Set(), after: new Set(['task1']) },
    ]);
  });

  it('without a model, marks only the violated invariant at the end', () => {
    const g = buildTraceGraph(raceViolation());
    expect(g.mapNodes((_, a) => a.failing)).toEqual([[], [], [], [], ['NoLostUpdate']]);
    expect(g.mapEdges((_, a) => a.actor)).toEqual(['task1', 'task2', 'task1', 'task2']);
  });

  it('reuses the node of a repeated state and marks the loop of a lasso', () => {
    const g = buildTraceGraph(lasso());
    expect(g.order).toBe(3);
    expect(g.size).toBe(3);
    const back = g.getNodeAttributes(fingerprint({ x: 1, seen: new Set([1]) }));
    expect(back.steps).toEqual([1, 3]);
    expect(back.depth).toBe(2);
    expect(g.mapEdges((_, a) => [a.loop, a.closesLoop])).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
    expect(g.target('step-3')).toBe(g.target('step-1'));
    expect(g.getAttribute('loopStart')).toBe(1);
    expect(g.mapNodes((_, a) => a.violating)).toEqual([false, false, false]);
  });

  it('marks the last state of a deadlock trace', () => {
    const v = raceViolation();
    const g = buildTraceGraph({ kind: 'deadlock', name: 'Deadlock', trace: v.trace });
    expect(g.mapNodes((_, a) => a.deadlock)).toEqual([false, false, false, false, true]);
  });

  it('takes actors from model.actor, and action invariants onto the edge that breaks them', () => {
    const m = defineModel<{ n: number }, { type: 'up' | 'down'; who: string }, Record<string, never>>({
      name: 'updown',
      params: {},
      init: () => [{ n: 0 }],
      actions: () => [
        { type: 'up', who: 'producer' },
        { type: 'down', who: 'consumer' },
      ],
      next: (s, a) => ({ n: s.n + (a.type === 'up' ? 1 : -1) }),
      invariants: { NonNegative: (s) => s.n >= 0 },
      actionInvariants: { NeverDown: (from, _a, to) => to.n >= from.n },
      actor: (a) => a.who,
    }) as unknown as AnyModel;
    const trace = [
      { action: null, state: { n: 0 } },
      { action: { type: 'up', who: 'producer' }, state: { n: 1 } },
      { action: { type: 'down', who: 'consumer' }, state: { n: 0 } },
    ];
    const g = buildTraceGraph({ kind: 'action-invariant', name: 'NeverDown', trace }, { model: m });
    // n returns to 0: the last step ends at the initial state's node.
    expect(g.order).toBe(2);
    expect(g.mapEdges((_, a) => a.actor)).toEqual(['producer', 'consumer']);
    expect(g.mapEdges((_, a) => a.failing)).toEqual([[], ['NeverDown']]);
    expect(g.mapNodes((_, a) => a.violating)).toEqual([false, false]);
    expect(g.mapNodes((_, a) => a.steps)).toEqual([[0, 2], [1]]);
  });
});
