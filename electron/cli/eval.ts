/**
 * `directa eval PACKAGE CASES.json [--json OUT] [--steps N] [--object-control on|off]
 * [--camera-projection on|off]`:
 * generate every case with one model package, measure each take's control metrics, print
 * a line per case and the summary (every figure beside its do-nothing baseline on the same
 * cases: see summary.ts for the structure), and write the full report as JSON. Thresholds
 * are the caller's business: the exit status says only whether every case ran.
 *
 * `--object-control off` generates every case without the paper's training-free object
 * control (no cross-attention amplification or suppression: the pipeline's
 * `objectControl: false`) while the boxes are still scored against the requested ones, so
 * that two runs show what the modulation adds to box IoU. `--camera-projection off` does
 * the same for the engine's camera projection (camera-projection.ts): the model alone.
 */
import path from 'node:path';
import type { ProviderName } from '../engine/package/providers';
import { Engine } from '../engine/engine';
import { readManifest } from '../engine/package/loader';
import { parseCasesFile } from './inputs';
import { packageAt } from './models';
import { writeJson, type ClipReport } from './outputs';
import { seconds, stepReporter, type ProgressReporter } from './progress';
import { withSteps } from './render-spec';
import { summarise, type ControlSummary } from './summary';
import { metricsLine, summaryLines } from './summary-lines';

export interface EvalOptions {
  packageDir: string;
  casesFile: string;
  jsonOut?: string;
  steps?: number;
  /** the execution provider to use (`--provider`); undefined: the engine's choice */
  provider?: ProviderName;
  /** false: generate with the object control off (default true) */
  objectControl?: boolean;
  /** false: generate without the package's camera projection (default true) */
  cameraProjection?: boolean;
  workerFile: string;
  progress: ProgressReporter;
  print: (line: string) => void;
}

/** What `--json` writes: every case (spec, metrics, timings or error) and the summary. */
export interface EvalReport {
  package: { id: string; name: string; dir: string };
  casesFile: string;
  steps: number | null;
  /** whether the cases were generated with the object control (cross-attention amplification and suppression) */
  objectControl: boolean;
  /** false when the cases were generated with the package's camera projection turned off */
  cameraProjection: boolean;
  cases: ClipReport[];
  /** `cases` run, `failed` of them, and the control summary over the rest (version 2) */
  summary: ControlSummary & { cases: number; failed: number };
}

/** Runs the evaluation; answers whether every case ran. */
export async function evaluate(options: EvalOptions): Promise<boolean> {
  const model = packageAt(options.packageDir);
  const cases = parseCasesFile(options.casesFile);
  const objectControl = options.objectControl ?? true;
  const cameraProjection = options.cameraProjection ?? true;
  const engine = new Engine(options.workerFile, { provider: options.provider });
  const reports: ClipReport[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      const spec = { ...withSteps(c.spec, options.steps), modelId: model.id };
      const label = `[${i + 1}/${cases.length}] ${c.name}`;
      const started = performance.now();
      const base = { name: c.name, file: null, modelId: model.id, spec };
      try {
        const { clip, metrics } = await engine.generate(model.dir, spec, { onProgress: stepReporter(options.progress, label), objectControl, cameraProjection });
        const report = { ...base, provider: clip.provider, steps: clip.steps, seconds: (performance.now() - started) / 1000, timings: clip.timings, metrics, error: null };
        reports.push(report);
        options.print(`${c.name}: ${metricsLine(metrics)}  (${seconds(1000 * report.seconds)})`);
      } catch (err) {
        reports.push({ ...base, provider: null, steps: null, seconds: (performance.now() - started) / 1000, timings: {}, metrics: null, error: (err as Error).message });
        options.print(`${c.name}: FAILED: ${(err as Error).message}`);
      }
    }
  } finally {
    await engine.close();
  }
  const failed = reports.filter((r) => r.error !== null).length;
  const summary = { cases: cases.length, failed, ...summarise(reports.flatMap((r) => (r.metrics ? [r.metrics] : []))) };
  options.print(`model ${model.id}: ${cases.length} cases, ${failed} failed`);
  options.print(objectControlLine(objectControl));
  options.print(cameraProjectionLine(cameraProjection, readManifest(model.dir).defaults.cameraProjection ?? 0));
  summaryLines(summary).forEach((line) => options.print(line));
  if (options.jsonOut !== undefined) {
    const report: EvalReport = {
      package: model, casesFile: path.resolve(options.casesFile), steps: options.steps ?? null, objectControl, cameraProjection, cases: reports, summary,
    };
    await writeJson(options.jsonOut, report);
    options.print(`wrote ${options.jsonOut}`);
  }
  return failed === 0;
}

/** The summary's line that says whether the camera projection was on, and at what strength. */
export function cameraProjectionLine(on: boolean, strength: number): string {
  if (strength <= 0) return 'camera projection: none (the package asks for none)';
  return on
    ? `camera projection: on at ${strength} (the backdrop of each step's clean estimate pulled onto one picture seen through the move)`
    : `camera projection: off (the package asks for ${strength}; the model alone)`;
}

/** The summary's line that says whether the object control was on. */
export function objectControlLine(on: boolean): string {
  return on
    ? 'object control: on (cross-attention amplification and suppression in the boxes)'
    : 'object control: off (no cross-attention amplification or suppression; boxes scored against the requested ones all the same)';
}
