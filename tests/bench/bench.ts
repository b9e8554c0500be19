/**
 * `npm run bench`: speed of the default model package on the CPU provider with 2 intra-op
 * threads: seconds per denoising step (the UNet at the guidance batch of 2), seconds per
 * clip (the manifest's default steps and 25 steps), MP4 encoding, peak memory (RSS), and
 * the ratio of our UNet step to the same model's PyTorch eager step measured in the same
 * run. Plain text figures, no assertions: speed is judged by people, not by tests.
 *
 *   npm run bench [-- --model PACKAGE_DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { generate } from '../../electron/engine/pipeline';
import type { ShotSpec } from '../../electron/engine/spec';
import { writeTakeFiles } from '../../electron/services/take-files';
import { benchPackage, configFor } from './packages';
import { torchStep, type TorchStep } from './torch-step';
import { unetFeeds } from './unet-feeds';

const THREADS = 2;
const BATCH = 2;
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

async function timeUnet(pkg: ModelPackage): Promise<{ seconds: number; min: number; runs: number }> {
  const feeds = unetFeeds(pkg.manifest, BATCH);
  const once = async (): Promise<number> => {
    const started = performance.now();
    await pkg.sessions.unet.run(feeds);
    return (performance.now() - started) / 1000;
  };
  const first = await once(); // warm-up, also sizes the loop
  const runs = Math.min(20, Math.max(3, Math.ceil(UNET_BUDGET_S / first)));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { seconds: median(times), min: Math.min(...times), runs };
}

async function timeClip(pkg: ModelPackage, steps: number | null): Promise<{ seconds: number; steps: number; stepS: number; decodeS: number }> {
  const started = performance.now();
  const clip = await generate(pkg, shot(steps));
  return { seconds: (performance.now() - started) / 1000, steps: clip.steps, stepS: clip.timings.stepMs / 1000, decodeS: clip.timings.decodeMs / 1000 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' } } });
  const chosen = benchPackage(values.model);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  print(`Directa benchmark: onnxruntime-node ${ort.env.versions.node ?? '?'}, CPU provider, ${THREADS} intra-op threads; ${os.cpus().length} cores (${cpu}), Node ${process.versions.node}`);
  print(`package: ${chosen.id} (${path.relative(process.cwd(), chosen.dir)})`);
  if (chosen.note) print(`note: ${chosen.note}`);
  const load = os.loadavg()[0]!;
  if (load > os.cpus().length / 2) print(`note: load average ${load.toFixed(1)} on ${os.cpus().length} cores: other processes compete for the CPU, times are pessimistic`);

  const pkg = await loadPackage(chosen.dir, { provider: 'cpu', threads: THREADS });
  const m = pkg.manifest;
  print(`shapes: latents [${BATCH}, ${m.latent.channels}, ${m.frames}, ${m.latent.height}, ${m.latent.width}], ${m.text.maxTokens} tokens x ${m.text.dim}, ${m.maxRegions} regions; ${m.width}x${m.height} px`);
  const unet = await timeUnet(pkg);
  print(`UNet step, batch ${BATCH} (onnxruntime): ${sec(unet.seconds)} (median of ${unet.runs}, fastest ${sec(unet.min)})`);
  await generate(pkg, shot(1)); // warm-up of the text encoder and the VAE
  const full = await timeClip(pkg, null);
  const short = full.steps === 25 ? full : await timeClip(pkg, 25);
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
  await pkg.release();
  print(`peak memory (RSS) of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  const config = configFor(chosen.id);
  if (config === null) {
    print(`PyTorch reference: skipped (no native-models/configs/*.json has package id "${chosen.id}")`);
    return;
  }
  let torch: TorchStep;
  try {
    torch = await torchStep(config, { batch: BATCH, repeat: unet.seconds > 1 ? 3 : 5, threads: THREADS });
  } catch (err) {
    print(`PyTorch reference: failed (${(err as Error).message.split('\n')[0]}); set DIRECTA_PYTHON or run npm run setup:python`);
    return;
  }
  print(`PyTorch eager step, batch ${BATCH} (torch ${torch.torch}, ${torch.threads} threads, ${path.relative(process.cwd(), config)}): ${sec(torch.seconds_per_step)} (median of ${torch.times.length}, fastest ${sec(Math.min(...torch.times))}; peak RSS ${Math.round(torch.peak_rss_mb ?? 0)} MB)`);
  const ratio = unet.seconds / torch.seconds_per_step;
  const fastest = unet.min / Math.min(...torch.times);
  print(`ratio onnxruntime / PyTorch eager, UNet step: ${ratio.toFixed(2)} (medians; fastest runs: ${fastest.toFixed(2)}; goal <= ${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'not met'})`);
  print(`ratio onnxruntime / PyTorch eager, pipeline step: ${(full.stepS / torch.seconds_per_step).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
