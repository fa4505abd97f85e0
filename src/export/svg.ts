import { instance, type Viz } from '@viz-js/viz';

/** Graphviz rejected the DOT text (a bug in the exporter, or hand-written DOT). */
export class GraphvizError extends Error {
  override readonly name = 'GraphvizError';
}

let viz: Promise<Viz> | undefined;

/** Renders DOT to SVG with Graphviz compiled to WebAssembly (shipped in the npm package; nothing is fetched). */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    throw new GraphvizError(`Graphviz could not render the graph: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}
