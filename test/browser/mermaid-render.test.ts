import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHROMIUM, hasChromium } from '../support/tools';
import { chromium, type Browser } from 'playwright-core';
import { toMermaid } from '../../src/export/mermaid';
import { viewTrace } from '../../src/graph/trace-view';
import { lasso, race, raceViolation } from '../graph/fixtures/traces';

const MERMAID = require.resolve('mermaid/dist/mermaid.min.js');
const SCREENSHOTS = path.resolve(__dirname, '../../reports/screenshots');

interface Rendered {
  readonly svg: string;
  readonly texts: string[];
}

describe.skipIf(!hasChromium)(`Mermaid output rendered by Mermaid in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function render(text: string, screenshot?: string): Promise<Rendered> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.setContent('<!DOCTYPE html><html><body style="margin:0;background:#fff"><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    const result = await page.evaluate(async (source: string) => {
      const m = (window as unknown as { mermaid: { initialize(o: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const { svg } = await m.render('diagram', source);
      const out = document.getElementById('out') as HTMLElement;
      out.innerHTML = svg;
      return { svg, texts: [...out.querySelectorAll('text, .noteText, tspan')].map((e) => e.textContent ?? '') };
    }, text);
    if (screenshot) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.locator('#out svg').screenshot({ path: path.join(SCREENSHOTS, screenshot) });
    }
    await page.close();
    return result;
  }

  it('renders the race with one participant per actor and the changed fields in notes', async () => {
    const { svg, texts } = await render(toMermaid(viewTrace(raceViolation(), { model: race })), 'counter-race-mermaid.png');
    expect(svg).toContain('<svg');
    expect(texts).toContain('task1');
    expect(texts).toContain('task2');
    expect(texts).toContain('3. write');
    expect(texts).toContain('counter: 0 → 1');
    expect(texts).toContain('✗ invariant NoLostUpdate is false here');
  });

  it('renders a lasso loop block and escaped characters', async () => {
    const { texts } = await render(toMermaid(viewTrace(lasso())));
    expect(texts).toContain('[repeats forever]');
    const trace = [
      { action: null, state: { s: 'a' } },
      { action: { type: 'set', actor: 'reclaim worker' }, state: { s: 'x; y #1' } },
    ];
    const odd = await render(toMermaid(viewTrace({ trace })));
    expect(odd.texts).toContain('reclaim worker');
    expect(odd.texts).toContain('s: "a" → "x; y #1"');
  });
});
