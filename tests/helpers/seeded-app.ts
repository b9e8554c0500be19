/**
 * A fresh app on the seeded project (fixture.ts) for every test of an integration file:
 * registers beforeEach, which builds them, and afterEach, which expects the app to have
 * logged nothing and closes it. Read `app` and `f` inside the tests (each test gets new ones).
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { makeApp, type TestApp } from './app';
import { seedProject, type Fixture } from './fixture';

export interface SeededApp {
  app: TestApp;
  f: Fixture;
}

export function seededApp(): SeededApp {
  const seeded = {} as SeededApp;
  beforeEach(async () => {
    seeded.app = makeApp();
    seeded.f = await seedProject(seeded.app);
  });
  afterEach(async () => {
    expect(seeded.app.logs).toEqual([]);
    await seeded.app.close();
  });
  return seeded;
}
