/**
 * Issue 12's whole flow as a newcomer walks it, in Chromium through the browser host and
 * only through the UI: a project of two scenes and three shots; a camera preset; an actor
 * made of prompt words, its first and last boxes and a curved path drawn with the mouse;
 * the shot generated with the built-in model, its progress bar followed to the end; the
 * scene played (the take, then the board of the shot without one); the last three edits
 * undone and redone; the host restarted under the open tab, which reconnects and saves
 * again; a reload that finds everything as it was left. What the UI did is read back with
 * project.get over HTTP, as another client would. Screenshots go to the session's temp
 * folder.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ProjectState, Shot, Take } from '../../electron/ipc/schemas';
import { dragOnCanvas, expectBox } from '../helpers/canvas-gestures';
import { editorSession } from '../helpers/editor-session';
import { sequencePlayer } from '../helpers/sequence-player';
import { serve } from '../helpers/serve';

const session = editorSession('directa-e2e-flow-');
const page = (): Page => session.page;
const status = () => page().locator('.status').textContent();
const prompt = () => page().getByLabel('Prompt', { exact: true });
const { player, playhead, playFromStart } = sequencePlayer(page);
const queue = (): Locator => page().getByRole('region', { name: 'Generation queue' });
const undoLabel = () => page().getByRole('button', { name: /^Undo/ }).textContent();
const redoLabel = () => page().getByRole('button', { name: /^Redo/ }).textContent();
const CAR = 'a red car on a street';
const PRESET = { cx: 0.5, cy: 0, cz: 1.41 }; // "Pan right + zoom in"
const STILL = { cx: 0, cy: 0, cz: 1 };

const project = (): Promise<ProjectState> => session.call<ProjectState>('project.get', { projectId: session.place().projectId });
let shot1 = '';
/** The directed shot (the first of scene 1) as the host has it. */
async function directed(): Promise<Shot> {
  const shot = (await project()).scenes.flatMap((s) => s.shots).find((s) => s.id === shot1);
  if (!shot) throw new Error('the directed shot is not in the project');
  return shot;
}
const pathLength = async () => (await directed()).objects[0]?.path?.length ?? null;

const outage = { from: 0, to: 0 };

