import { describe, expect, it } from 'vitest';
import { toHtml } from '../../src/export/html';
import { toDot } from '../../src/export/dot';
import { renderSvg } from '../../src/export/svg';
import { viewTrace } from '../../src/graph/trace-view';
import { traceGraphOf } from '../../src/graph/trace-graph';
import type { TraceSource } from '../../src/graph/trace-view';
import { lasso, race, raceViolation, scriptedTrace, stutter } from '../graph/fixtures/traces';

async function page(source: TraceSource, params?: Record<string, number>): Promise<string> {
  const view = viewTrace(source, { model: race, ...(params ? { params } : {}) });
  return toHtml(view, await renderSvg(toDot(traceGraphOf(view))));
}

/** Ten tasks: eight increment one after the other, then the last two race (20 steps). */
function longRace(): TraceSource {
  const actions = [];
  for (let i = 1; i <= 8; i++) actions.push({ type: 'read', actor: `task${i}` }, { type: 'write', actor: `task${i}` });
  actions.push(
    { type: 'read', actor: 'task9' },
    { type: 'read', actor: 'task10' },
    { type: 'write', actor: 'task9' },
    { type: 'write', actor: 'task10' },
  );
  return { kind: 'invariant', name: 'NoLostUpdate', trace: scriptedTrace(race, { tasks: 10 }, actions) };
}

describe('HTML viewer', () => {
  it('has a section per step, a lanes table with a column per actor, and the inline SVG', async () => {
    const html = await page(raceViolation());
    expect(html.match(/<section class="step"/g)).toHaveLength(5);
    expect(html).toContain('<thead><tr><th>#</th><th>task1</th><th>task2</th></tr></thead>');
    expect(html.match(/<tr class="chg"><td class="path">/g)).toHaveLength(9);
    expect(html).toContain('<tr class="chg"><td class="path">counter</td><td class="before">0</td><td class="after">1</td></tr>');
    expect(html).toContain('<div class="row chg" data-path="$.counter"><span class="k">counter</span>: <span class="v">1</span></div>');
    expect(html).toContain('Invariant NoLostUpdate is violated after 4 steps');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<?xml');
    // Every step names an SVG element that exists.
    for (const [, id] of html.matchAll(/data-node="([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
  });

  it('needs no network: no external references, and a policy that forbids loading', async () => {
    const html = await page(raceViolation());
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link\b/);
  });

  it('keeps a 20-step trace well under 1 MB', async () => {
    const source = longRace();
    expect(source.trace).toHaveLength(21);
    const html = await page(source, { tasks: 10 });
    expect(html.match(/<section class="step"/g)).toHaveLength(21);
    expect(html).toContain('<th>task10</th>');
    // 121,446 bytes when this test was written; the bound catches a page that grows with the square of the trace.
    expect(Buffer.byteLength(html)).toBeLessThan(150_000);
  });

  it('shows a lasso loop and a trace without steps', async () => {
    const view = viewTrace(lasso());
    const html = toHtml(view, await renderSvg(toDot(traceGraphOf(view))));
    expect(html).toContain('↻ back to the state of step 1: the loop repeats forever');
    expect(html.match(/<tr class="loop"/g)).toHaveLength(2);
    const stops = toHtml(viewTrace(stutter()), '<svg></svg>');
    expect(stops).toContain('the behaviour stops at step 1 and stutters forever');
    expect(stops).toContain('<span class="badge loop">↻ the behaviour stops here and stutters forever</span>');
    const empty = toHtml(viewTrace({ kind: 'unreachable', name: 'SomeDone', trace: [] }), '<svg></svg>');
    expect(empty).toContain('No reachable state satisfies SomeDone');
    expect(empty).toContain('There is no trace to show');
  });

  it('names a deadlock and an action invariant broken by a step', async () => {
    const v = raceViolation();
    const deadlock = toHtml(viewTrace({ kind: 'deadlock', name: 'Deadlock', trace: v.trace }), '<svg></svg>');
    expect(deadlock).toContain('Deadlock after 4 steps: no action is enabled');
    expect(deadlock).toContain('<span class="badge fail">✗ deadlock: no action is enabled here</span>');
    const broken = toHtml(viewTrace({ kind: 'action-invariant', name: 'OneAtATime', trace: v.trace }), '<svg></svg>');
    expect(broken).toContain('Action invariant OneAtATime is broken by step 4');
    expect(broken).toContain('<span class="badge fail">✗ action invariant OneAtATime broken by this step</span>');
  });

  it('escapes text from the model', async () => {
    const trace = [
      { action: null, state: { s: '<b>' } },
      { action: { type: '<script>', actor: '"x"' }, state: { s: '</section>' } },
    ];
    const view = viewTrace({ trace });
    const html = toHtml(view, await renderSvg(toDot(traceGraphOf(view))));
    expect(html).not.toContain('<script>"');
    expect(html).toContain('&lt;script&gt;');
    expect(html.match(/<\/section>/g)).toHaveLength(2);
  });
});

describe('HTML viewer values', () => {
  it('shows a changed value whole in the lanes table, however long (only the terminal cuts)', async () => {
    const entry = { id: 'journal-write-1', blocks: [{ sector: 0, value: 'D1' }, { sector: 1, value: 'T1' }], fua: false, preflush: true, status: 'in-flight' };
    const trace = [
      { action: null, state: { cache: [] as unknown[] } },
      { action: { type: 'submit', actor: 'journal' }, state: { cache: [entry] } },
    ];
    const view = viewTrace({ kind: 'invariant', name: 'Whole', trace }, { model: { ...race, invariants: { Whole: () => true } } as typeof race });
    const html = toHtml(view, '');
    const whole = '{ id: &quot;journal-write-1&quot;, blocks: [{ sector: 0, value: &quot;D1&quot; }, { sector: 1, value: &quot;T1&quot; }], fua: false, preflush: true, status: &quot;in-flight&quot; }';
    expect(html).toContain(`<span class="chgs">cache[0] = ${whole}</span>`);
    expect(html).not.toContain('…');
  });
});
