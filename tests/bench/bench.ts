/**
 * `npm run bench`: speed of the default model package on the CPU provider with the engine's
 * settings (2 threads; the guidance batch's halves at once, one thread each, the second on
 * the engine worker's helper thread): cold start to the first clip, seconds per denoising
 * step (the engine's UNet step at the guidance batch of 2), the step's FLOPs against the CPU's measured
 * matrix-product peak and the operators its time goes to (limit.ts), the step under other
 * session settings and as two runs of batch 1 (settings.ts), seconds per clip (the
 * manifest's default steps and 25 steps), MP4 encoding, peak memory (RSS), and the ratio of
 * our UNet step to the same model's PyTorch eager step measured in the same run (its fastest
 * way: batch 2 with OpenMP's threads spinning or not, or the halves on two Python threads
 * at once; the spinning batch and the halves also with diffusers' feed-forward chunking,
 * the counterpart of the graph's row chunks). Plain text
 * figures, no assertions: speed is judged by people, not by tests.
 *
 *   npm run bench [-- --model PACKAGE_DIR] [--skip limit,settings,clips,torch]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { splitThreads } from '../../electron/engine/guidance-half';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { sessionOptions } from '../../electron/engine/package/providers';
import { generate } from '../../electron/engine/pipeline';
import type { ShotSpec } from '../../electron/engine/spec';
import { writeTakeFiles } from '../../electron/services/take-files';
import { bundleEngineWorker } from '../helpers/engine-worker';
import { limitLines, measureLimit } from './limit';
import { benchPackage, configFor } from './packages';
import { compareSettings } from './settings';
import { torchStep, type TorchStep } from './torch-step';
import { engineStep, unetFeeds } from './unet-feeds';

const THREADS = 2;
/** the engine's settings: the worker's own, as electron/engine uses them */
const ENGINE = { provider: 'cpu', threads: THREADS } as const;
const BATCH = 2;
/** rounds over the session settings (each round runs every setting once) */
const SETTING_ROUNDS = 3;
/** time the UNet-only loop aims for (the repeat count follows from the first run) */
const UNET_BUDGET_S = 4;
const GOAL_RATIO = 0.6;