describe('storyboarding a short scene, from an empty project to a played sequence', () => {
  it('creates a project of two scenes and three shots', async () => {
    await session.newProject('Storyboard', 2);
    await expect.poll(() => page().locator('h1.title').textContent()).toBe('Storyboard');
    await page().getByRole('button', { name: 'Add scene', exact: true }).click();
    const scenes = page().getByRole('region', { name: 'Scenes' });
    await scenes.getByRole('button', { name: /Scene 2/ }).click();
    await expect.poll(() => player().textContent()).toContain('This scene has no shots to play.');
    await page().getByRole('button', { name: 'Add shot', exact: true }).click();
    await session.saved();
    await expect.poll(async () => (await project()).scenes.map((s) => s.shots.length)).toEqual([2, 1]);

    await scenes.getByRole('button', { name: /Scene 1/ }).click();
    await page().locator('section[aria-label="Shots"]').getByRole('button', { name: /Shot 1/ }).first().click();
    await expect.poll(() => page().getByLabel('Name', { exact: true }).inputValue()).toBe('Shot 1');
    shot1 = session.place().shotId;
    expect((await project()).scenes[0]!.shots[0]!.id).toBe(shot1);
  });

  it('makes an actor of selected prompt words', async () => {
    await prompt().fill(CAR);
    await page().getByLabel('Steps', { exact: true }).fill('4'); // a short generation below
    await session.saved();
    const at = CAR.indexOf('red car');
    await prompt().evaluate((el: HTMLTextAreaElement, [a, b]) => { el.focus(); el.setSelectionRange(a, b); }, [at, at + 7] as const);
    await page().getByRole('button', { name: 'Make actor' }).click();
    await expect.poll(async () => (await directed()).objects.map((o) => [o.phrase, o.span])).toEqual([['red car', [2, 9]]]);
    expect((await directed()).prompt).toBe(CAR); // nothing added to the text
    await expect.poll(() => page().locator('.backdrop mark.actor').allTextContents()).toEqual(['red car']);
  });

  it('draws the actor\'s first and last boxes and curves its path with the mouse', async () => {
    await page().getByRole('list', { name: 'Actors', exact: true }).getByRole('button', { name: /^red car/ }).click();
    await page().getByRole('button', { name: 'First box' }).click();
    await dragOnCanvas(page(), [0.1, 0.5], [0.25, 0.8]);
    await expect.poll(async () => (await directed()).objects[0]?.keyframes[0]?.box[2]).toBeCloseTo(0.25, 2);
    expectBox((await directed()).objects[0]!.keyframes[0]!.box, [0.1, 0.5, 0.25, 0.8]);

    await page().getByRole('button', { name: 'Last box' }).click();
    await dragOnCanvas(page(), [0.6, 0.2], [0.9, 0.55]);
    await expect.poll(async () => (await directed()).objects[0]?.keyframes.length).toBe(2);
    const car = (await directed()).objects[0]!;
    expect(car.keyframes.map((k) => k.frame)).toEqual([0, 71]);
    expectBox(car.keyframes[1]!.box, [0.6, 0.2, 0.9, 0.55]);

    await page().getByRole('button', { name: 'Straight path' }).click();
    await expect.poll(pathLength).toBe(2);
    await dragOnCanvas(page(), [(0.175 + 0.75) / 2, (0.65 + 0.375) / 2], [0.45, 0.15]); // the middle point, pulled up
    await expect.poll(pathLength).toBe(33);
    const path = (await directed()).objects[0]!.path!;
    expectBox([...path[16]!, ...path[16]!], [0.45, 0.15, 0.45, 0.15]);
    await expect.poll(() => page().getByRole('list', { name: 'Actors', exact: true }).textContent()).toContain('2 boxes · curved path');
  });

  it('sets a camera preset on the shot', async () => {
    await page().getByRole('button', { name: 'Pan right + zoom in' }).click();
    await expect.poll(async () => (await directed()).camera).toEqual(PRESET);
    await expect.poll(() => page().getByLabel('Pan x (cx)', { exact: true }).inputValue()).toBe('0.5');
    await session.saved();
    await page().screenshot({ path: `${session.dir}/flow-directed.png` });
  });

  it('generates the shot with the built-in model, the progress bar running to the end', async () => {
    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    const bar = page().getByLabel('Generation progress', { exact: true });
    const seen: number[] = [];
    await expect.poll(async () => {
      const value = await bar.evaluate((p: HTMLProgressElement) => p.value, undefined, { timeout: 1_000 }).catch(() => null);
      if (value !== null) seen.push(value);
      return queue().textContent();
    }, { timeout: 220_000, interval: 100 }).toContain('done');
    expect(seen.length, 'the progress bar was never shown').toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    expect(await bar.count()).toBe(0); // finished: the bar is gone
    await expect.poll(() => page().getByRole('region', { name: 'Takes' }).textContent()).toMatch(/Take 1.*Active/s);
    const takes = await session.call<Take[]>('take.list', { projectId: session.place().projectId, shotId: shot1 });
    expect(takes).toHaveLength(1);
    expect(takes[0]!.requested?.camera).toEqual(PRESET); // made from the shot as directed
    expect(takes[0]!.requested?.objects).toHaveLength(1);
  });

  it('plays the scene: the take, then the board of the shot without a take, the playhead moving', async () => {
    await expect.poll(() => player().textContent()).toContain('of 2');
    await playFromStart('Take of Shot 1');
    await player().getByLabel('Board of Shot 2').waitFor({ timeout: 15_000 });
    expect(await player().textContent()).toContain('board (no take)');
    await expect.poll(() => player().locator('.player-controls .muted').first().textContent(), { timeout: 15_000 }).toBe('Paused');
    expect(await playhead()).toBe(143); // the scene's last frame: 72 + 72 frames
    await page().screenshot({ path: `${session.dir}/flow-played.png` });
  });

  it('undoes the last three edits and redoes them, one at a time', async () => {
    await expect.poll(undoLabel).toBe('Undo edit camera');
    await page().getByRole('button', { name: 'Undo edit camera' }).click();
    await expect.poll(async () => (await directed()).camera).toEqual(STILL);
    expect(await pathLength()).toBe(33);

    await page().getByRole('button', { name: 'Undo edit boxes' }).click(); // the curve
    await expect.poll(pathLength).toBe(2);
    expect((await directed()).camera).toEqual(STILL);

    await page().getByRole('button', { name: 'Undo edit boxes' }).click(); // the straight path
    await expect.poll(pathLength).toBe(null);
    expect((await directed()).objects[0]!.keyframes).toHaveLength(2); // the boxes before it stand
    expect(await redoLabel()).toBe('Redo edit boxes');

    await page().getByRole('button', { name: 'Redo edit boxes' }).click();
    await expect.poll(pathLength).toBe(2);
    await page().getByRole('button', { name: 'Redo edit boxes' }).click();
    await expect.poll(pathLength).toBe(33);
    expect((await directed()).camera).toEqual(STILL);
    await page().getByRole('button', { name: 'Redo edit camera' }).click();
    await expect.poll(async () => (await directed()).camera).toEqual(PRESET);
    await expect.poll(redoLabel).toBe('Redo');
    await session.saved();
  });

  it('reconnects after the host restarts, and saves an edit made after', async () => {
    outage.from = session.problems.length;
    await session.served.stop();
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Not connected/);

    const url = session.served.url;
    session.served = await serve(session.dir);
    expect(session.served.url).toBe(url); // same port and secret: the tab's credential still holds
    await expect.poll(status, { timeout: 30_000 }).toBe('All changes saved');
    outage.to = session.problems.length;
    expect(await page().getByRole('alert', { name: 'Connection lost' }).count()).toBe(0);

    await page().getByLabel('Name', { exact: true }).fill('Opening');
    await session.saved();
    await expect.poll(async () => (await directed()).name).toBe('Opening');
  });

  it('finds everything as it was left after a reload', async () => {
    const before = await project();
    await page().reload();
    await expect.poll(() => page().locator('h1.title').textContent()).toBe('Storyboard');
    await expect.poll(() => page().getByLabel('Name', { exact: true }).inputValue()).toBe('Opening'); // the shot still selected
    expect(session.place().shotId).toBe(shot1);
    expect(await prompt().inputValue()).toBe(CAR);
    await expect.poll(() => page().getByRole('list', { name: 'Actors', exact: true }).textContent()).toContain('2 boxes · curved path');
    expect(await page().getByRole('button', { name: 'Pan right + zoom in' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page().getByLabel('Pan x (cx)', { exact: true }).inputValue()).toBe('0.5');
    await expect.poll(() => page().locator('section[aria-label="Timeline"] .clip-name').allTextContents()).toEqual(['Opening', 'Shot 2']);
    await expect.poll(() => page().getByRole('region', { name: 'Takes' }).textContent()).toMatch(/Take 1.*Active/s);
    await session.saved();
    const after = await project();
    expect(after).toEqual(before);
    expect(after.scenes.map((s) => s.shots.length)).toEqual([2, 1]);
    const shot = after.scenes[0]!.shots[0]!;
    expect(shot).toMatchObject({ id: shot1, name: 'Opening', prompt: CAR, camera: PRESET });
    expect(shot.objects).toHaveLength(1);
    expect(shot.objects[0]!.path).toHaveLength(33);
    await page().screenshot({ path: `${session.dir}/flow-reloaded.png` });
  });

  it('logged nothing but the refused connections of the outage', () => {
    const during = session.problems.slice(outage.from, outage.to);
    expect([...session.problems.slice(0, outage.from), ...session.problems.slice(outage.to)]).toEqual([]);
    for (const p of during) expect(p).toMatch(/ERR_CONNECTION_REFUSED|WebSocket connection .* failed|Failed to load resource/);
  });
});
