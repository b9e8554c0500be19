import { afterEach, beforeEach, expect } from 'vitest';
import { Library, type NewProject } from '../../electron/store/library';
import type { ProjectStore } from '../../electron/store/project-store';
import { StoreError } from '../../electron/store/types';
import { tempDir } from './tmp';

/** `fn` must throw a StoreError with this code. */
export function expectStoreError(fn: () => unknown, code: StoreError['code']): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(StoreError);
  expect((thrown as StoreError).code).toBe(code);
}

/**
 * A fresh library with one project for every test of the calling file (closed and removed
 * afterwards). Read `ctx.library` and `ctx.store` inside tests; a test may replace them.
 */
export function projectStoreFixture(project: NewProject = { name: 'Film' }): { library: Library; store: ProjectStore; dir: string } {
  const ctx = {} as { library: Library; store: ProjectStore; dir: string };
  let cleanup = (): void => {};
  beforeEach(() => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    ctx.dir = tmp.dir;
    ctx.library = new Library(tmp.dir);
    ctx.store = ctx.library.create(project);
  });
  afterEach(() => {
    ctx.library.close();
    cleanup();
  });
  return ctx;
}
