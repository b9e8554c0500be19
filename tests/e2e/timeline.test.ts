/**
 * Issue 12 item 1 in Chromium through the browser host: on the timeline, a shot dragged
 * to a new place moves there, a shot's end edge dragged changes its duration (whole
 * frames, snapped to a whole second near one), two shots selected with Ctrl + click are
 * copied and pasted into another scene as one undo step, a click on the ruler moves the
 * playhead, and the keys do what the mouse does. Every result is read through project.get,
 * as another client would.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ProjectState } from '../../electron/ipc/schemas';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-timeline-');
const page = (): Page => session.page;
const clip = (name: string): Locator => page().getByRole('option', { name: new RegExp(`^${name},`) });
const timelineNames = () => page().locator('section[aria-label="Timeline"] .clip-name').allTextContents();

let projectId = '';
const saved = (): Promise<ProjectState> => session.call<ProjectState>('project.get', { projectId });
/** Each scene's shots as [name, duration] pairs, as the host has them. */
const scenes = async (): Promise<[string, number][][]> =>
  (await saved()).scenes.map((s) => s.shots.map((shot): [string, number] => [shot.name, shot.durationFrames]));

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

/** Pixels per frame on the timeline, measured from a clip of known duration. */
async function zoom(name: string, frames: number): Promise<number> {
  return (await box(clip(name))).width / frames;
}

/** Drags a shot's end edge by `dx` pixels, in steps like a hand. */
async function dragEdge(name: string, dx: number): Promise<void> {
  const b = await box(clip(name));
  const y = b.y + b.height / 2;
  const x = b.x + b.width - 3; // on the edge handle (the last 8 px)
  await page().mouse.move(x, y);
  await page().mouse.down();
  await page().mouse.move(x + dx, y, { steps: 10 });
  await page().mouse.up();
}

