/**
 * Issue 12's field bugs, as a user meets them in Chromium through the browser host:
 * typing at a normal pace (100 ms a key) saves exactly what was typed, invalid entries are
 * rejected (never truncated), arrow keys step usefully, a new shot is selected, and a
 * cleared shot name is refused visibly.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-fields-');
const page = (): Page => session.page;
const field = (label: string) => page().getByLabel(label, { exact: true });

/** Types like a person: one key every 100 ms, then leaves the field alone. */
async function typeSlowly(label: string, text: string): Promise<void> {
  await field(label).click();
  await field(label).press('Control+a');
  await field(label).press('Backspace');
  await field(label).pressSequentially(text, { delay: 100 });
}

async function reopen(): Promise<void> {
  await page().reload(); // the URL holds the project and shot: no trip through the picker
  await expect.poll(() => page().locator('h1.title').textContent()).toBe('Fields');
  await expect.poll(() => page().locator('.shot.selected .shot-name').textContent()).toBe('Shot 3');
}

describe('shot fields (issue 12 bugs)', () => {
  it('Add shot and N select the new shot', async () => {
    await session.newProject('Fields');
    await expect.poll(() => field('Name').inputValue()).toBe('Shot 1');
    await page().getByRole('button', { name: 'Add shot', exact: true }).click();
    await expect.poll(() => field('Name').inputValue()).toBe('Shot 2');
    await page().locator('h1.title').click();
    await page().keyboard.press('n');
    await expect.poll(() => field('Name').inputValue()).toBe('Shot 3');
    await expect.poll(() => page().locator('.shot.selected .shot-name').textContent()).toBe('Shot 3');
  });

  it('saves what was typed at 100 ms a key, and rejects invalid entries without saving a part of them', async () => {
    await typeSlowly('Pan x (cx)', '0.25');
    await typeSlowly('Duration (frames)', '48');
    await typeSlowly('Steps', '500');
    await expect.poll(() => page().getByRole('status').textContent()).toContain('Steps: must be between 1 and 200');
    await typeSlowly('Seed', '1.5');
    await expect.poll(() => page().getByRole('status').filter({ hasText: 'Seed' }).textContent()).toContain('whole number');
    await field('Notes').click(); // leave the seed field: still invalid, still not saved
    await session.saved();
    expect(await field('Pan x (cx)').inputValue()).toBe('0.25');
    expect(await field('Duration (frames)').inputValue()).toBe('48');

    await reopen();
    await page().getByRole('button', { name: /Shot 3/ }).first().click();
    expect(await field('Pan x (cx)').inputValue()).toBe('0.25');
    expect(await field('Duration (frames)').inputValue()).toBe('48');
    expect(await field('Steps').inputValue()).toBe(''); // 500 refused; 5 and 50 on the way never saved
    expect(await field('Seed').inputValue()).not.toBe('1');
  });

  it('steps a camera value with the arrow keys by its step', async () => {
    await field('Zoom (cz)').click();
    await field('Zoom (cz)').press('ArrowUp');
    await field('Zoom (cz)').press('ArrowUp');
    await expect.poll(() => field('Zoom (cz)').inputValue()).toBe('1.1');
    await field('Zoom (cz) slider').focus();
    await field('Zoom (cz) slider').press('ArrowDown');
    await expect.poll(() => field('Zoom (cz)').inputValue()).toBe('1.05');
    await session.saved();
    await reopen();
    await page().getByRole('button', { name: /Shot 3/ }).first().click();
    expect(await field('Zoom (cz)').inputValue()).toBe('1.05');
  });

  it('refuses an empty shot name visibly and puts the saved name back', async () => {
    await field('Name').fill('');
    await expect.poll(() => page().getByRole('alert').textContent()).toContain('A shot needs a name');
    await field('Notes').click();
    await expect.poll(() => field('Name').inputValue()).toBe('Shot 3');
    await expect.poll(() => page().getByRole('alert').textContent()).toContain('kept "Shot 3"');
    await session.saved();
    await reopen();
    await expect.poll(() => page().locator('.shot-name').allTextContents()).toEqual(['Shot 1', 'Shot 2', 'Shot 3']);
  });

  it('goes back to the picker, and the URL forgets the project', async () => {
    await page().getByRole('button', { name: 'Back to projects' }).click();
    await page().reload();
    await page().getByRole('button', { name: 'Open Fields' }).waitFor();
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
