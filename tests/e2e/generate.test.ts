/**
 * Generating a shot from the editor, through the browser host, with the built-in model
 * (no models folder is given: the shipped package is the default): progress, then a take
 * that plays.
 */
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-gen-');

describe('generating from the editor', () => {
  it('queues the shot, shows progress, then plays the take', async () => {
    await session.newProject('Previz');
    await session.page.getByLabel('Prompt', { exact: true }).fill('a red car on a street');
    await session.page.getByLabel('Steps', { exact: true }).fill('4');
    await session.saved();

    await session.page.getByRole('button', { name: 'Generate', exact: true }).click();
    const video = session.page.getByLabel('Take', { exact: true }); // the take viewer's clip (not the takes list or the sequence player)
    await video.waitFor({ timeout: 180_000 });
    await expect.poll(() => session.page.getByRole('region', { name: 'Generation queue' }).textContent()).toContain('done');
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
    expect(await session.page.locator('figcaption').textContent()).toMatch(/(camera measured cx|camera move not readable).*directa-previz on cpu/s);
  });

  it('answers Generate on an unchanged shot with the existing take', async () => {
    await session.page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => session.page.getByRole('region', { name: 'Generation queue' }).locator('li').count()).toBe(1);
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
