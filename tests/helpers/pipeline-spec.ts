/** The shot the pipeline's integration tests start from (a ShotSpec for the tiny random package). */
import type { ShotSpec } from '../../electron/engine/spec';

export const PIPELINE_PROMPT = 'a red car and a white dog on a city street at sunset';

export const baseSpec = (over: Partial<ShotSpec> = {}): ShotSpec => ({
  version: 1, modelId: null, prompt: PIPELINE_PROMPT, negativePrompt: '', camera: { cx: 0, cy: 0, cz: 1 }, seed: 7,
  sampler: { scheduler: 'ddim', steps: 3, guidance: 7.5 }, durationFrames: 48, fps: { num: 24, den: 1 },
  aspect: { width: 1280, height: 720 }, objects: [], ...over,
});
