/**
 * The negative prompt's meter in Chromium through the browser host, with the built-in
 * model (word tokenizer, 22 tokens): the token count and the words the model does not
 * know as you type; an over-long negative prompt flagged under the field, Generate refused
 * in the page and by the main process (CONFLICT) with nothing queued; emptied, the field
 * says the model's own negative prompt is used.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-negative-');
const page = (): Page => session.page;
const field = () => page().getByLabel('Negative prompt', { exact: true });
const meter = () => page().locator('.negative-prompt .prompt-meter');

describe('the negative prompt field', () => {
  it('shows the token count and the words the model does not know as you type', async () => {
    await session.newProject('Negatives');
    await page().getByLabel('Prompt', { exact: true }).fill('a red car on a street at night');
    await expect.poll(() => page().locator('.negative-prompt').textContent()).toContain('the model\'s own negative prompt is used');
    await field().click();
    await field().pressSequentially('blurry, grainy night', { delay: 20 });
    await session.saved();
    await expect.poll(() => meter().textContent()).toContain('4 / 22 tokens');
    expect(await meter().locator('.unknown').textContent()).toMatch(/Not known to .+: blurry, grainy$/);
  });

  it('flags a negative prompt over the limit and refuses to generate it, in the page and in the main process', async () => {
    await field().fill(`${'blurry, '.repeat(11)}night`); // 23 tokens
    await expect.poll(() => meter().textContent()).toContain('23 / 22 tokens');
    await expect.poll(() => page().locator('.negative-prompt [role="alert"]').textContent())
      .toMatch(/^The negative prompt is too long for .+: 23 tokens, at most 22\. Shorten it to generate\.$/);
    expect(await page().locator('.prompt-field [role="alert"]').count()).toBe(0); // the prompt itself fits
    await session.saved();
    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => page().locator('.banner').textContent()).toMatch(/The negative prompt is too long for .+: 23 tokens, at most 22/);

    const { projectId, shotId } = session.place();
    expect(await session.answer('job.list', { projectId })).toEqual({ ok: true, value: [] });
    expect(await session.answer('job.enqueue', { projectId, shotId })).toMatchObject({
      ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/The negative prompt is 23 tokens long; .+ takes at most 22\. Shorten it to generate\./) },
    });
  });

  it('says the model\'s own negative prompt is used once emptied, and flags nothing', async () => {
    await field().fill('');
    await expect.poll(() => page().locator('.negative-prompt').textContent()).toContain('the model\'s own negative prompt is used');
    expect(await meter().count()).toBe(0);
    expect(await page().locator('.negative-prompt [role="alert"]').count()).toBe(0);
    await session.saved();
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