describe('timeline', () => {
  it('shows a scene\'s shots by duration', async () => {
    await session.newProject('Timeline', 3);
    await page().getByRole('button', { name: 'Add scene', exact: true }).click();
    await expect.poll(timelineNames).toEqual(['Shot 1', 'Shot 2', 'Shot 3']);
    projectId = session.place().projectId;
    expect(await scenes()).toEqual([[['Shot 1', 72], ['Shot 2', 72], ['Shot 3', 72]], []]);
    const widths = await Promise.all(['Shot 1', 'Shot 2', 'Shot 3'].map(async (n) => (await box(clip(n))).width));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(1);
  });

  it('moves a shot dragged past another', async () => {
    const from = await box(clip('Shot 1'));
    const past = await box(clip('Shot 3'));
    await page().mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page().mouse.down();
    await page().mouse.move(past.x + past.width * 0.8, past.y + past.height / 2, { steps: 12 });
    await page().mouse.up();
    await expect.poll(async () => (await scenes())[0]!.map(([n]) => n)).toEqual(['Shot 2', 'Shot 3', 'Shot 1']);
    await expect.poll(timelineNames).toEqual(['Shot 2', 'Shot 3', 'Shot 1']);
    expect((await saved()).history.undo).toBe('Move shot');
  });

  it('changes a duration by dragging the end edge: whole frames, and a whole second near one', async () => {
    const z = await zoom('Shot 2', 72);
    await dragEdge('Shot 2', 10 * z); // 72 + 10 frames: 82, more than 8 px from 72 or 96
    await expect.poll(async () => (await scenes())[0]![0]).toEqual(['Shot 2', 82]);
    await expect.poll(async () => (await box(clip('Shot 2'))).width / z).toBeCloseTo(82, 0);

    await dragEdge('Shot 2', 13.7 * z); // 95.7 frames, within a few pixels of 4 s (96 frames): snapped
    await expect.poll(async () => (await scenes())[0]![0]).toEqual(['Shot 2', 96]);
    // the shots after it follow: Shot 3 now starts 96 frames in
    const [first, next] = [await box(clip('Shot 2')), await box(clip('Shot 3'))];
    expect(Math.abs(next.x - (first.x + 96 * z))).toBeLessThan(3);
    expect(await scenes()).toEqual([[['Shot 2', 96], ['Shot 3', 72], ['Shot 1', 72]], []]);
  });

  it('pastes two selected shots into another scene as one undo step', async () => {
    await clip('Shot 3').click();
    await clip('Shot 2').click({ modifiers: ['Control'] });
    await expect.poll(() => page().locator('section[aria-label="Timeline"] [role="option"][aria-selected="true"] .clip-name').allTextContents())
      .toEqual(['Shot 2', 'Shot 3']);
    // the queue generates what the timeline selected
    await expect.poll(() => page().getByRole('button', { name: 'Generate 2 shots' }).isVisible()).toBe(true);
    await page().keyboard.press('Control+c');
    await expect.poll(() => page().getByRole('button', { name: 'Paste (2)' }).isEnabled()).toBe(true);

    await page().getByRole('button', { name: /^2 Scene 2/ }).click();
    await expect.poll(timelineNames).toEqual([]);
    await page().getByRole('listbox', { name: 'Shots of the scene on the timeline' }).focus();
    await page().keyboard.press('Control+v');
    await expect.poll(async () => (await scenes())[1]).toEqual([['Shot 2', 96], ['Shot 3', 72]]);
    await expect.poll(timelineNames).toEqual(['Shot 2', 'Shot 3']);
    const state = await saved();
    expect(state.history.undo).toBe('Paste 2 shots');
    expect(state.scenes[0]!.shots.map((s) => s.name)).toEqual(['Shot 2', 'Shot 3', 'Shot 1']);
    // copies, not the originals moved
    const ids = new Set(state.scenes[0]!.shots.map((s) => s.id));
    expect(state.scenes[1]!.shots.some((s) => ids.has(s.id))).toBe(false);

    await page().locator('h1.title').click(); // out of the timeline: Ctrl+Z is the app's undo
    await page().keyboard.press('Control+z');
    await expect.poll(async () => (await scenes())[1]).toEqual([]);
    expect((await scenes())[0]!.map(([n]) => n)).toEqual(['Shot 2', 'Shot 3', 'Shot 1']);
  });

  it('moves the playhead to where the ruler is clicked, with timecode at the project rate', async () => {
    await page().getByRole('button', { name: /^1 Scene 1/ }).click();
    await expect.poll(timelineNames).toEqual(['Shot 2', 'Shot 3', 'Shot 1']);
    const z = await zoom('Shot 2', 96);
    const start = await box(clip('Shot 2'));
    const ruler = await box(page().locator('section[aria-label="Timeline"] .ruler'));
    await page().mouse.click(start.x + 100.5 * z, ruler.y + ruler.height / 2); // frame 100: 4 s 4 frames at 24 fps
    await expect.poll(() => page().getByLabel('Playhead timecode').textContent()).toBe('00:00:04:04');
    await page().screenshot({ path: `${session.dir}/timeline.png` });
  });

  it('does the same from the keyboard: Alt+→ moves the selected shot, ] and Shift+] lengthen it', async () => {
    await clip('Shot 3').click();
    await page().keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => (await scenes())[0]!.map(([n]) => n)).toEqual(['Shot 2', 'Shot 1', 'Shot 3']);
    await page().keyboard.press('BracketRight');
    await expect.poll(async () => (await scenes())[0]![2]).toEqual(['Shot 3', 73]);
    await page().keyboard.press('Shift+BracketRight'); // a second at 24 fps
    await expect.poll(async () => (await scenes())[0]![2]).toEqual(['Shot 3', 97]);
    await page().keyboard.press('ArrowLeft'); // the previous shot becomes the inspector's
    await expect.poll(() => page().getByLabel('Name', { exact: true }).inputValue()).toBe('Shot 1');
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
