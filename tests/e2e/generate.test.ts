/**
 * Generating a shot from the editor, through the browser host, with the built-in model
 * (no models folder is given: the shipped package is the default): progress, then a take
 * that plays.
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
const tmp = tempDir('directa-e2e-gen-');

beforeAll(async () => {
  served = await serve(tmp.dir);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  tmp.cleanup();
});

describe('generating from the editor', () => {
  it('queues the shot, shows progress, then plays the take', async () => {
    await page.goto(served.url);
    await page.getByLabel('New project name').fill('Previz');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('button', { name: 'Add scene', exact: true }).click();
    await page.getByRole('button', { name: 'Add shot', exact: true }).click();
    await page.getByLabel('Prompt', { exact: true }).fill('a red car on a street');
    await page.getByLabel('Steps', { exact: true }).fill('4');
    await expect.poll(() => page.locator('.status').textContent()).toBe('All changes saved');

    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const video = page.getByLabel('Take');
    await video.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('region', { name: 'Generation queue' }).textContent()).toContain('done');
    const played = await video.evaluate((v: HTMLVideoElement) => new Promise<{ w: number; h: number; d: number }>((resolve, reject) => {
      const report = () => resolve({ w: v.videoWidth, h: v.videoHeight, d: v.duration });
      if (v.readyState >= 2) report();
      v.addEventListener('loadeddata', report, { once: true });
      v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}: ${v.error?.message}`)), { once: true });
      v.load();
    }));
    expect(played.w).toBe(256); // directa-previz renders 256x144
    expect(played.h).toBe(144);
    expect(played.d).toBeCloseTo(72 / 24, 1); // the new shot's 3 s at 24 fps
    expect(await page.locator('figcaption').textContent()).toMatch(/camera measured cx.*directa-previz on cpu/s);
  });

  it('answers Generate on an unchanged shot with the existing take', async () => {
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Generation queue' }).locator('li').count()).toBe(1);
  });

  it('ran without console errors', () => {
    expect(problems).toEqual([]);
  });
});
