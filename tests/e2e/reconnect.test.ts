/**
 * Issue 12's reconnect bug, in Chromium through the browser host: the host process is
 * killed under an open tab while a generation runs. The tab says the connection is lost
 * (never "All changes saved"), keeps an edit made meanwhile, and once `serve` is started
 * again on the same library (same address, same secret) it reconnects by itself, saves
 * the edit that waited, and shows what changed while it was away: a shot renamed and the
 * running job cancelled behind its back (no stale "running"). Events flow again after.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Library } from '../../electron/store/library';
import { editorSession } from '../helpers/editor-session';
import { serve } from '../helpers/serve';

const session = editorSession('directa-e2e-reconnect-');
const page = (): Page => session.page;
const status = () => page().locator('.status').textContent();
const queue = () => page().getByRole('region', { name: 'Generation queue' });

const outage = { from: 0, to: 0 };

describe('the tab survives a restart of the host', () => {
  it('shows a running generation, then the lost connection when the host dies', async () => {
    await session.newProject('Restart');
    await page().getByLabel('Prompt', { exact: true }).fill('a red car on a street');
    await expect.poll(status, { timeout: 10_000 }).toBe('All changes saved');
    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => queue().textContent(), { timeout: 60_000 }).toMatch(/running/);

    outage.from = session.problems.length;
    const exited = new Promise((resolve) => session.served.child.once('exit', resolve));
    session.served.child.kill('SIGKILL'); // a crash: no goodbye to the tab
    await exited;

    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Not connected/);
    await expect.poll(() => page().getByRole('alert', { name: 'Connection lost' }).textContent()).toContain('Lost the connection to Directa');
    await expect.poll(() => queue().textContent()).toMatch(/not connected/i);
  });

  it('keeps an edit made while the host is away, and says it waits', async () => {
    await page().getByLabel('Prompt', { exact: true }).fill('a white dog in the rain');
    await expect.poll(status, { timeout: 10_000 }).toBe('Not connected: reconnecting (an edit waits)');
  });

  it('reconnects to the restarted host, saves the edit and shows what changed meanwhile', async () => {
    // behind the tab's back, while no host runs: the shot renamed, the interrupted job cancelled
    const { projectId, shotId } = session.place();
    const library = new Library(session.dir);
    const store = library.get(projectId);
    store.updateShot(shotId, { name: 'Renamed offline' });
    const running = store.jobs.list().find((j) => j.status === 'running');
    expect(running).toBeDefined();
    store.jobs.cancel(running!.id);
    library.close();

    const before = session.served.url;
    session.served = await serve(session.dir);
    expect(session.served.url).toBe(before); // same port, same secret: the tab's origin and credential still hold

    await expect.poll(status, { timeout: 30_000 }).toBe('All changes saved');
    outage.to = session.problems.length;
    expect(await page().getByRole('alert', { name: 'Connection lost' }).count()).toBe(0);
    await expect.poll(() => page().getByRole('button', { name: /Renamed offline/ }).count()).toBeGreaterThan(0);
    await expect.poll(() => queue().textContent()).toMatch(/cancelled/);
    expect(await queue().textContent()).not.toMatch(/running/);
    const state = await session.call('project.get', { projectId }) as { scenes: { shots: { id: string; prompt: string }[] }[] };
    expect(state.scenes[0]!.shots.find((s) => s.id === shotId)!.prompt).toBe('a white dog in the rain');
  });

  it('receives events again: another client’s edit appears in the tab', async () => {
    const { projectId, shotId } = session.place();
    await session.call('shot.update', { projectId, shotId, patch: { name: 'Named elsewhere' } });
    await expect.poll(() => page().getByRole('button', { name: /Named elsewhere/ }).count()).toBeGreaterThan(0);
  });

  it('logged nothing but the refused connections of the outage', () => {
    const during = session.problems.slice(outage.from, outage.to);
    expect([...session.problems.slice(0, outage.from), ...session.problems.slice(outage.to)]).toEqual([]);
    for (const p of during) expect(p).toMatch(/ERR_CONNECTION_REFUSED|WebSocket connection .* failed|Failed to load resource/);
  });
});
