import { describe, expect, it } from 'vitest';
import { MultiDirectedGraph } from 'graphology';
import { readGraphJson, toGraphJson } from '../../src/export/json';
import { buildStateSpaceGraph } from '../../src/graph/state-space-graph';
import { buildTraceGraph } from '../../src/graph/trace-graph';
import { race, raceViolation } from '../graph/fixtures/traces';

describe('graphology JSON', () => {
  it('is graphology serialisation that graphology imports', () => {
    const g = buildStateSpaceGraph(race, { maxStates: 100 });
    const data = JSON.parse(toGraphJson(g)) as { options: unknown; nodes: Array<{ key: string; attributes: { state: unknown } }> };
    expect(data.options).toEqual({ type: 'directed', multi: true, allowSelfLoops: true });
    expect(data.nodes[0]?.attributes.state).toEqual({
      counter: 0,
      tmp: { task1: { '#unserializable': 'null' }, task2: { '#unserializable': 'null' } },
      pc: { '#map': [['task1', 'read'], ['task2', 'read']] },
      done: { '#set': [] },
    });
    const imported = MultiDirectedGraph.from(data as never);
    expect(imported.order).toBe(13);
    expect(imported.size).toBe(14);
  });

  it('round-trips state values, edges and graph attributes', () => {
    for (const g of [buildStateSpaceGraph(race, { maxStates: 100 }), buildTraceGraph(raceViolation(), { model: race })]) {
      const back = readGraphJson(toGraphJson(g));
      expect(back.getAttributes()).toEqual(g.getAttributes());
      expect(back.mapNodes((k, a) => [k, a])).toEqual(g.mapNodes((k, a) => [k, a]));
      expect(back.mapEdges((k, a, s, t) => [k, s, t, a])).toEqual(g.mapEdges((k, a, s, t) => [k, s, t, a]));
    }
  });

  it('rejects unusable files with IL403', () => {
    expect(() => readGraphJson('nope')).toThrow(expect.objectContaining({ code: 'IL403' }));
    expect(() => readGraphJson('{"options": {"multi": false}, "nodes": []}')).toThrow(expect.objectContaining({ code: 'IL403' }));
    expect(() => readGraphJson('{"attributes": {"kind": "trace"}, "nodes": [{"key": "a", "attributes": {}}]}')).toThrow(
      expect.objectContaining({ code: 'IL403' }),
    );
  });
});
