/**
 * Deleting several shots (issue 12) in Chromium through the browser host: three shots
 * selected on the timeline with Shift + click and Ctrl + click go with one Delete, the
 * work moves to the next remaining shot, and one Ctrl+Z brings all three back in their
 * places with their prompts; the shot list's button deletes the selection too. Read back
 * through project.get, as another client would.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ProjectState } from '../../electron/ipc/schemas';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-timeline-delete-');
const page = (): Page => session.page;
const clip = (name: string): Locator => page().getByRole('option', { name: new RegExp(`^${name},`) });
const timelineNames = () => page().locator('section[aria-label="Timeline"] .clip-name').allTextContents();
const selectedNames = () => page().locator('section[aria-label="Timeline"] [role="option"][aria-selected="true"] .clip-name').allTextContents();
const inspected = () => page().locator('.shots .item.selected .shot-name').textContent();

let projectId = '';
const saved = (): Promise<ProjectState> => session.call<ProjectState>('project.get', { projectId });
/** The scene's shots as [name, prompt] pairs, as the host has them. */
const shots = async (): Promise<[string, string][]> => (await saved()).scenes[0]!.shots.map((s): [string, string] => [s.name, s.prompt]);
const ALL: [string, string][] = [1, 2, 3, 4, 5].map((n) => [`Shot ${n}`, `shot number ${n}`]);

describe('deleting the timeline\'s selection', () => {
  it('sets up a scene of five shots', async () => {
    await session.newProject('Deletes', 5);
    await expect.poll(timelineNames).toEqual(ALL.map(([n]) => n));
    projectId = session.place().projectId;
    // each shot's own prompt, written by another client, to recognise it when it comes back
    for (const shot of (await saved()).scenes[0]!.shots) {
      await session.call('shot.update', { projectId, shotId: shot.id, patch: { prompt: `shot number ${shot.name.slice(5)}` } });
    }
    await expect.poll(shots).toEqual(ALL);
  });

  it('deletes three shots picked with Shift + click and Ctrl + click with one Delete, and moves on to the next shot', async () => {
    await clip('Shot 1').click();
    await clip('Shot 2').click({ modifiers: ['Shift'] });
    await clip('Shot 4').click({ modifiers: ['Control'] });
    await expect.poll(selectedNames).toEqual(['Shot 1', 'Shot 2', 'Shot 4']);
    await page().keyboard.press('Delete');
    await expect.poll(timelineNames).toEqual(['Shot 3', 'Shot 5']);
    expect(await shots()).toEqual([ALL[2], ALL[4]]);
    expect((await saved()).history.undo).toBe('Delete 3 shots');
    // the last shot clicked was Shot 4: the work goes on with the shot after it
    await expect.poll(inspected).toBe('Shot 5');
    await expect.poll(selectedNames).toEqual(['Shot 5']);
    await expect.poll(() => page().getByRole('button', { name: 'Undo delete 3 shots' }).isEnabled()).toBe(true);
  });

  it('brings all three back, in their places with their prompts, with one Ctrl+Z; Ctrl+Shift+Z deletes them again', async () => {
    await page().locator('h1.title').click(); // out of the timeline and the fields: Ctrl+Z is the app's undo
    await page().keyboard.press('Control+z');
    await expect.poll(timelineNames).toEqual(ALL.map(([n]) => n));
    expect(await shots()).toEqual(ALL);
    await page().keyboard.press('Control+Shift+z');
    await expect.poll(timelineNames).toEqual(['Shot 3', 'Shot 5']);
    await page().keyboard.press('Control+z');
    await expect.poll(timelineNames).toEqual(ALL.map(([n]) => n));
    expect(await shots()).toEqual(ALL);
  });

  it('deletes the selection from the shot list\'s button too, as one undo step', async () => {
    await clip('Shot 5').click();
    await clip('Shot 3').click({ modifiers: ['Control'] });
    await expect.poll(selectedNames).toEqual(['Shot 3', 'Shot 5']);
    await page().getByRole('button', { name: 'Delete 2 selected shots' }).click();
    await expect.poll(timelineNames).toEqual(['Shot 1', 'Shot 2', 'Shot 4']);
    await expect.poll(inspected).toBe('Shot 4'); // the shot after Shot 3, the last one clicked
    await page().getByRole('button', { name: 'Undo delete 2 shots' }).click();
    await expect.poll(timelineNames).toEqual(ALL.map(([n]) => n));
    expect(await shots()).toEqual(ALL);
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
