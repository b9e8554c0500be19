/**
 * `directa render NAME.directa --out DIR`: every shot of every scene, in timeline order,
 * through the app's own services (library + generation queue, libraryDir = the folder's
 * parent): each shot is enqueued, the queue drains, and each take's MP4 and poster are
 * copied to DIR/NN-scene-shot.mp4/.jpg, with DIR/metrics.json for all of them. With
 * --steps or --model the shots are rendered from a working copy in a temporary library.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppServices, type AppServices } from '../app-services';
import type { TakeMetrics } from '../engine/metrics';
import type { ShotSpec } from '../engine/spec';
import type { EventName, EventPayload } from '../ipc/contract';
import type { EnqueueResult } from '../services/generation';
import { DB_FILE, Library, MEDIA_DIR } from '../store/library';
import type { ProjectStore } from '../store/project-store';
import type { TakeRecord } from '../store/takes';
import { CliError } from './errors';
import { modelFolders, packageAt } from './models';
import { writeJson, type ClipReport } from './outputs';
import { copyProject, findProject, type Overrides } from './project-copy';
import type { RenderOptions } from './render-spec';
import { seconds } from './progress';
import { summarise } from './summary';
import { metricsLine, summaryLines } from './summary-lines';

export interface ShotReport extends ClipReport { scene: string; shot: string; reused: boolean }

/** A shot as queued: `name` is its output file's stem (NN-scene-shot). */
interface Queued { scene: string; shot: string; name: string; result: EnqueueResult | null; error: string | null }

/** Renders the project; answers whether every shot got a clip. */
export async function renderProject(options: RenderOptions): Promise<boolean> {
  const folder = path.resolve(options.input);
  if (!fs.existsSync(path.join(folder, DB_FILE))) throw new CliError(`${options.input}: not a Directa project (no ${DB_FILE} in it)`);
  const model = options.modelDir === undefined ? null : packageAt(options.modelDir);
  const copied = model !== null || options.steps !== undefined;
  const scratch = copied ? fs.mkdtempSync(path.join(os.tmpdir(), 'directa-render-')) : null;
  const folders = modelFolders();
  const logs: string[] = [];
  const log = (message: string): void => {
    logs.push(message);
    process.stderr.write(`${message}\n`);
  };
  const labels = new Map<string, string>();
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>): void => {
    if (name !== 'job.changed') return;
    const { job } = payload as EventPayload<'job.changed'>;
    const label = labels.get(job.id);
    if (label && job.status === 'running') options.progress(label, job.progress, `${Math.round(100 * job.progress)}%`);
  };
  const services = createAppServices({
    libraryDir: scratch ?? path.dirname(folder), host: 'browser', emit, log, engineWorker: options.workerFile,
    shippedModels: folders.shipped, userModels: model ? path.dirname(model.dir) : folders.user, provider: options.provider,
  });
  try {
    if (model && services.models.resolve(model.id).dir !== model.dir) {
      throw new CliError(`another installed package has the id "${model.id}" of ${model.dir}: move one of them`);
    }
    const store = copied ? workingCopy(folder, services, { steps: options.steps, modelId: model?.id }, log, logs) : findProject(services.library, folder, logs);
    const projectId = store.info().id;
    const shots = store.snapshot().scenes.flatMap((scene) => scene.shots.map((shot) => ({ scene: scene.name, shot })));
    if (shots.length === 0) throw new CliError(`${options.input}: the project has no shots`);
    const queued = shots.map(({ scene, shot }, i): Queued => {
      const label = `[${i + 1}/${shots.length}] ${scene} / ${shot.name}`;
      const entry = { scene, shot: shot.name, name: `${String(i + 1).padStart(2, '0')}-${slug(scene)}-${slug(shot.name)}` };
      try {
        const result = services.generation.enqueue(projectId, shot.id);
        if (result.job) labels.set(result.job.id, label);
        else options.progress(label, 1, 'reused an existing take');
        return { ...entry, result, error: null };
      } catch (err) {
        return { ...entry, result: null, error: (err as Error).message };
      }
    });
    await services.generation.idle();

    fs.mkdirSync(options.outDir, { recursive: true });
    const reports = queued.map((q) => collect(store, q, options.outDir));
    const summary = summarise(reports.flatMap((r) => (r.metrics ? [r.metrics] : [])));
    await writeJson(path.join(options.outDir, 'metrics.json'), {
      project: { name: store.info().name, folder, workingCopy: copied }, shots: reports, summary,
    });
    for (const r of reports) {
      options.print(r.error === null ? `${r.file}: ${metricsLine(r.metrics!)}  (${r.reused ? 'reused' : seconds(1000 * r.seconds)})` : `${r.scene} / ${r.shot}: FAILED: ${r.error}`);
    }
    summaryLines(summary).forEach((line) => options.print(line));
    const made = reports.filter((r) => r.error === null).length;
    options.print(`wrote ${made} of ${reports.length} clips and metrics.json to ${options.outDir}`);
    return made === reports.length;
  } finally {
    await services.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The project in `folder` copied into the services' (temporary) library with the overrides applied. */
function workingCopy(folder: string, services: AppServices, overrides: Overrides, log: (m: string) => void, logs: string[]): ProjectStore {
  const original = new Library(path.dirname(folder), log);
  try {
    return copyProject(findProject(original, folder, logs), services.library, overrides);
  } finally {
    original.close();
  }
}

/** The take a queued shot ended with, its files copied to the output folder, or why there is none. */
function collect(store: ProjectStore, q: Queued, outDir: string): ShotReport {
  const base = { scene: q.scene, shot: q.shot, name: `${q.scene} / ${q.shot}`, reused: Boolean(q.result?.take) };
  let take: TakeRecord | null = q.result?.take ?? null;
  let error = q.error;
  if (!take && q.result?.job) {
    const job = store.jobs.get(q.result.job.id);
    take = job.status === 'done' && job.takeId ? store.takes.get(job.takeId) : null;
    if (!take) error = job.error ?? `the job ended ${job.status}`;
  }
  if (!take) {
    return { ...base, file: null, modelId: null, provider: null, steps: null, seconds: 0, timings: {}, metrics: null, error: error ?? 'no take', spec: null };
  }
  const media = path.join(store.path, MEDIA_DIR);
  fs.copyFileSync(path.join(media, take.videoFile), path.join(outDir, `${q.name}.mp4`));
  if (take.posterFile) fs.copyFileSync(path.join(media, take.posterFile), path.join(outDir, `${q.name}.jpg`));
  return {
    ...base, file: `${q.name}.mp4`, modelId: take.modelId, provider: take.provider, steps: take.timings.steps ?? null,
    seconds: (take.timings.totalMs ?? 0) / 1000, timings: take.timings, metrics: take.metrics as unknown as TakeMetrics,
    error: null, spec: take.spec as ShotSpec,
  };
}

/** A file-name part: letters and digits of any script, lower-cased, other runs as one '-'. */
export function slug(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'untitled';
}
