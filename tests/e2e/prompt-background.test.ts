/**
 * Marking the background phrase in the prompt field, in Chromium through the browser host:
 * selected words marked with Ctrl+Shift+B and with the button, hatched in a neutral style
 * (not an actor's colour) with nothing added to the text; an actor refused on them; cleared,
 * undone and redone; moved by an edit before it; found again after a reload; flagged when
 * its words go and marked again on other words; listed in the shortcuts. Read back through
 * project.get.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-background-');
const page = (): Page => session.page;
const prompt = () => page().getByLabel('Prompt', { exact: true });
const hatched = () => page().locator('.backdrop mark.marked-background');

const background = async () => (await session.shot()).background;
const spanOf = (text: string, phrase: string): [number, number] => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length];

const select = (from: string, to = from): Promise<void> => session.selectWords(prompt(), from, to);

const FIRST = 'a red fox runs across a snowy field at dusk';

describe('the background phrase', () => {
  it('marks selected words with Ctrl+Shift+B, hatched in a neutral style, with nothing added to the text', async () => {
    await session.newProject('Backgrounds');
    await prompt().click();
    await prompt().pressSequentially(FIRST, { delay: 20 });
    await session.saved();
    await select('red fox');
    await page().keyboard.press('Control+b');
    await expect.poll(async () => (await session.shot()).objects.map((o) => o.phrase)).toEqual(['red fox']);

    await select('nowy', 'fie'); // cuts two words: the background is "snowy field"
    await page().keyboard.press('Control+Shift+B');
    await expect.poll(background).toEqual({ phrase: 'snowy field', span: spanOf(FIRST, 'snowy field') });
    expect(await prompt().inputValue()).toBe(FIRST);
    await expect.poll(() => hatched().allTextContents()).toEqual(['snowy field']);
    expect(await page().locator('.backdrop mark.actor').allTextContents()).toEqual(['red fox']);
    const style = await hatched().evaluate((el) => ({ image: getComputedStyle(el).backgroundImage, actor: (el as HTMLElement).style.getPropertyValue('--actor') }));
    expect(style.image).toContain('repeating-linear-gradient');
    expect(style.actor).toBe('');
    // the words no actor holds are no longer all the background's: the dotted underline is gone
    expect(await page().locator('.backdrop mark.background').count()).toBe(0);
    expect(await page().locator('.prompt-field').textContent()).toContain('Background: snowy field');
    await page().screenshot({ path: `${session.dir}/prompt-background.png` });
  });

  it('refuses an actor made of the background\'s words, saying so', async () => {
    await select('field');
    await page().keyboard.press('Control+b');
    await expect.poll(() => page().locator('.prompt-field [role="status"]').textContent())
      .toBe('"snowy field" is the background: select other words, or clear the background first');
    expect((await session.shot()).objects).toHaveLength(1);
  });

  it('clears it, marks it again with the button, and follows undo and redo', async () => {
    await page().getByRole('button', { name: 'Clear the background' }).click();
    await expect.poll(background).toBeNull();
    await expect.poll(() => hatched().count()).toBe(0);
    await select('snowy field');
    await page().getByRole('button', { name: 'Mark background' }).click();
    await expect.poll(background).toEqual({ phrase: 'snowy field', span: spanOf(FIRST, 'snowy field') });

    await page().locator('h1.title').click(); // out of the text field: Ctrl+Z is the editor's undo
    await page().keyboard.press('Control+z');
    await expect.poll(background).toBeNull();
    await expect.poll(() => hatched().count()).toBe(0);
    await page().keyboard.press('Control+Shift+Z');
    await expect.poll(background).toEqual({ phrase: 'snowy field', span: spanOf(FIRST, 'snowy field') });
    await expect.poll(() => hatched().allTextContents()).toEqual(['snowy field']);
  });

  it('moves with text typed before it, and is found again after a reload', async () => {
    await prompt().click();
    await prompt().press('Control+Home');
    await prompt().pressSequentially('cold: ', { delay: 20 });
    await session.saved();
    const text = `cold: ${FIRST}`;
    await expect.poll(background).toEqual({ phrase: 'snowy field', span: spanOf(text, 'snowy field') });

    await page().reload();
    await expect.poll(() => prompt().inputValue()).toBe(text);
    await expect.poll(() => hatched().allTextContents()).toEqual(['snowy field']);
    expect(await page().locator('.prompt-field').textContent()).toContain('Background: snowy field');
    expect(await background()).toEqual({ phrase: 'snowy field', span: spanOf(text, 'snowy field') });
  });

  it('flags it when its words go, and marks other words instead', async () => {
    const text = `cold: ${FIRST}`.replace('snowy field', 'green meadow');
    await prompt().fill(text);
    await expect.poll(() => page().getByRole('alert').filter({ hasText: 'Background' }).textContent())
      .toContain('Background "snowy field": its words are gone from the prompt');
    await session.saved();
    expect(await hatched().count()).toBe(0);
    expect((await background())!.phrase).toBe('snowy field'); // kept as it was: lost, flagged

    await select('green meadow');
    await page().getByRole('button', { name: 'Mark selection' }).click();
    await expect.poll(background).toEqual({ phrase: 'green meadow', span: spanOf(text, 'green meadow') });
    await expect.poll(() => page().getByRole('alert').filter({ hasText: 'Background' }).count()).toBe(0);
    await expect.poll(() => hatched().allTextContents()).toEqual(['green meadow']);
  });

  it('is listed among the shortcuts', async () => {
    await page().locator('h1.title').click();
    await page().keyboard.press('?');
    const dialog = page().getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Mark the selected words as the background');
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
