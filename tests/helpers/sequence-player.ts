/**
 * The editor's sequence player as the e2e tests drive it: the region, its playhead (the
 * `data-playhead` frame) and playing the scene from its first frame.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export function sequencePlayer(page: () => Page) {
  const player = (): Locator => page().getByRole('region', { name: 'Sequence player' });
  const playhead = async (): Promise<number> => Number(await player().getAttribute('data-playhead'));

  /** Home, then Play: waits until `takeLabel`'s video plays and the playhead moves on. */
  async function playFromStart(takeLabel: string): Promise<void> {
    await page().locator('h1.title').click(); // nothing focused that takes keys
    await page().keyboard.press('Home');
    await expect.poll(playhead).toBe(0);
    await player().getByRole('button', { name: 'Play' }).click();
    const video = player().getByLabel(takeLabel);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.3);
    const early = await playhead();
    await expect.poll(playhead).toBeGreaterThan(early);
  }

  return { player, playhead, playFromStart };
}
