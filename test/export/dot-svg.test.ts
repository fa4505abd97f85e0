import { describe, expect, it } from 'vitest';
import { edgeElementId, nodeElementId, toDot } from '../../src/export/dot';
import { renderSvg } from '../../src/export/svg';
import { buildTraceGraph } from '../../src/graph/trace-graph';
import { buildStateSpaceGraph } from '../../src/graph/state-space-graph';
import { lasso, race, raceViolation, stutter } from '../graph/fixtures/traces';

describe('DOT and SVG', () => {
  it('renders a trace graph with Graphviz, keeping node and edge ids', async () => {
    const g = buildTraceGraph(raceViolation(), { model: race });
    const dot = toDot(g);
    expect(dot.startsWith('digraph "counter-race" {')).toBe(true);
    expect(dot).toContain('label="4. task2: write"');
    expect(dot).toContain('\\lcounter = 1\\l');
    // Graphviz writes `-` in ids as the entity &#45;, which the DOM decodes.
    const svg = (await renderSvg(dot)).replace(/&#45;/g, '-');
    expect(svg).toContain('<svg');
    for (const key of g.nodes()) expect(svg).toContain(`id="${nodeElementId(key)}"`);
    for (const key of g.edges()) expect(svg).toContain(`id="${edgeElementId(key)}"`);
    expect(svg).toContain('✗ NoLostUpdate');
  });

  it('renders a lasso and a whole state space', async () => {
    const l = toDot(buildTraceGraph(lasso()));
    expect(l).toContain('constraint=false');
    expect(l).toContain('↻ loop starts here');
    expect(toDot(buildTraceGraph(stutter()))).toContain('\\l↻ stutters here forever\\l');
    expect(await renderSvg(l)).toContain('3. reclaim: dec');
    const s = buildStateSpaceGraph(race, { maxStates: 100, params: { tasks: 3 } });
    const svg = await renderSvg(toDot(s));
    expect(svg.match(/class="node"/g)).toHaveLength(84);
    expect(svg.match(/class="edge"/g)).toHaveLength(111);
  });

  it('escapes quotes, backslashes and newlines in labels', async () => {
    const trace = [
      { action: null, state: { text: 'say "hi" \\N\nnext' } },
      { action: { type: 'quote"d', actor: 'a\\b' }, state: { text: '' } },
    ];
    const svg = await renderSvg(toDot(buildTraceGraph({ trace })));
    expect(svg).toContain('text = &quot;say \\&quot;hi\\&quot; \\\\N\\nnext&quot;');
    expect(svg).toContain('1. a\\b: quote&quot;d');
  });

  it('rejects DOT that Graphviz cannot read', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toMatchObject({ name: 'GraphvizError' });
  });
});
