/**
 * The child of tests/reliability/crash.test.ts for kills during generation and encoding:
 * the app's services over a library (the real engine worker, ffmpeg and the tiny model),
 * shots queued for generation while a stream of edits goes on, until it is killed. Edits
 * print as crash-child.ts's do ("do N ...", then "ack N" after the commit); besides:
 *
 *   ready                     recovered (the last run's interrupted job queued again), working
 *   job ID STATUS PROGRESS    every job.changed event (PROGRESS < 0.95: generating; 0.95: encoding)
 *
 *   node crash-gen-child.mjs LIBRARY_DIR PROJECT_ID ENGINE_WORKER MODELS_DIR RUN_TAG
 */
import fs from 'node:fs';
import { createAppServices } from '../../electron/app-services';
import type { Job } from '../../electron/ipc/schemas';

const [dir, projectId, engineWorker, models, tag] = process.argv.slice(2) as [string, string, string, string, string];
const say = (line: string): void => void fs.writeSync(1, `${line}\n`);
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
const sceneIds = store.snapshot().scenes.map((s) => s.id);
const idOf = new Map<string, string>(store.snapshot().scenes.flatMap((s) => s.shots.map((x) => [x.name, x.id] as const)));
const names = [...idOf.keys()];
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const upTo = (n: number): number => Math.floor(Math.random() * (n + 1));
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

say('ready');
let n = 0;
for (;;) {
  n++;
  const roll = Math.random();
  if (names.length === 0 || roll < 0.3) {
    const name = `${tag}s${n}`;
    const scene = upTo(sceneIds.length - 1);
    const index = upTo(8);
    say(`do ${n} create ${scene} ${index} ${name}`);
    idOf.set(name, store.createShot(sceneIds[scene]!, name, index));
    names.push(name);
  } else if (roll < 0.75) {
    const name = pick(names);
    const prompt = `${tag}p${n}`;
    say(`do ${n} update ${name} ${prompt}`);
    store.updateShot(idOf.get(name)!, { prompt });
  } else {
    const name = pick(names);
    const scene = upTo(sceneIds.length - 1);
    const index = upTo(8);
    say(`do ${n} move ${name} ${scene} ${index}`);
    store.moveShot(idOf.get(name)!, sceneIds[scene]!, index);
  }
  say(`ack ${n}`);
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
