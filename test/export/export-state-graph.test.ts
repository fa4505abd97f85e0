import { describe, expect, it } from 'vitest';
import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-graphml';
import { exportStateGraph, type GraphFormat } from '../../src/export/export-state-graph';
import { readGraphJson } from '../../src/export/json';
import { race } from '../graph/fixtures/traces';

describe('exportStateGraph', () => {
  it('writes the whole state space in each format', async () => {
    const dot = await exportStateGraph(race, undefined, { format: 'dot' });
    expect(dot.match(/ -> /g)).toHaveLength(14);
    expect(parse(MultiDirectedGraph, await exportStateGraph(race, { tasks: 3 }, { format: 'graphml' })).order).toBe(84);
    expect(readGraphJson(await exportStateGraph(race, undefined, { format: 'json' })).size).toBe(14);
    const svg = await exportStateGraph(race, undefined, { format: 'svg' });
    expect(svg.match(/class="node"/g)).toHaveLength(13);
  });

  it('refuses a state space over the cap and an unknown format with IL101', async () => {
    await expect(exportStateGraph(race, { tasks: 3 }, { format: 'dot', maxStates: 83 })).rejects.toMatchObject({ code: 'IL101' });
    await expect(exportStateGraph(race, undefined, { format: 'png' as GraphFormat })).rejects.toMatchObject({ code: 'IL101' });
  });
});
