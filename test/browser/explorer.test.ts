import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchExplorer, type LaunchedExplorer } from '../explore/launch-explorer';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const SCREENSHOTS = path.resolve(__dirname, '../../reports/screenshots');

/** Waits until the page shows the state at `p` (the page loads states from the server). */
async function at(page: Page, p: string): Promise<void> {
  await page.waitForFunction((want) => document.getElementById('position')?.textContent?.startsWith(`state ${want} ·`), p);
}

async function successors(page: Page): Promise<string[]> {
  return (await page.locator('#succ tbody tr td:nth-child(2)').allInnerTexts()).map((t) => t.split('\n')[0]!.trim());
}

async function changedRows(page: Page): Promise<string[]> {
  return page.locator('#tree .row.chg > .k').allTextContents();
}

describe.skipIf(!hasChromium)(`explorer in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let browser: Browser;
  const explorers: LaunchedExplorer[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    for (const e of explorers) await e.stop();
  });

  async function open(args: string[], hash = ''): Promise<{ page: Page; errors: string[]; foreign: string[]; explorer: LaunchedExplorer }> {
    const explorer = await launchExplorer([...args, '--port', '0', '--no-open']);
    explorers.push(explorer);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(new URL(explorer.url).origin)) foreign.push(r.url());
    });
    await page.goto(`${explorer.url}${hash}`);
    return { page, errors, foreign, explorer };
  }

  it('steps forward and back with the keyboard and by clicking, with the changes highlighted', async () => {
    const { page, errors, foreign } = await open(['models/examples/lost-update.ts']);
    await at(page, '0');
    expect(await successors(page)).toEqual(['task1 Read(task=0)', 'task2 Read(task=1)']);
    expect(await page.locator('#succ tbody tr').nth(1).locator('.chgs').textContent()).toBe('tasks[1].pc = "write"');

    await page.keyboard.press('2');
    await at(page, '0.1');
    expect(page.url()).toMatch(/#\/0\.1$/);
    expect(await changedRows(page)).toEqual(['pc']);
    expect(await page.locator('#title').textContent()).toBe('After step 1: task2 does Read(task=1)');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await at(page, '0.1.1');
    expect(await page.locator('#title').textContent()).toBe('After step 2: task2 does Write(task=1)');
    expect(await changedRows(page)).toEqual(['counter', 'pc']);

    await page.keyboard.press('ArrowLeft');
    await at(page, '0.1');
    // Back keeps the path ahead (dimmed); forward follows it again.
    expect(await page.locator('#lanes tbody tr').count()).toBe(3);
    expect(await page.locator('#lanes tbody tr.ahead').count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    await at(page, '0.1.1');

    await page.locator('#succ tbody tr').first().click();
    await at(page, '0.1.1.0');
    expect(await page.locator('#lanes thead th').allTextContents()).toEqual(['#', 'task2', 'task1']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explorer-step.png') });

    await page.locator('#lanes tbody tr[data-depth="1"]').click();
    await at(page, '0.1');
    await page.goBack();
    await at(page, '0.1.1.0');
    await page.keyboard.press('Home');
    await at(page, '0');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('opens at the state named in the address, and says so when the path does not exist', async () => {
    const { page, errors } = await open(['models/examples/lost-update.ts'], '#/0.0.1.0');
    await at(page, '0.0.1.0');
    expect(await page.locator('#lanes tbody tr').count()).toBe(4);
    await page.evaluate(() => (location.hash = '#/0.7'));
    await page.waitForFunction(() => document.getElementById('position')?.textContent === 'no state at 0.7');
    expect(await page.locator('#errors .err').first().textContent()).toBe('Path 0.7: state 0 has 2 enabled steps (index 0-1), so there is no step 7.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs the whole check in the background and follows the counterexample link', async () => {
    const { page, errors } = await open(['models/examples/lost-update.ts']);
    await at(page, '0');
    await page.locator('#run-button').click();
    const link = page.locator('#run-found a.cex');
    await link.waitFor();
    expect(await page.locator('#run-progress').textContent()).toMatch(/^1 property violated: 13 distinct states, depth 5, /);
    expect(await link.textContent()).toBe('shortest counterexample (4 steps)');
    await link.click();
    await at(page, '0.0.1.0.0');
    expect(await page.locator('#badges .badge.fail').allTextContents()).toEqual(['✗ invariant NoLostUpdate is false here']);
    expect(await page.locator('#lanes tbody tr').count()).toBe(5);
    expect(await page.locator('#props tbody tr').first().locator('td').allTextContents()).toEqual([
      'invariant',
      'NoLostUpdate',
      '✗ violated here',
      'shortest counterexample (4 steps)',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explorer-counterexample.png') });
    await page.keyboard.press('Home');
    await at(page, '0');
    await page.keyboard.press('End');
    await at(page, '0.0.1.0.0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('"power fails here" lists the disk images a crash may leave and continues into recovery', async () => {
    const { page, errors } = await open(['models/crash/journal-commit.ts', '--param', 'variant=commit-before-flush'], '#/0.0.0.0');
    await at(page, '0.0.0.0');
    expect(await successors(page)).toEqual(['journal CommitDone']);
    expect(await page.locator('#power-fail').textContent()).toBe('⚡ Power fails here: 4 disk images possible');
    await page.keyboard.press('x');
    const images = page.locator('#images li');
    await images.first().waitFor();
    expect((await images.allInnerTexts()).map((t) => t.split('\n')[0]!.trim())).toEqual([
      'nothing persisted · lost data, commit',
      'persisted data · lost commit',
      'persisted data, commit',
      'persisted commit · lost data ✗ CommitImpliesData',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explorer-power-fails.png') });
    await images.nth(3).click();
    await at(page, '0.0.0.0.4');
    expect(await page.locator('#badges .badge.fail').allTextContents()).toEqual(['✗ action invariant CommitImpliesData broken by this step']);
    expect(await page.locator('#title').textContent()).toBe('After step 4: power does Crash(persisted=["commit"], lost=["data"])');
    expect(await page.locator('#power-body').textContent()).toContain('No crash is left in this behaviour');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explorer-recovered.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a model that fails while stepping as its coded error, and goes on serving', async () => {
    const { page, errors } = await open(['test/fixtures/bad/throwing-next.ts'], '#/0.0.0');
    await at(page, '0.0.0');
    expect(await page.locator('#errors .err').first().textContent()).toMatch(/^IL301 .*counter overflow/);
    expect(await page.locator('#succ-none').textContent()).toBe('The steps out of this state could not be computed: the model failed (see the error).');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explorer-model-error.png') });
    await page.evaluate(() => (location.hash = '#/0.0.0.0'));
    await page.waitForFunction(() => document.getElementById('position')?.textContent === 'no state at 0.0.0.0');
    expect(await page.locator('#errors .err').first().textContent()).toMatch(/^IL301 .*\(while computing the steps out of state 0\.0\.0\)/);
    await page.keyboard.press('Home');
    await page.evaluate(() => (location.hash = '#/0'));
    await at(page, '0');
    expect(await page.locator('#errors .err').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
