/**
 * The model's region limit up front, in Chromium through the browser host with the
 * built-in model (4 regions): the prompt meter counts the actors and a marked background
 * against it; the canvas's New actor is refused once the shot is full, saying why; a shot
 * over it is flagged under the prompt, Generate is refused in the page and job.enqueue
 * answers CONFLICT naming the shot, with nothing queued; clearing the background lifts it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-regions-');
const page = (): Page => session.page;
const prompt = () => page().getByLabel('Prompt', { exact: true });
const meter = () => page().locator('.prompt-field .prompt-meter');
const regionNote = () => page().locator('.prompt-field .region-note');
const canvasNote = () => page().locator('.canvas-tools [role="alert"]');

const TEXT = 'a red car and a white dog and a cat and a bird on a street at night';
const span = (phrase: string): [number, number] => [TEXT.indexOf(phrase), TEXT.indexOf(phrase) + phrase.length];

/** The shot's actors set through the host (the page follows project.changed), each a box on the first frame. */
async function actors(...phrases: string[]): Promise<void> {
  const objects = phrases.map((phrase, i) => ({
    phrase, span: span(phrase), color: '#ff5a5f', keyframes: [{ frame: 0, box: [0.05 + i * 0.2, 0.1, 0.2 + i * 0.2, 0.4] }], path: null,
  }));
  await session.call('shot.setObjects', { ...session.place(), objects });
}

async function newActor(words: string): Promise<void> {
  await page().getByLabel('Actor words').fill(words);
  await page().getByRole('button', { name: 'New actor' }).click();
}

describe('the region limit', () => {
  it('counts the actors and the marked background against the model\'s regions under the prompt', async () => {
    await session.newProject('Crowd');
    await prompt().fill(TEXT);
    await session.saved();
    await actors('red car', 'white dog', 'cat');
    await expect.poll(() => meter().textContent()).toContain('3 actors: 3 / 4 regions');
    await session.call('shot.setBackground', { ...session.place(), span: span('street at night') });
    await expect.poll(() => meter().textContent()).toContain('3 actors + background: 4 / 4 regions');
    expect(await regionNote().count()).toBe(0);
  });

  it('refuses a new actor on the canvas once the shot is full, saying why', async () => {
    await newActor('bird');
    await expect.poll(() => canvasNote().textContent()).toMatch(
      /^.+ directs at most 4 regions per shot, one per actor and one for the marked background: there is no room for another actor\. Clear the background or remove an actor first\.$/,
    );
    expect(await page().getByRole('button', { name: 'New actor' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('refuses Make actor (Ctrl+B) on the prompt\'s words once the shot is full, saying why', async () => {
    await session.selectWords(prompt(), 'bird');
    await page().keyboard.press('Control+b');
    await expect.poll(() => page().locator('.prompt-field .field-error').textContent()).toMatch(
      /^.+ directs at most 4 regions per shot, one per actor and one for the marked background: there is no room for another actor\./,
    );
    expect((await session.shot()).objects).toHaveLength(3); // nothing was added
  });

  it('flags a shot over the limit and refuses to generate it, in the page and in the main process', async () => {
    await actors('red car', 'white dog', 'cat', 'bird');
    await expect.poll(() => meter().textContent()).toContain('4 actors + background: 5 / 4 regions');
    expect(await meter().locator('.regions.over').count()).toBe(1);
    const note = /^4 actors and the marked background need 5 regions; .+ directs at most 4 per shot\. Remove an actor or clear the background to generate\.$/;
    await expect.poll(() => regionNote().textContent()).toMatch(note);
    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => page().locator('.banner').textContent()).toMatch(/4 actors and the marked background need 5 regions/);

    const { projectId, shotId } = session.place();
    expect(await session.answer('job.list', { projectId })).toEqual({ ok: true, value: [] });
    expect(await session.answer('job.enqueue', { projectId, shotId })).toMatchObject({
      ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^Shot "Shot 1": 4 actors and the marked background need 5 regions; .+ Remove an actor or clear the background to generate\.$/) },
    });
    expect(await session.answer('job.list', { projectId })).toEqual({ ok: true, value: [] });
    await page().screenshot({ path: `${session.dir}/region-limit.png` });
  });

  it('lifts the flag once the background is cleared; a fifth actor is still refused', async () => {
    await page().getByRole('button', { name: 'Clear the background' }).click();
    await expect.poll(() => meter().textContent()).toContain('4 actors: 4 / 4 regions');
    expect(await regionNote().count()).toBe(0);
    await newActor('street');
    await expect.poll(() => canvasNote().textContent()).toMatch(/^.+ directs at most 4 actors per shot: there is no room for another\. Remove an actor first\.$/);
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
