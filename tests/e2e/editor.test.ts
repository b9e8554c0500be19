/**
 * The whole app through the browser host in Chromium: create a project, a scene and two
 * shots, reorder them, edit a prompt, reload — everything is still there, from SQLite.
 * (A number field saves when typing pauses, so "All changes saved" is polled for longer than 1 s.)
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-');

const shotNames = (p: Page): Promise<string[]> => p.locator('section[aria-label="Shots"] .shot-name').allTextContents();

describe('editor in the browser host', () => {
  it('shows a visit without the secret nothing but how to get in', async () => {
    const stranger = await session.browser.newPage();
    await stranger.goto(new URL('/', session.served.url).toString());
    await expect.poll(() => stranger.getByRole('alert').textContent()).toContain('npm run serve');
    await stranger.close();
  });

  it('creates, reorders and edits, and keeps it all across a reload', async () => {
    await session.newProject('Night Chase', 2);
    await expect.poll(() => session.page.locator('h1.title').textContent()).toBe('Night Chase');
    await expect.poll(() => shotNames(session.page)).toEqual(['Shot 1', 'Shot 2']);

    await session.page.getByRole('button', { name: 'Move Shot 2 up' }).click();
    await expect.poll(() => shotNames(session.page)).toEqual(['Shot 2', 'Shot 1']);

    await session.page.getByRole('button', { name: /Shot 1/ }).first().click();
    await session.page.getByLabel('Prompt', { exact: true }).fill('a red car and a white dog on a city street at sunset');
    await session.page.getByLabel('Pan x (cx)', { exact: true }).fill('0.5');
    await expect.poll(() => session.page.locator('.status').textContent(), { timeout: 10_000 }).toBe('All changes saved');

    await session.page.reload(); // the URL holds the open project: the reload returns to it, not to the picker
    await expect.poll(() => session.page.locator('h1.title').textContent()).toBe('Night Chase');
    await expect.poll(() => shotNames(session.page)).toEqual(['Shot 2', 'Shot 1']);
    await session.page.getByRole('button', { name: /Shot 1/ }).first().click();
    expect(await session.page.getByLabel('Prompt', { exact: true }).inputValue()).toBe('a red car and a white dog on a city street at sunset');
    expect(await session.page.getByLabel('Pan x (cx)', { exact: true }).inputValue()).toBe('0.5');
    await session.page.screenshot({ path: `${session.dir}/editor.png` });
  });

  it('shows an invalid camera value as invalid and does not save it', async () => {
    const field = session.page.getByLabel('Zoom (cz)', { exact: true });
    await field.fill('5');
    await expect.poll(() => session.page.getByRole('status').textContent()).toContain('between 0.5 and 2');
    await session.page.reload(); // the URL holds the open project: the reload returns to it, not to the picker
    await expect.poll(() => session.page.locator('h1.title').textContent()).toBe('Night Chase');
    await session.page.getByRole('button', { name: /Shot 1/ }).first().click();
    expect(await session.page.getByLabel('Zoom (cz)', { exact: true }).inputValue()).toBe('1');
  });

  it('undoes and redoes an edit from the keyboard and the toolbar', async () => {
    await session.page.getByLabel('Notes', { exact: true }).fill('dusk, handheld');
    await expect.poll(() => session.page.locator('.status').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    await session.page.locator('h1.title').click(); // leave the text field: Ctrl+Z is the app's, not the field's
    await session.page.keyboard.press('Control+z');
    await expect.poll(() => session.page.getByLabel('Notes', { exact: true }).inputValue()).toBe('');
    await session.page.getByRole('button', { name: 'Redo edit notes' }).click();
    await expect.poll(() => session.page.getByLabel('Notes', { exact: true }).inputValue()).toBe('dusk, handheld');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
