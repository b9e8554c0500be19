/**
 * `directa render SPEC.json --out DIR`: one ShotSpec to DIR/clip.mp4 (+ poster.jpg,
 * thumb-NNN.jpg) and DIR/metrics.json, through the engine's worker thread as the app runs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProviderName } from '../engine/package/providers';
import { Engine } from '../engine/engine';
import type { ShotSpec } from '../engine/spec';
import { parseSpecFile } from './inputs';
import { chooseModel } from './models';
import { writeClipFiles, writeJson, type ClipReport } from './outputs';
import { seconds, stepReporter, type ProgressReporter } from './progress';
import { metricsLine } from './summary-lines';

export interface RenderOptions {
  input: string;
  outDir: string;
  modelDir?: string;
  steps?: number;
  /** the execution provider to use (`--provider`); undefined: the engine's choice */
  provider?: ProviderName;
  workerFile: string;
  progress: ProgressReporter;
  print: (line: string) => void;
}

/** `spec` with the number of steps replaced when one is given. */
export function withSteps(spec: ShotSpec, steps: number | undefined): ShotSpec {
  return steps === undefined ? spec : { ...spec, sampler: { ...spec.sampler, steps } };
}

export async function renderSpec(options: RenderOptions): Promise<void> {
  const parsed = parseSpecFile(options.input);
  const model = chooseModel(options.modelDir, parsed.modelId);
  const spec = { ...withSteps(parsed, options.steps), modelId: model.id };
  fs.mkdirSync(options.outDir, { recursive: true });
  const engine = new Engine(options.workerFile, { provider: options.provider });
  const started = performance.now();
  try {
    const { clip, metrics } = await engine.generate(model.dir, spec, {
      onLoaded: (provider) => process.stderr.write(`model ${model.id} loaded on ${provider}\n`),
      onProgress: stepReporter(options.progress, 'generating'),
    });
    const { files, encodeMs } = await writeClipFiles(clip, spec, options.outDir);
    const report: ClipReport = {
      name: path.basename(options.input), file: files[0]!, modelId: model.id, provider: clip.provider, steps: clip.steps,
      seconds: (performance.now() - started) / 1000, timings: { ...clip.timings, encodeMs }, metrics, error: null, spec,
    };
    await writeJson(path.join(options.outDir, 'metrics.json'), report);
    const { num, den } = spec.fps;
    options.print(`${files[0]}: ${spec.durationFrames} frames at ${den === 1 ? num : `${num}/${den}`} fps, ${clip.width}x${clip.height}`);
    options.print(`model ${model.id}, ${clip.steps} step${clip.steps === 1 ? '' : 's'}, guidance ${clip.guidance}, ${clip.provider}`);
    options.print(metricsLine(metrics));
    options.print(`time ${seconds(performance.now() - started)} (denoise ${seconds(clip.timings.denoiseMs)}, encode ${seconds(encodeMs)})`);
    options.print(`wrote ${[...files, 'metrics.json'].join(', ')} to ${options.outDir}`);
  } finally {
    await engine.close();
  }
}
