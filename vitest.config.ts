import { defineConfig } from 'vitest/config';

// Four suites: unit (fast, pure), integration (real SQLite, real processes), reliability
// (attacks, fuzzing and kills; longer with DIRECTA_RELIABILITY=long) and e2e (the built
// app through the browser host in Debian's Chromium).
//
// Timeouts are for a loaded 2-core CI machine (the build, a Python suite or a training run
// beside the tests), not for a fast laptop: a timeout here is a hang detector, and a
// healthy test never comes near one. Hooks get the same allowance as tests (a beforeAll
// that builds a project or bundles a child is a test's setup, not a quick hook).
const slow = (ms: number) => ({ testTimeout: ms, hookTimeout: ms, teardownTimeout: ms });

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', ...slow(60_000) } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', ...slow(180_000) } },
      {
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          environment: 'node',
          ...slow(process.env.DIRECTA_RELIABILITY === 'long' ? 1_800_000 : 300_000),
          // each file starts children and a worker of its own: one file at a time on two cores
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          ...slow(240_000),
          fileParallelism: false,
        },
      },
    ],
  },
});
