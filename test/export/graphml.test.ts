import { describe, expect, it } from 'vitest';
import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-graphml';
import { readGraphml, toGraphml } from '../../src/export/graphml';
import { buildTraceGraph } from '../../src/graph/trace-graph';
import { buildStateSpaceGraph } from '../../src/graph/state-space-graph';
import { lasso, race, raceViolation } from '../graph/fixtures/traces';

describe('GraphML', () => {
  it('is read by graphology-graphml with typed attributes', () => {
    const g = buildTraceGraph(raceViolation(), { model: race });
    const parsed = parse(MultiDirectedGraph, toGraphml(g));
    expect(parsed.type).toBe('directed');
    expect(parsed.nodes()).toEqual(g.nodes());
    expect(parsed.edges()).toEqual(['step-1', 'step-2', 'step-3', 'step-4']);
    expect(parsed.mapNodes((_, a) => a.depth)).toEqual([1, 2, 3, 4, 5]);
    expect(parsed.mapNodes((_, a) => a.violating)).toEqual([false, false, false, false, true]);
    expect(parsed.mapNodes((_, a) => a.label)).toEqual(['#0', '#1', '#2', '#3', '#4']);
    expect(parsed.mapEdges((_, a) => `${a.actor as string}: ${a.label as string}`)).toEqual([
      'task1: read',
      'task2: read',
      'task1: write',
      'task2: write',
    ]);
    expect(parsed.getAttribute('model')).toBe('counter-race');
  });

  it('round-trips a trace graph, states included', () => {
    const g = buildTraceGraph(raceViolation(3), { model: race, params: { tasks: 3 } });
    const back = readGraphml(toGraphml(g));
    expect(back.getAttributes()).toEqual(g.getAttributes());
    expect(back.nodes()).toEqual(g.nodes());
    expect(back.mapNodes((_, a) => a)).toEqual(g.mapNodes((_, a) => a));
    expect(back.mapEdges((_, a) => a)).toEqual(g.mapEdges((_, a) => a));
  });

  it('round-trips a lasso and a whole state space', () => {
    const l = buildTraceGraph(lasso());
    const lb = readGraphml(toGraphml(l));
    expect(lb.mapEdges((_, a, s, t) => [s, t, a.loop, a.closesLoop])).toEqual(l.mapEdges((_, a, s, t) => [s, t, a.loop, a.closesLoop]));
    const s = buildStateSpaceGraph(race, { maxStates: 100 });
    const sb = readGraphml(toGraphml(s));
    expect(sb.order).toBe(13);
    expect(sb.size).toBe(14);
    expect(sb.mapNodes((_, a) => a.state)).toEqual(s.mapNodes((_, a) => a.state));
    expect(sb.mapEdges((_, a) => a.counterexample)).toEqual(s.mapEdges((_, a) => a.counterexample));
  });

  it('escapes markup in values', () => {
    const trace = [
      { action: null, state: { note: '<a href="x">&\'</a>' } },
      { action: { type: 'say<>', actor: 'a&b' }, state: { note: ']]> done' } },
    ];
    const g = buildTraceGraph({ trace });
    const back = readGraphml(toGraphml(g));
    expect(back.mapNodes((_, a) => a.state)).toEqual(trace.map((s) => s.state));
    expect(back.mapEdges((_, a) => [a.actor, a.label])).toEqual([['a&b', 'say<>']]);
  });

  it('rejects a file that is not GraphML with IL403', () => {
    expect(() => readGraphml('<graphml><graph><node id="a"/><edge source="a" target="b"/></graph></graphml>')).toThrow(
      expect.objectContaining({ code: 'IL403' }),
    );
  });
});
