/**
 * One browser session on a served editor for an e2e test file: registers beforeAll /
 * afterAll that start the browser host on a temp library, open Chromium on it and collect
 * every console error and page error (a test ends by expecting `problems` to be empty).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { serve, type Served } from './serve';
import { tempDir } from './tmp';

export interface EditorSession { served: Served; browser: Browser; page: Page; problems: string[]; dir: string }

export function editorSession(prefix: string): EditorSession {
  const tmp = tempDir(prefix);
  const session = { problems: [] as string[], dir: tmp.dir } as EditorSession;
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
