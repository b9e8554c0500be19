/**
 * Issue 12 items 6 and 7 in Chromium through the browser host, with the built-in model:
 * generate a shot and watch its progress (the step, then done); its take lists its figures
 * and draws the boxes it was asked for over the clip; play the scene: the take plays, then
 * the shot without a take shows its board, the playhead moving all along; J/K/L, Space,
 * frame steps and looping; a second take, and picking the first as the active one (the
 * sequence plays the picked take).
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';
import { sequencePlayer } from '../helpers/sequence-player';

const session = editorSession('directa-e2e-player-');
const page = (): Page => session.page;
const { player, playhead, playFromStart } = sequencePlayer(page);
const timecode = () => player().getByLabel('Sequence timecode').textContent();
const speed = () => player().locator('.player-controls .muted').first().textContent();
const queue = (): Locator => page().getByRole('region', { name: 'Generation queue' });

/** An actor bound to `phrase` of `prompt` moving left to right. */
function actor(prompt: string, phrase: string, color: string) {
  const at = prompt.indexOf(phrase);
  return { phrase, span: [at, at + phrase.length], color, keyframes: [{ frame: 0, box: [0.05, 0.3, 0.35, 0.8] }, { frame: 71, box: [0.6, 0.3, 0.9, 0.8] }], path: null };
}

/** How many pixels of a canvas are close to an `#rrggbb` colour. */
function pixelsOf(canvas: Locator, hex: string): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement, colour: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 128 && Math.abs(data[i]! - r!) < 40 && Math.abs(data[i + 1]! - g!) < 40 && Math.abs(data[i + 2]! - b!) < 40) n++;
    }
    return n;
  }, hex);
}

const CAR = 'a red car on a street';
const DOG = 'a white dog in a park';
let shot1 = '';

