/**
 * The sequence player over the whole project, in Chromium through the browser host (no
 * generation: every shot plays as its board): playback crosses from one scene into the
 * next, selecting it, with the playhead following; the player follows the playhead when
 * the timeline moves it; an empty scene says there is nothing to play.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-player-scope-');
const page = (): Page => session.page;
const player = (): Locator => page().getByRole('region', { name: 'Sequence player' });
const playhead = async (): Promise<number> => Number(await player().getAttribute('data-playhead'));
const sceneOf = () => player().getAttribute('data-scene-id');
const timecode = () => player().getByLabel('Sequence timecode').textContent();

describe('the sequence player over the project', () => {
  let first: string | null = null;

  it('plays every scene in order, selecting each scene as playback reaches it', async () => {
    await session.newProject('Two scenes');
    await expect.poll(sceneOf).not.toBeNull();
    first = await sceneOf();
    await page().getByRole('button', { name: 'Add scene', exact: true }).click();
    await page().getByRole('region', { name: 'Scenes' }).getByRole('button', { name: /Scene 2/ }).click();
    await expect.poll(sceneOf).not.toBe(first);
    expect(await player().textContent()).toContain('This scene has no shots to play.');
    await page().getByRole('button', { name: 'Add shot', exact: true }).click();
    await expect.poll(() => player().textContent()).toContain('Shot 1 of 1');

    await player().getByLabel('What to play').selectOption('project');
    await expect.poll(() => player().textContent()).toContain('of 2');
    await page().locator('h1.title').click();
    await page().keyboard.press('Home');
    await expect.poll(sceneOf).toBe(first); // the project's first frame is the first scene's
    await expect.poll(timecode).toBe('00:00:00:00');
    await page().keyboard.press('l');
    await page().keyboard.press('l'); // 2×: two 3 s shots in about 3 s
    await expect.poll(sceneOf, { timeout: 15_000 }).not.toBe(first);
    await expect.poll(() => player().textContent()).toContain('Shot 2 of 2');
    const inSecond = await playhead();
    expect(inSecond).toBeLessThan(72); // the playhead counts frames inside the scene it is in
    await expect.poll(() => player().locator('.player-controls .muted').first().textContent(), { timeout: 15_000 }).toBe('Paused');
    expect(await timecode()).toBe('00:00:05:23');
    expect(await playhead()).toBe(71);
  });

  it('follows the playhead when the timeline moves it', async () => {
    const lane = page().getByLabel('Shots of the scene on the timeline');
    await lane.focus();
    await lane.press(',');
    await lane.press(',');
    await expect.poll(playhead).toBe(69);
    await expect.poll(timecode).toBe('00:00:05:21'); // the second scene starts at frame 72 of the project
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