const shot = (steps: number | null): ShotSpec => ({
  version: 1, modelId: null, prompt: 'a red car drives along a city street', negativePrompt: '', camera: { cx: 0.3, cy: 0, cz: 1.2 },
  seed: 1, sampler: { scheduler: 'ddim', steps, guidance: null }, durationFrames: 72, fps: { num: 24, den: 1 },
  aspect: { width: 1280, height: 720 },
  objects: [{ phrase: 'red car', span: [2, 9], keyframes: [{ frame: 0, box: [0.1, 0.5, 0.35, 0.8] }, { frame: 71, box: [0.6, 0.5, 0.85, 0.8] }], path: null }],
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sec = (s: number): string => `${s.toFixed(s < 1 ? 4 : 2)} s`;
const print = (line: string): void => console.log(line);

async function timeUnet(pkg: ModelPackage): Promise<{ seconds: number; min: number; times: number[] }> {
  const step = engineStep(pkg.sessions.unet, pkg.manifest, pkg.guidanceHalf);
  const once = async (): Promise<number> => {
    const started = performance.now();
    await step();
    return (performance.now() - started) / 1000;
  };
  const first = await once(); // warm-up, also sizes the loop
  const runs = Math.min(20, Math.max(3, Math.ceil(UNET_BUDGET_S / first)));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { seconds: median(times), min: Math.min(...times), times };
}

async function timeClip(pkg: ModelPackage, steps: number | null): Promise<{ seconds: number; steps: number; stepS: number; decodeS: number }> {
  const started = performance.now();
  const clip = await generate(pkg, shot(steps));
  return { seconds: (performance.now() - started) / 1000, steps: clip.steps, stepS: clip.timings.stepMs / 1000, decodeS: clip.timings.decodeMs / 1000 };
}

const SKIPPABLE = ['limit', 'settings', 'clips', 'torch'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, skip: { type: 'string' } } });
  const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
  for (const part of skip) if (!(SKIPPABLE as readonly string[]).includes(part)) throw new Error(`--skip: parts are ${SKIPPABLE.join(', ')}`);
  const chosen = benchPackage(values.model);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  print(`Directa benchmark: onnxruntime-node ${ort.env.versions.node ?? '?'}, CPU provider, ${THREADS} intra-op threads; ${os.cpus().length} cores (${cpu}), Node ${process.versions.node}`);
  print(`package: ${chosen.id} (${path.relative(process.cwd(), chosen.dir)})`);
  if (chosen.note) print(`note: ${chosen.note}`);
  const load = os.loadavg()[0]!;
  if (load > os.cpus().length / 2) print(`note: load average ${load.toFixed(1)} on ${os.cpus().length} cores: other processes compete for the CPU, times are pessimistic`);

  // cold start: sessions, then the first clip at the default steps
  const started = performance.now();
  const worker = bundleEngineWorker();
  const pkg = await loadPackage(chosen.dir, ENGINE, { halfWorker: worker });
  const loadS = (performance.now() - started) / 1000;
  const cold = await timeClip(pkg, null);
  print(`cold start: package and sessions ${sec(loadS)}, first clip at ${cold.steps} steps ${sec(cold.seconds)}: ${sec(loadS + cold.seconds)} to the first frame`);
  const m = pkg.manifest;
  const graph = path.join(chosen.dir, m.files.unet.path);
  const feeds = unetFeeds(m, BATCH);
  print(`shapes: latents [${BATCH}, ${m.latent.channels}, ${m.frames}, ${m.latent.height}, ${m.latent.width}], ${m.text.maxTokens} tokens x ${m.text.dim}, ${m.maxRegions} regions; ${m.width}x${m.height} px; `
    + 'UNet inputs as the engine\'s guidance batch (one latent in both halves)');
  const unet = await timeUnet(pkg);
  const how = pkg.guidanceHalf ? `the halves at once, ${splitThreads(THREADS).join(' + ')} threads` : `one run, ${THREADS} threads`;
  print(`UNet step, batch ${BATCH} (onnxruntime, the engine's step: ${how}): ${sec(unet.seconds)} (median of ${unet.times.length}, fastest ${sec(unet.min)})`);

  if (!skip.has('limit')) {
    const limit = await measureLimit(graph, feeds, sessionOptions('cpu', ENGINE));
    for (const line of limitLines(limit, unet.seconds, THREADS)) print(line);
  }
  if (!skip.has('settings')) {
    print('session settings (median / fastest of the rounds):');
    for (const row of await compareSettings(graph, m, ENGINE, SETTING_ROUNDS, worker)) print(`  ${row.label.padEnd(60)} ${sec(row.median)} / ${sec(row.min)}`);
  }
  let pipelineStepS: number | null = null;
  if (!skip.has('clips')) {
    const full = await timeClip(pkg, null);
    const short = full.steps === 25 ? full : await timeClip(pkg, 25);
    pipelineStepS = full.stepS;
    print(`denoising step in the pipeline (UNet + guidance + scheduler): ${sec(full.stepS)}`);
    print(`clip at ${full.steps} steps (manifest default): ${sec(full.seconds)} (VAE decode ${sec(full.decodeS)})`);
    print(`clip at 25 steps: ${sec(short.seconds)}`);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'directa-bench-'));
    try {
      const clip = await generate(pkg, shot(1));
      const files = await writeTakeFiles({ clip, mediaDir: scratch, takeId: 'bench', fps: { num: 24, den: 1 }, durationFrames: 72 });
      print(`MP4 + poster + thumbnails, 72 frames at 24 fps: ${sec(files.encodeMs / 1000)}`);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  print(`peak memory (RSS) of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  const config = configFor(chosen.id);
  if (skip.has('torch') || config === null) {
    if (config === null) print(`PyTorch reference: skipped (no native-models/configs/*.json has package id "${chosen.id}")`);
    await pkg.release();
    return;
  }
  // the reference between more onnxruntime loops, so that both see the same machine
  const ways = { 'OMP_WAIT_POLICY=ACTIVE': { waitPolicy: 'ACTIVE' }, 'OMP_WAIT_POLICY=PASSIVE': { waitPolicy: 'PASSIVE' },
    'the halves at once on two threads': { halves: true },
    'OMP_WAIT_POLICY=ACTIVE, feed-forward chunks': { waitPolicy: 'ACTIVE', ffChunks: true },
    'the halves at once on two threads, feed-forward chunks': { halves: true, ffChunks: true } } as const;
  const torch: Partial<Record<keyof typeof ways, TorchStep>> = {};
  const around = [...unet.times];
  for (const [way, options] of Object.entries(ways) as [keyof typeof ways, (typeof ways)[keyof typeof ways]][]) {
    try {
      torch[way] = await torchStep(config, { batch: BATCH, repeat: unet.seconds > 1 ? 3 : 5, threads: THREADS, package: chosen.dir, ...options });
    } catch (err) {
      print(`PyTorch reference: failed (${(err as Error).message.split('\n')[0]}); set DIRECTA_PYTHON or run npm run setup:python`);
      await pkg.release();
      return;
    }
    around.push(...(await timeUnet(pkg)).times);
  }
  await pkg.release();
  for (const [way, t] of Object.entries(torch)) {
    print(`PyTorch eager step, batch ${BATCH}, ${way} (torch ${t.torch}, ${t.threads} threads${t.halves ? ' each' : ''}, camera ${t.camera}, ${path.relative(process.cwd(), config)}): `
      + `${sec(t.seconds_per_step)} (median of ${t.times.length}, fastest ${sec(Math.min(...t.times))}; peak RSS ${Math.round(t.peak_rss_mb ?? 0)} MB)`);
  }
  const best = Object.values(torch).reduce((a, b) => (a.seconds_per_step <= b.seconds_per_step ? a : b));
  const ortS = median(around);
  const ratio = ortS / best.seconds_per_step;
  const fastest = Math.min(...around) / Math.min(...best.times);
  print(`UNet step, batch ${BATCH} (onnxruntime), all ${around.length} runs around the reference: ${sec(ortS)} (fastest ${sec(Math.min(...around))})`);
  print(`ratio onnxruntime / PyTorch eager (its fastest way), UNet step: ${ratio.toFixed(2)} (medians; fastest runs: ${fastest.toFixed(2)}; goal <= ${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'not met'})`);
  if (pipelineStepS !== null) print(`ratio onnxruntime / PyTorch eager, pipeline step: ${(pipelineStepS / best.seconds_per_step).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
