/**
 * The child of tests/reliability/crash.test.ts for kills during generation and encoding:
 * the app's services over a library (the real engine worker, ffmpeg and the tiny model),
 * shots queued for generation while a stream of edits goes on, until it is killed. Edits
 * print as crash-edits.ts says them ("do N ...", then "ack N" after the commit); besides:
 *
 *   ready                     recovered (the last run's interrupted job queued again), working
 *   job ID STATUS PROGRESS    every job.changed event (PROGRESS < 0.95: generating; 0.95: encoding)
 *
 *   node crash-gen-child.mjs LIBRARY_DIR PROJECT_ID ENGINE_WORKER MODELS_DIR RUN_TAG
 */
import { createAppServices } from '../../electron/app-services';
import type { Job } from '../../electron/ipc/schemas';
import { randomEdits, say, upTo } from './crash-edits';

const [dir, projectId, engineWorker, models, tag] = process.argv.slice(2) as [string, string, string, string, string];
const services = createAppServices({
  libraryDir: dir, host: 'browser', engineWorker, shippedModels: `${dir}/.no-shipped-models`, userModels: models,
  log: (m) => say(`log ${m.split('\n')[0]}`),
  emit: (name, payload) => {
    if (name !== 'job.changed') return;
    const { job } = payload as { job: Job };
    say(`job ${job.id} ${job.status} ${job.progress.toFixed(3)}`);
  },
});
services.generation.recover();
const store = services.library.get(projectId);
const edits = randomEdits(store, tag, { create: 0.3, update: 0.75 });
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

say('ready');
for (let n = 1; ; n++) {
  edits.edit(n);
  // now and then, a shot with a prompt is queued (a few steps: each run sees several jobs start and end)
  if (n % 15 === 0) {
    const shot = store.snapshot().scenes.flatMap((s) => s.shots).find((s) => s.prompt !== '' && Math.random() < 0.5);
    if (shot) {
      store.updateShot(shot.id, { durationFrames: 8, sampler: { scheduler: 'ddim', steps: 6 + upTo(10), guidance: 7.5 } });
      services.generation.enqueue(projectId, shot.id);
    }
  }
  await pause(3 + upTo(10)); // the worker's messages and ffmpeg's exit are handled between edits
}