describe('takes and the sequence player', () => {
  it('generates a shot, showing the step, then done', async () => {
    await session.newProject('Player');
    await page().getByLabel('Prompt', { exact: true }).fill(CAR);
    await page().getByLabel('Steps', { exact: true }).fill('4');
    await session.saved();
    const { projectId, shotId } = session.place();
    shot1 = shotId;
    await session.call('shot.setObjects', { projectId, shotId, objects: [actor(CAR, 'red car', '#ff8800')] });

    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    const seen = new Set<string>();
    await expect.poll(async () => {
      const detail = await page().locator('.generate-detail').textContent().catch(() => null);
      if (detail) seen.add(detail);
      return queue().textContent();
    }, { timeout: 220_000, interval: 100 }).toContain('done');
    expect([...seen].some((d) => /step [1-4]\/4/.test(d)), [...seen].join(' | ')).toBe(true);
  });

  it('lists the take with its figures and draws the requested boxes over it', async () => {
    const takes = page().getByRole('region', { name: 'Takes' });
    await expect.poll(() => takes.textContent()).toMatch(/Take 1.*Active/s);
    expect(await page().locator('figcaption').textContent()).toMatch(/(camera measured cx|camera move not readable).*“red car”.*directa-previz on cpu/s);
    const overlay = page().getByLabel('Requested boxes', { exact: true });
    await expect.poll(() => pixelsOf(overlay, '#ff8800')).toBeGreaterThan(50);
    await page().getByLabel('Show the requested boxes and camera move').uncheck();
    expect(await page().getByLabel('Requested boxes', { exact: true }).count()).toBe(0);
    await page().getByLabel('Show the requested boxes and camera move').check();
  });

  it('plays the scene: the take, then the board of the shot without one, the playhead following', async () => {
    await page().getByRole('button', { name: 'Add shot', exact: true }).click();
    await session.saved();
    const { projectId, shotId } = session.place();
    expect(shotId).not.toBe(shot1);
    await session.call('shot.update', { projectId, shotId, patch: { prompt: DOG, camera: { cx: 0.5, cy: 0, cz: 1.5 } } });
    await session.call('shot.setObjects', { projectId, shotId, objects: [actor(DOG, 'white dog', '#00aaff')] });
    await expect.poll(() => player().textContent()).toContain('of 2');
    // paused on the second shot: its board, with the actor the other client gave it
    await player().getByRole('button', { name: 'Next shot' }).click();
    const board = player().getByLabel('Board of Shot 2');
    await expect.poll(() => pixelsOf(board, '#00aaff'), { timeout: 10_000 }).toBeGreaterThan(50); // the dog's box
    expect(await pixelsOf(board, '#ffd166')).toBeGreaterThan(20); // the camera's pan arrow and zoom frame
    expect(await playhead()).toBe(72);

    await playFromStart('Take of Shot 1');
    await board.waitFor({ timeout: 15_000 }); // the shot without a take, as its board, for its duration
    expect(await player().textContent()).toContain('board (no take)');
    expect(await pixelsOf(board, '#00aaff')).toBeGreaterThan(50);
    // no loop: it stops on the last frame of the scene (72 + 72 frames at 24 fps)
    await expect.poll(speed, { timeout: 15_000 }).toBe('Paused');
    expect(await timecode()).toBe('00:00:05:23');
    expect(await playhead()).toBe(143);
  });

  it('answers J/K/L, Space, frame steps and Home', async () => {
    await page().locator('h1.title').click(); // nothing focused that takes keys
    await page().keyboard.press('Home');
    await expect.poll(timecode).toBe('00:00:00:00');
    await page().keyboard.press('.');
    await page().keyboard.press('.');
    await expect.poll(timecode).toBe('00:00:00:02');
    expect(await playhead()).toBe(2);
    await page().keyboard.press(',');
    await expect.poll(timecode).toBe('00:00:00:01');
    await page().keyboard.press('l');
    await page().keyboard.press('l');
    await expect.poll(speed).toBe('▶ 2×');
    await page().keyboard.press('k');
    await expect.poll(speed).toBe('Paused');
    const stoppedAt = await playhead();
    await page().keyboard.down('k');
    await page().keyboard.press('l'); // K held: one frame
    await page().keyboard.up('k');
    await expect.poll(playhead).toBe(stoppedAt + 1);
    expect(await speed()).toBe('Paused');
    await page().keyboard.press('j');
    await expect.poll(speed).toBe('◀ 1×');
    await page().keyboard.press(' ');
    await expect.poll(speed).toBe('Paused');
    await page().keyboard.press(' ');
    await expect.poll(speed).toBe('▶ 1×');
    await page().keyboard.press(' ');
    await expect.poll(speed).toBe('Paused');
  });

  it('loops from the end back to the start', async () => {
    await player().getByLabel('Loop').check();
    await player().getByLabel('Position in the sequence').fill('130');
    await expect.poll(playhead).toBe(130);
    await page().locator('h1.title').click();
    await page().keyboard.press('l');
    await expect.poll(playhead, { timeout: 10_000 }).toBeLessThan(100); // wrapped past frame 143
    expect(await speed()).toBe('▶ 1×');
    await page().keyboard.press('k');
    await player().getByLabel('Loop').uncheck();
  });

  it('picks an older take as the active one, and the sequence plays it', async () => {
    await page().locator('section[aria-label="Shots"]').getByRole('button', { name: /Shot 1/ }).first().click();
    await expect.poll(() => page().getByLabel('Name', { exact: true }).inputValue()).toBe('Shot 1');
    await page().getByLabel('Seed', { exact: true }).fill('7');
    await session.saved();
    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    const takes = page().getByRole('region', { name: 'Takes' });
    await expect.poll(() => takes.textContent(), { timeout: 220_000 }).toContain('Takes (2)');
    const { projectId } = session.place();
    const list = await session.call<{ id: string }[]>('take.list', { projectId, shotId: shot1 });
    const [newest, oldest] = list.map((t) => t.id);
    expect(await takes.getByRole('listitem', { name: 'Take 2' }).textContent()).toContain('Active'); // the newest until one is picked

    await takes.getByRole('button', { name: 'Use take 1' }).click();
    await expect.poll(() => takes.getByRole('listitem', { name: 'Take 1' }).textContent()).toContain('Active');
    const state = await session.call<{ scenes: { shots: { id: string; activeTakeId: string | null }[] }[] }>('project.get', { projectId });
    expect(state.scenes[0]!.shots.find((s) => s.id === shot1)!.activeTakeId).toBe(oldest);
    expect(newest).not.toBe(oldest);

    await page().locator('h1.title').click();
    await page().keyboard.press('Home');
    await expect.poll(() => player().getByLabel('Take of Shot 1').getAttribute('data-take-id')).toBe(oldest);
    await page().screenshot({ path: `${session.dir}/player.png` });
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
