/**
 * One browser session on a served editor for an e2e test file: registers beforeAll /
 * afterAll that start the browser host on a temp library, open Chromium on it and collect
 * every console error and page error (a test ends by expecting `problems` to be empty);
 * and what the e2e tests do around the UI: call the host as another client would, read
 * the tab's place and its shot, wait for the save, create a project, select a field's text.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ProjectState, Shot } from '../../electron/ipc/schemas';
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
  /** The same call, answering the host's whole answer, error included (to assert a refusal's code and message). */
  answer<T = unknown>(name: string, input: unknown): Promise<Answer<T>>;
  /** The project and shot in the tab's URL (`#project=…&shot=…`). */
  place(): { projectId: string; shotId: string };
  /** The tab's shot (`place()`) as the host has it, read through project.get. */
  shot(): Promise<Shot>;
  /**
   * Waits until the save status says every change is saved: up to 10 s, as a number field
   * saves after a pause in typing, then the save itself takes its time.
   */
  saved(): Promise<void>;
  /** Opens the editor and creates a project `name` of one scene of `shots` shots (the last one open). */
  newProject(name: string, shots?: number): Promise<void>;
  /** Focuses a text field and selects its characters `start` to `end`, as a mouse drag would. */
  selectText(field: Locator, start: number, end: number): Promise<void>;
  /**
   * Selects a text field's words from the first occurrence of `from` to the end of the
   * first of `to` (`from` itself by default); throws if either is not in the field.
   */
  selectWords(field: Locator, from: string, to?: string): Promise<void>;
}

/** The host's answer to a call. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export function editorSession(prefix: string): EditorSession {
  const tmp = tempDir(prefix);
  const session: EditorSession = {
    problems: [] as string[],
    dir: tmp.dir,
    async call<T>(name: string, input: unknown): Promise<T> {
      const result = await session.answer<T>(name, input);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.value;
    },
    async answer<T>(name: string, input: unknown): Promise<Answer<T>> {
      const url = new URL(session.served.url);
      const res = await fetch(new URL(`/api/call/${name}`, url.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-directa-secret': url.searchParams.get('secret')! },
        body: JSON.stringify(input),
      });
      return (await res.json()) as Answer<T>;
    },
    place() {
      const params = new URLSearchParams(new URL(session.page.url()).hash.slice(1));
      return { projectId: params.get('project')!, shotId: params.get('shot')! };
    },
    async shot() {
      const { projectId, shotId } = session.place();
      const state = await session.call<ProjectState>('project.get', { projectId });
      const shot = state.scenes.flatMap((s) => s.shots).find((s) => s.id === shotId);
      if (!shot) throw new Error(`shot ${shotId} is not in project ${projectId}`);
      return shot;
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
    async selectText(field, start, end) {
      await field.evaluate((el: HTMLInputElement | HTMLTextAreaElement, [a, b]) => { el.focus(); el.setSelectionRange(a, b); }, [start, end] as const);
    },
    async selectWords(field, from, to = from) {
      const text = await field.inputValue();
      const start = text.indexOf(from);
      const last = text.indexOf(to);
      if (start < 0 || last < 0) throw new Error(`"${from}"…"${to}" is not in "${text}"`);
      await session.selectText(field, start, last + to.length);
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
