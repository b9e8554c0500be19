/**
 * A project whose database is damaged shows in the library list as damaged, with the
 * reason and what to do, and its "Restore last backup" action brings it back
 * (issue 11, item 8).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../electron/store/library';
import { damageDatabase } from '../helpers/damage-db';
import { editorSession } from '../helpers/editor-session';

// registered before the session's own hooks (which start the host): runs first
beforeAll(async () => {
  const library = new Library(session.dir);
  library.create({ name: 'Harbour' }).createScene('Dawn');
  await library.backupChanged();
  library.close();
  damageDatabase(path.join(session.dir, 'Harbour.directa', 'project.db'), 'junk header');
});
const session = editorSession('directa-e2e-damaged-');

describe('a damaged project in the library list', () => {
  it('is shown with its reason and advice, and restored from its last backup', async () => {
    const { page } = session;
    await page.goto(session.served.url);
    const entry = page.locator('li.project.damaged');
    await expect.poll(() => entry.textContent()).toMatch(/Harbour.*Damaged:.*header is damaged.*Restore the last backup \(taken/s);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Restore last backup of Harbour.directa' }).click();
    await expect.poll(() => entry.count()).toBe(0);
    await page.getByRole('button', { name: 'Open Harbour' }).click();
    await expect.poll(() => page.locator('h1.title').textContent()).toBe('Harbour');
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
