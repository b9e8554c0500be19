/**
 * The prompt field in Chromium through the browser host, with the built-in model (word
 * tokenizer, 22 tokens): words selected and made actors (Ctrl+B and the button), shown in
 * their colours with nothing added to the text; an edit that removes an actor's words
 * flags it, one before them moves it; the token count and unknown words as you type;
 * Generate refused over the limit (in the page, and by the main process); `?` lists the
 * shortcuts. Bindings are read back through project.get.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../electron/ipc/schemas';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-prompt-');
const page = (): Page => session.page;
const prompt = () => page().getByLabel('Prompt', { exact: true });

const bindings = async () => (await session.shot()).objects.map((o) => [o.phrase, o.span]);
const select = (phrase: string): Promise<void> => session.selectWords(prompt(), phrase);

const FIRST = 'a red fox chases a white rabbit in a snowy field';

describe('the prompt field', () => {
  it('shows the token count and the words the model does not know as you type', async () => {
    await session.newProject('Prompts');
    await prompt().click();
    await prompt().pressSequentially(FIRST, { delay: 20 });
    await session.saved();
    await expect.poll(() => page().locator('.prompt-meter').textContent()).toContain('11 / 22 tokens');
    expect(await page().locator('.prompt-meter .unknown').textContent()).toMatch(/Not known to .+: fox, chases, rabbit$/);
  });

  it('makes selected words an actor with Ctrl+B and with the button, highlighted in its colour, no marker in the text', async () => {
    await select('ed f'); // cuts two words: the actor is "red fox"
    await page().keyboard.press('Control+b');
    await expect.poll(bindings).toEqual([['red fox', [2, 9]]]);
    await select('white rabbit');
    await page().getByRole('button', { name: 'Make actor' }).click();
    await expect.poll(bindings).toEqual([['red fox', [2, 9]], ['white rabbit', [19, 31]]]);

    const shot = await session.shot();
    expect(shot.prompt).toBe(FIRST);
    expect(shot.objects[0]!.keyframes).toHaveLength(1); // a first box, for the canvas to move
    expect(await prompt().inputValue()).toBe(FIRST);
    const marks = page().locator('.backdrop mark.actor');
    await expect.poll(() => marks.allTextContents()).toEqual(['red fox', 'white rabbit']);
    const colours = await marks.evaluateAll((els) => els.map((el) => getComputedStyle(el).boxShadow));
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(colours[0]).toContain(rgb(shot.objects[0]!.color));
    expect(colours[1]).toContain(rgb(shot.objects[1]!.color));
    expect(shot.objects[0]!.color).not.toBe(shot.objects[1]!.color);
    await page().screenshot({ path: `${session.dir}/prompt-actors.png` });
  });

  it('refuses words that are an actor already, saying so', async () => {
    await select('fox');
    await page().keyboard.press('Control+b');
    await expect.poll(() => page().locator('.prompt-field [role="status"]').textContent()).toBe('"red fox" is an actor already: select other words');
    expect(await bindings()).toHaveLength(2);
  });

  it('flags an actor whose words an edit removes, keeps the other, and moves it with text typed before it', async () => {
    await prompt().fill('a red fox chases a grey hare in a snowy field');
    await expect.poll(() => page().getByRole('alert').filter({ hasText: 'its words are gone' }).textContent())
      .toContain('Actor "white rabbit": its words are gone from the prompt');
    await session.saved();
    await expect.poll(bindings).toEqual([['red fox', [2, 9]], ['white rabbit', [19, 31]]]); // kept as it was: lost, flagged
    expect((await session.shot()).prompt.slice(19, 31)).not.toBe('white rabbit');

    await prompt().press('Control+Home');
    await prompt().pressSequentially('at dawn, ', { delay: 20 });
    await session.saved();
    await expect.poll(bindings).toEqual([['red fox', [11, 18]], ['white rabbit', [19, 31]]]);
    await expect.poll(() => page().locator('.backdrop mark.actor').allTextContents()).toEqual(['red fox']);

    // bound again to other words, it is an actor like any other
    await select('grey hare');
    await page().getByRole('button', { name: 'Bind to selection' }).click();
    await expect.poll(bindings).toEqual([['red fox', [11, 18]], ['grey hare', [28, 37]]]);
    await expect.poll(() => page().getByRole('alert').filter({ hasText: 'its words are gone' }).count()).toBe(0);
  });

  it('refuses to generate a prompt over the model\'s limit, in the page and in the main process', async () => {
    await prompt().fill(`${'a red car '.repeat(8)}at dusk`); // 26 tokens
    await expect.poll(() => page().locator('.prompt-meter').textContent()).toContain('26 / 22 tokens');
    await expect.poll(() => page().getByRole('alert').filter({ hasText: 'too long' }).textContent())
      .toMatch(/The prompt is too long for .+: 26 tokens, at most 22\. Shorten it to generate\./);
    // the actors' words are gone with the old prompt: removed, so that the limit is all the main process has to refuse
    await page().getByRole('button', { name: 'Remove actor red fox' }).click();
    await expect.poll(bindings).toEqual([['grey hare', [28, 37]]]);
    await page().getByRole('button', { name: 'Remove actor grey hare' }).click();
    await expect.poll(bindings).toEqual([]);
    await session.saved();
    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => page().locator('.banner').textContent()).toMatch(/The prompt is too long for .+: 26 tokens, at most 22/);

    const { projectId, shotId } = session.place();
    const jobs = await session.answer<Job[]>('job.list', { projectId });
    expect(jobs).toEqual({ ok: true, value: [] });
    // the main process refuses it too, whoever asks
    const enqueued = await session.answer('job.enqueue', { projectId, shotId });
    expect(enqueued).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/The prompt is 26 tokens long; .+ takes at most 22\. Shorten it to generate\./) } });
  });

  it('lists every shortcut on ?, and closes on Escape', async () => {
    await page().locator('h1.title').click(); // out of the text field: ? is a shortcut, not a character
    await page().keyboard.press('?');
    const dialog = page().getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const text = await dialog.textContent();
    for (const label of ['New shot', 'Generate the selected shot', 'Make an actor of the selected words', 'Show this list of shortcuts']) expect(text).toContain(label);
    const shots = await page().locator('.shot-name').count();
    await page().keyboard.press('n'); // the editor's keys stay quiet while the list is open
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page().locator('.shot-name').count()).toBe(shots);
    await page().getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await dialog.waitFor();
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
