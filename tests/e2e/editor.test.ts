/**
 * The whole app through the browser host in Chromium: create a project, a scene and two
 * shots, reorder them, edit a prompt, reload — everything is still there, from SQLite.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { serve, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/tmp';

let served: Served;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const tmp = tempDir('directa-e2e-');

beforeAll(async () => {
  served = await serve(tmp.dir);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${m.text()} at ${m.location().url}`); });
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  tmp.cleanup();
});

const shotNames = (p: Page): Promise<string[]> => p.locator('section[aria-label="Shots"] .shot-name').allTextContents();

describe('editor in the browser host', () => {
  it('refuses a visit without the secret', async () => {
    const stranger = await browser.newPage();
    const response = await stranger.goto(new URL('/', served.url).toString());
    expect(response?.status()).toBe(403);
    expect(await stranger.textContent('body')).toContain('npm run serve');
    await stranger.close();
  });

  it('creates, reorders and edits, and keeps it all across a reload', async () => {
    await page.goto(served.url);
    await page.getByLabel('New project name').fill('Night Chase');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.locator('h1.title').textContent()).toBe('Night Chase');

    await page.getByRole('button', { name: 'Add scene', exact: true }).click();
    await page.getByRole('button', { name: 'Add shot', exact: true }).click();
    await page.getByRole('button', { name: 'Add shot', exact: true }).click();
    await expect.poll(() => shotNames(page)).toEqual(['Shot 1', 'Shot 2']);

    await page.getByRole('button', { name: 'Move Shot 2 up' }).click();
    await expect.poll(() => shotNames(page)).toEqual(['Shot 2', 'Shot 1']);

    await page.getByRole('button', { name: /Shot 1/ }).first().click();
    await page.getByLabel('Prompt', { exact: true }).fill('a red car and a white dog on a city street at sunset');
    await page.getByLabel('Pan x (cx)', { exact: true }).fill('0.5');
    await expect.poll(() => page.locator('.status').textContent()).toBe('All changes saved');

    await page.reload();
    await page.getByRole('button', { name: 'Open Night Chase' }).click();
    await expect.poll(() => shotNames(page)).toEqual(['Shot 2', 'Shot 1']);
    await page.getByRole('button', { name: /Shot 1/ }).first().click();
    expect(await page.getByLabel('Prompt', { exact: true }).inputValue()).toBe('a red car and a white dog on a city street at sunset');
    expect(await page.getByLabel('Pan x (cx)', { exact: true }).inputValue()).toBe('0.5');
    await page.screenshot({ path: `${tmp.dir}/editor.png` });
  });

  it('shows an invalid camera value as invalid and does not save it', async () => {
    const field = page.getByLabel('Zoom (cz)', { exact: true });
    await field.fill('5');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('between 0.5 and 2');
    await page.reload();
    await page.getByRole('button', { name: 'Open Night Chase' }).click();
    await page.getByRole('button', { name: /Shot 1/ }).first().click();
    expect(await page.getByLabel('Zoom (cz)', { exact: true }).inputValue()).toBe('1');
  });

  it('undoes and redoes an edit from the keyboard and the toolbar', async () => {
    await page.getByLabel('Notes', { exact: true }).fill('dusk, handheld');
    await expect.poll(() => page.locator('.status').textContent()).toBe('All changes saved');
    await page.locator('h1.title').click(); // leave the text field: Ctrl+Z is the app's, not the field's
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByLabel('Notes', { exact: true }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Redo edit notes' }).click();
    await expect.poll(() => page.getByLabel('Notes', { exact: true }).inputValue()).toBe('dusk, handheld');
  });

  it('ran without console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
