/**
 * One browser session on a served editor for an e2e test file: registers beforeAll /
 * afterAll that start the browser host on a temp library, open Chromium on it and collect
 * every console error and page error (a test ends by expecting `problems` to be empty);
 * and what the e2e tests do around the UI: call the host as another client would, read
 * the tab's place, wait for the save, create a project.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from './browser';
import { serve, type Served } from './serve';
import { tempDir } from './tmp';

export interface EditorSession {
  /** the browser host; a test that restarts it puts the new one here */
  served: Served;
  browser: Browser;
  page: Page;
  problems: string[];
  /** the library folder */
  dir: string;
  /** A call to the host from outside the tab (another client), with the run's secret; an error answer throws. */
  call<T = unknown>(name: string, input: unknown): Promise<T>;
  /** The project and shot in the tab's URL (`#project=…&shot=…`). */
  place(): { projectId: string; shotId: string };
  /**
   * Waits until the save status says every change is saved: up to 10 s, as a number field
   * saves after a pause in typing, then the save itself takes its time.
   */
  saved(): Promise<void>;
  /** Opens the editor and creates a project `name` of one scene of `shots` shots (the last one open). */
  newProject(name: string, shots?: number): Promise<void>;
}

export function editorSession(prefix: string): EditorSession {
  const tmp = tempDir(prefix);
  const session: EditorSession = {
    problems: [] as string[],
    dir: tmp.dir,
    async call<T>(name: string, input: unknown): Promise<T> {
      const url = new URL(session.served.url);
      const res = await fetch(new URL(`/api/call/${name}`, url.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-directa-secret': url.searchParams.get('secret')! },
        body: JSON.stringify(input),
      });
      const result = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!result.ok) throw new Error(`${name}: ${result.error?.message}`);
      return result.value as T;
    },
    place() {
      const params = new URLSearchParams(new URL(session.page.url()).hash.slice(1));
      return { projectId: params.get('project')!, shotId: params.get('shot')! };
    },
    async saved() {
      await expect.poll(() => session.page.locator('.status').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    },
    async newProject(name, shots = 1) {
      const page = session.page;
      await page.goto(session.served.url);
      await page.getByLabel('New project name').fill(name);
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.getByRole('button', { name: 'Add scene', exact: true }).click();
      for (let i = 0; i < shots; i++) await page.getByRole('button', { name: 'Add shot', exact: true }).click();
    },
  } as EditorSession;
  beforeAll(async () => {
    session.served = await serve(tmp.dir);
    session.browser = await launchChromium();
    session.page = await session.browser.newPage();
    // Playwright's 30 s default is for a quiet machine; the tests run beside builds on two cores
    session.page.setDefaultTimeout(90_000);
    session.page.on('console', (m) => { if (m.type() === 'error') session.problems.push(`${m.text()} at ${m.location().url}`); });
    session.page.on('pageerror', (e) => session.problems.push(e.message));
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.served?.stop();
    tmp.cleanup();
  });
  return session;
}
