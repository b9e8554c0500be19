/**
 * Parity of the TypeScript pipeline with the PyTorch reference pipeline
 * (native-models/directa_models/reference_pipeline.py) on the tiny random package.
 *
 * tests/fixtures/pipeline-parity.json (written by tests/tools/pipeline_parity.py) holds, per
 * case, a ShotSpec, the initial latents and the reference latents after every step. Here
 * generate() runs the same spec from the same latents and every step is compared.
 *
 * Tolerance: per step, max |TS − reference| ≤ 3e-4 · scale, where scale is the RMS of the
 * reference latents at that step (1.3 to 18 here); the mean must agree to the same bound and
 * the L2 norm to √N times it (N = 8192 values). The two sides differ only in arithmetic: onnxruntime's graphs against
 * PyTorch's modules, float64 against float32 scheduler arithmetic, and the fixture's 7
 * significant digits. Measured: at most 8.6e-6 · scale (1.2e-4 absolute, DPM case, last
 * step), the same as the reference loop itself run on the package's ONNX graphs
 * (`onnxVsTorchMaxDiff` in the fixture), so 3e-4 leaves a margin of about 35 for other CPUs
 * and onnxruntime builds. Plausible wiring mistakes, simulated on the TS side while writing
 * this test, move at least one case by 6.6e-3 · scale or more (20× the bound): uncond gets
 * the shot's camera (1.3e-2), camOffT 0.86 (2.4e-2), attnTau 0.96 (0.68), λ 20 instead of
 * 25 (9e-3), negative prompt ignored (0.2), path ignored (0.47), cx off by 0.05 (6.6e-3),
 * boxes shifted by half a latent cell (0.19).
 * Note: in the DDIM 3-step cases every timestep (667, 334, 1) is below camOffT·T = 850 and
 * τ·T = 950, so the camera module and the amplification are off there; the DPM-Solver++
 * case (t = 999) and the DDIM 20-step case (t = 951, 901, 851) exercise both.
 * The object-control inputs (tokens, boxes, masks, gains) and timesteps are compared
 * first, so a disagreement there is named before the latents are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { generate } from '../../electron/engine/pipeline';
import { buildRegions } from '../../electron/engine/regions';
import { createScheduler } from '../../electron/engine/schedulers';
import type { ShotSpec } from '../../electron/engine/spec';
import { ensureTinyPackage } from '../helpers/tiny-package';

interface StepRef { scale: number; norm: number; mean: number; latents?: number[]; values?: number[] }
interface CaseRef {
  name: string;
  spec: ShotSpec;
  timesteps: number[];
  condIds: number[];
  uncondIds: number[];
  regions: { boxes: number[][][]; masks: number[]; tokens: number[]; strength: number[]; suppress: number[] };
  initialLatents: number[];
  /** present when the steps keep a subset of the latents */
  latentIndices?: number[];
  steps: StepRef[];
  onnxVsTorchMaxDiff: number[];
}
interface ParityFixture { package: { id: string; unetSha256: string }; shape: number[]; cases: CaseRef[] }

const fixture = JSON.parse(fs.readFileSync(path.resolve('tests/fixtures/pipeline-parity.json'), 'utf8')) as ParityFixture;
const RELATIVE_TOLERANCE = 3e-4;

let pkg: ModelPackage;
beforeAll(async () => {
  pkg = await loadPackage(ensureTinyPackage(), { threads: 1 });
});
afterAll(() => pkg?.release());

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

describe('pipeline parity with the PyTorch reference', () => {
  it('runs on the package the fixture was made from', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(3);
    expect(pkg.manifest.id).toBe(fixture.package.id);
    // A different hash alone is no failure (an exporter change may rewrite identical weights),
    // but it is the first thing to look at when the latents disagree.
    if (pkg.manifest.files.unet.sha256 !== fixture.package.unetSha256) {
      console.warn('pipeline-parity: the tiny package\'s unet.onnx is not the one the fixture was made with; '
        + 'regenerate with .venv/bin/python tests/tools/pipeline_parity.py if the cases disagree');
    }
  });

  for (const ref of fixture.cases) {
    describe(ref.name, () => {
      it('builds the same tokens, timesteps and object-control inputs', () => {
        const m = pkg.manifest;
        const cond = pkg.tokenizer.encode(ref.spec.prompt);
        expect(cond.ids).toEqual(ref.condIds);
        expect(pkg.tokenizer.encode(ref.spec.negativePrompt || m.defaults.negativePrompt).ids).toEqual(ref.uncondIds);
        const scheduler = createScheduler(ref.spec.sampler.scheduler, m.scheduler);
        scheduler.setTimesteps(ref.spec.sampler.steps!);
        expect(scheduler.timesteps).toEqual(ref.timesteps);
        const regions = buildRegions(ref.spec.objects, cond, ref.spec.durationFrames, {
          regions: m.maxRegions, frames: m.frames, height: m.latent.height, width: m.latent.width, tokens: m.text.maxTokens,
        });
        expect(Array.from(regions.tokens)).toEqual(ref.regions.tokens);
        expect(Array.from(regions.suppress)).toEqual(ref.regions.suppress);
        expect(maxAbsDiff(regions.boxes.flat(2), ref.regions.boxes.flat(2))).toBeLessThan(1e-9);
        expect(maxAbsDiff(regions.masks, ref.regions.masks)).toBeLessThan(1e-6);
        expect(maxAbsDiff(regions.strength, ref.regions.strength)).toBeLessThan(1e-6);
      });

      it('gives the reference latents after every step', async () => {
        const clip = await generate(pkg, ref.spec, { initialLatents: Float32Array.from(ref.initialLatents), keepLatents: true });
        expect(clip.latents).toHaveLength(ref.steps.length);
        const report: string[] = [];
        let failed = false;
        ref.steps.forEach((step, i) => {
          const ours = clip.latents![i]!;
          const picked = ref.latentIndices ? ref.latentIndices.map((k) => ours[k]!) : ours;
          const diff = maxAbsDiff(picked, ref.latentIndices ? step.values! : step.latents!);
          let sum = 0;
          let sq = 0;
          for (const v of ours) {
            sum += v;
            sq += v * v;
          }
          const normDiff = Math.abs(Math.sqrt(sq) - step.norm);
          const meanDiff = Math.abs(sum / ours.length - step.mean);
          const tolerance = RELATIVE_TOLERANCE * step.scale;
          // norm over N values: N^½·scale; the mean's error is at most the max error
          const ok = diff <= tolerance && normDiff <= tolerance * Math.sqrt(ours.length) && meanDiff <= tolerance;
          failed ||= !ok;
          report.push(`step ${i + 1} (t=${ref.timesteps[i]}): max|Δ| ${diff.toExponential(2)} (tol ${tolerance.toExponential(2)}), `
            + `Δnorm ${normDiff.toExponential(2)}, Δmean ${meanDiff.toExponential(2)}${ok ? '' : '  <-- FAILS'}`);
        });
        if (process.env.PARITY_REPORT) console.log(`${ref.name}\n${report.join('\n')}`);
        expect(failed, `${ref.name}\n${report.join('\n')}`).toBe(false);
      });
    });
  }
});
