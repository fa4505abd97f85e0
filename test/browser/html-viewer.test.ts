import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, hasChromium } from '../support/tools';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeTraceFiles } from '../../src/export/write-trace-files';
import { race, raceViolation } from '../graph/fixtures/traces';

const SCREENSHOTS = path.resolve(__dirname, '../../reports/screenshots');

/** The fields named in the highlighted rows of the diff of the step on screen. */
async function highlighted(page: Page): Promise<string[]> {
  return page.locator('section.step:not([hidden]) table.diff tr.chg td.path').allTextContents();
}

async function position(page: Page): Promise<string | null> {
  return page.locator('#position').textContent();
}

describe.skipIf(!hasChromium)(`HTML viewer in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`}`, () => {
  let browser: Browser;
  let dir: string;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-viewer-'));
    await writeTraceFiles(dir, { model: race, params: { tasks: 3 }, violation: raceViolation(3) });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('steps through the trace with the keyboard and highlights the changed fields', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);

    expect(await position(page)).toBe('step 0 of 6');
    expect(await highlighted(page)).toEqual([]);

    await page.keyboard.press('j');
    expect(await position(page)).toBe('step 1 of 6');
    expect(await highlighted(page)).toEqual(['tmp.task1', 'pc.get("task1")']);

    await page.keyboard.press('ArrowDown');
    expect(await position(page)).toBe('step 2 of 6');
    expect(await highlighted(page)).toEqual(['counter', 'pc.get("task1")', 'done']);
    expect(await page.locator('section.step:not([hidden]) .tree .row.chg > .k').allTextContents()).toEqual(['counter', '"task1"', 'done']);

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await position(page)).toBe('step 3 of 6');
    expect(await highlighted(page)).toEqual(['tmp.task2', 'pc.get("task2")']);
    expect(await page.locator('#lanes tr.current').getAttribute('data-step')).toBe('3');
    expect(await page.locator('section.step:not([hidden]) h2').textContent()).toBe('Step 3: task2 does read');

    // The state of step 3 is the current node of the graph, and step 3's edge the current edge.
    const node = await page.locator('section.step:not([hidden])').getAttribute('data-node');
    expect(await page.locator('#graph g.node.current').getAttribute('id')).toBe(node);
    expect(await page.locator('#graph g.edge.current').getAttribute('id')).toBe('estep-3');

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'counter-race-step-3.png'), fullPage: false });

    await page.keyboard.press('End');
    expect(await position(page)).toBe('step 6 of 6');
    expect(await highlighted(page)).toEqual(['pc.get("task3")', 'done']);
    expect(await page.locator('section.step:not([hidden]) .badge.fail').allTextContents()).toEqual(['✗ invariant NoLostUpdate is false here']);
    await page.keyboard.press('j');
    expect(await position(page)).toBe('step 6 of 6');
    await page.keyboard.press('Home');
    expect(await position(page)).toBe('step 0 of 6');

    // A click on a row of the lanes table goes to that step, and so does a click on a state in the graph.
    await page.locator('#lanes tr[data-step="5"]').click();
    expect(await highlighted(page)).toEqual(['counter', 'pc.get("task2")', 'done']);
    const second = await page.locator('section.step[data-step="2"]').getAttribute('data-node');
    await page.locator(`#graph g.node[id="${second ?? ''}"]`).click();
    expect(await position(page)).toBe('step 2 of 6');

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('opens at the step named in the address', async () => {
    const page = await browser.newPage();
    await page.goto(`${pathToFileURL(path.join(dir, 'index.html')).href}#4`);
    expect(await position(page)).toBe('step 4 of 6');
    expect(await highlighted(page)).toEqual(['tmp.task3', 'pc.get("task3")']);
    await page.close();
  });
});
