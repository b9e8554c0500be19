/** The pipeline in-process on the tiny random package: shapes, determinism, controls wiring (and the object control switched off), cancellation. */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { CancelledError, generate } from '../../electron/engine/pipeline';
import type { ShotSpec } from '../../electron/engine/spec';
import { tokensInSpan } from '../../electron/engine/tokenizers/types';
import { ensureTinyPackage } from '../helpers/tiny-package';
import { baseSpec, PIPELINE_PROMPT } from '../helpers/pipeline-spec';

let pkg: ModelPackage;
beforeAll(async () => {
  pkg = await loadPackage(ensureTinyPackage(), { threads: 1 });
});
afterAll(() => pkg?.release());

const prompt = PIPELINE_PROMPT;

describe('generate', () => {
  it('makes the package\'s frames, reports each step, and says what ran', async () => {
    const progress: number[] = [];
    const clip = await generate(pkg, baseSpec(), { onProgress: (s) => progress.push(s) });
    expect(clip.frames).toHaveLength(8);
    expect(clip.frames[0]).toHaveLength(128 * 128 * 3);
    expect(progress).toEqual([1, 2, 3]);
    expect(clip).toMatchObject({ width: 128, height: 128, fps: 8, steps: 3, guidance: 7.5, provider: 'cpu' });
    expect(clip.timings.stepMs).toBeGreaterThan(0);
  });

  it('gives the same frames for the same seed and different ones for another', async () => {
    const a = await generate(pkg, baseSpec());
    const b = await generate(pkg, baseSpec());
    const c = await generate(pkg, baseSpec({ seed: 8 }));
    expect(Buffer.compare(Buffer.from(a.frames[3]!), Buffer.from(b.frames[3]!))).toBe(0);
    expect(Buffer.compare(Buffer.from(a.frames[3]!), Buffer.from(c.frames[3]!))).not.toBe(0);
  });

  it('feeds the camera and the boxes to the UNet (they change the result) and interpolates boxes per frame', async () => {
    const plain = await generate(pkg, baseSpec({ sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 } }));
    const withBox = await generate(pkg, baseSpec({
      sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 },
      objects: [{ phrase: 'red car', span: [2, 9], keyframes: [{ frame: 0, box: [0, 0, 0.5, 0.5] }, { frame: 47, box: [0.5, 0.5, 1, 1] }], path: null }],
    }));
    expect(withBox.boxes[0]).toHaveLength(8);
    expect(withBox.boxes[0]![7]).toEqual([0.5, 0.5, 1, 1]);
    expect(Buffer.compare(Buffer.from(plain.frames[0]!), Buffer.from(withBox.frames[0]!))).not.toBe(0);
  });

  it('with objectControl false feeds zero masks, tokens, gain and suppression to the UNet, and still reports the requested boxes', async () => {
    // dpmpp-2m at 2 steps runs t = 999 then 500: the first step is above τ·T (amplification on)
    const sampler = { scheduler: 'dpmpp-2m' as const, steps: 2, guidance: 7.5 };
    const objects: ShotSpec['objects'] = [{ phrase: 'red car', span: [2, 9], keyframes: [{ frame: 0, box: [0, 0, 0.5, 0.5] }, { frame: 47, box: [0.5, 0.5, 1, 1] }], path: null }];
    const CONTROLS = ['region_masks', 'region_tokens', 'region_gain', 'suppress_tokens'] as const;
    type Feeds = Record<(typeof CONTROLS)[number], number[]>;
    const record = async (run: () => Promise<unknown>): Promise<Feeds[]> => {
      const unet = pkg.sessions.unet;
      const original = unet.run.bind(unet) as (feeds: InferenceSession.FeedsType) => Promise<InferenceSession.ReturnType>;
      const seen: Feeds[] = [];
      // copies: the pipeline refills the gain array in place between steps
      const spy = vi.spyOn(unet, 'run').mockImplementation((async (feeds: InferenceSession.FeedsType) => {
        seen.push(Object.fromEntries(CONTROLS.map((k) => [k, Array.from((feeds[k] as Tensor).data as Float32Array)])) as Feeds);
        return original(feeds);
      }) as typeof unet.run);
      try {
        await run();
      } finally {
        spy.mockRestore();
      }
      return seen;
    };
    const anyNonZero = (values: number[]) => values.some((v) => v !== 0);

    let on!: Awaited<ReturnType<typeof generate>>;
    const fedOn = await record(async () => { on = await generate(pkg, baseSpec({ sampler, objects })); });
    expect(fedOn).toHaveLength(2);
    for (const k of CONTROLS) expect(anyNonZero(fedOn[0]![k]), `${k} with the control on`).toBe(true);
    expect(anyNonZero(fedOn[1]!.region_gain)).toBe(false); // t = 500 < τ·T

    let off!: Awaited<ReturnType<typeof generate>>;
    const fedOff = await record(async () => { off = await generate(pkg, baseSpec({ sampler, objects }), { objectControl: false }); });
    expect(fedOff).toHaveLength(2);
    for (const step of fedOff) for (const k of CONTROLS) expect(anyNonZero(step[k]), `${k} with the control off`).toBe(false);
    expect(off.boxes).toEqual(on.boxes);
    expect(off.boxes[0]![7]).toEqual([0.5, 0.5, 1, 1]);
    // the same frames as the shot without boxes: nothing of the boxes reached the UNet
    const plain = await generate(pkg, baseSpec({ sampler }));
    expect(Buffer.compare(Buffer.from(off.frames[0]!), Buffer.from(plain.frames[0]!))).toBe(0);
    expect(Buffer.compare(Buffer.from(off.frames[0]!), Buffer.from(on.frames[0]!))).not.toBe(0);
  });

  it('binds a marked background\'s tokens alone to the background region, and refuses one when no region is left', async () => {
    const sampler = { scheduler: 'ddim' as const, steps: 1, guidance: 7.5 };
    const spanOf = (phrase: string): [number, number] => [prompt.indexOf(phrase), prompt.indexOf(phrase) + phrase.length];
    const actor = (phrase: string): ShotSpec['objects'][number] => ({ phrase, span: spanOf(phrase), keyframes: [{ frame: 0, box: [0, 0, 0.5, 0.5] }], path: null });
    const background = { phrase: 'city street', span: spanOf('city street') };
    const { maxRegions: R, text: { maxTokens: T } } = pkg.manifest;
    const unet = pkg.sessions.unet;
    const original = unet.run.bind(unet) as (feeds: InferenceSession.FeedsType) => Promise<InferenceSession.ReturnType>;
    const fed: { tokens: number[]; suppress: number[] }[] = [];
    const spy = vi.spyOn(unet, 'run').mockImplementation((async (feeds: InferenceSession.FeedsType) => {
      fed.push({ tokens: Array.from((feeds.region_tokens as Tensor).data as Float32Array), suppress: Array.from((feeds.suppress_tokens as Tensor).data as Float32Array) });
      return original(feeds);
    }) as typeof unet.run);
    try {
      await generate(pkg, baseSpec({ sampler, objects: [actor('red car')], background }));
    } finally {
      spy.mockRestore();
    }
    const cond = pkg.tokenizer.encode(prompt);
    const indicator = (ids: number[]) => Array.from({ length: T }, (_, t) => (ids.includes(t) ? 1 : 0));
    const street = tokensInSpan(cond, background.span);
    expect(street.length).toBeGreaterThan(0);
    // the conditional half: region 1 is the background, bound to "city street" only; nothing else of the prompt is suppressed
    expect(fed[0]!.tokens.slice(T, 2 * T)).toEqual(indicator(street));
    expect(fed[0]!.suppress.slice(0, T)).toEqual(indicator([...tokensInSpan(cond, spanOf('red car')), ...street]));

    const full = ['red', 'car', 'white', 'dog', 'sunset', 'and', 'on', 'at'].slice(0, R).map(actor);
    expect(full).toHaveLength(R);
    await expect(generate(pkg, baseSpec({ sampler, objects: full, background })))
      .rejects.toThrow(`this model controls at most ${R} regions per shot, and the shot's ${R} actors take them all: none is left for the marked background "city street"`);
    await generate(pkg, baseSpec({ sampler, objects: full })); // without the mark, taken as before
  });

  it('stops between steps when cancelled', async () => {
    let steps = 0;
    await expect(generate(pkg, baseSpec({ sampler: { scheduler: 'dpmpp-2m', steps: 10, guidance: 7.5 } }), {
      onProgress: () => steps++,
      isCancelled: () => steps >= 2,
    })).rejects.toBeInstanceOf(CancelledError);
    expect(steps).toBe(2);
  });

  it('refuses a prompt longer than the model takes', async () => {
    await expect(generate(pkg, baseSpec({ prompt: 'dog '.repeat(40) }))).rejects.toThrow(/tokens long; this model takes at most 22/);
  });
});
