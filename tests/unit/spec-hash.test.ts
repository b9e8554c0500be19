import { describe, expect, it } from 'vitest';
import type { ShotSpec } from '../../electron/engine/spec';
import { hashSpec } from '../../electron/engine/spec-hash';
import { shotSpecWithHash, shotToSpec, SpecError } from '../../electron/services/shot-spec';
import type { ShotRecord } from '../../electron/store/types';

/** A spec with the awkward bits: non-ASCII text, fractions, nulls, nested arrays. */
const known = (): ShotSpec => ({
  version: 1,
  modelId: 'directa-default@1',
  prompt: 'a red fox — “Reynard” — runs past an old oak, 🦊',
  negativePrompt: 'blurry',
  camera: { cx: 0.1, cy: -0.25, cz: 1.2 },
  seed: 4294967295,
  sampler: { scheduler: 'ddim', steps: 25, guidance: 7.5 },
  durationFrames: 72,
  fps: { num: 24000, den: 1001 },
  aspect: { width: 1280, height: 720 },
  objects: [{
    phrase: 'fox',
    span: [6, 9],
    keyframes: [{ frame: 0, box: [0.1, 0.2, 0.3, 0.5] }, { frame: 71, box: [0.5, 0.2, 0.8, 0.6] }],
    path: [[0.2, 0.35], [0.5, 0.3], [0.65, 0.4]],
  }, {
    phrase: 'oak',
    span: [41, 44],
    keyframes: [{ frame: 0, box: [0.7, 0.1, 0.95, 0.9] }],
    path: null,
  }],
});

/**
 * Computed once from `known()` (and checked independently: SHA-256 of Python's
 * `json.dumps(spec, sort_keys=True, separators=(',', ':'), ensure_ascii=False)`).
 * A different value here means takes made on another machine or build would no longer be found.
 */
const KNOWN_HASH = 'c3220886a3047f91e624ec9f571991252c97fc00360f5862d2a669f027ad93e8';

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('hashSpec', () => {
  it('is SHA-256 hex and the same for the same spec', () => {
    expect(hashSpec(known())).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSpec(known())).toBe(hashSpec(known()));
  });

  it('does not depend on key order', () => {
    const reversed = reverseKeys(known()) as ShotSpec;
    expect(Object.keys(reversed)[0]).toBe('objects');
    expect(hashSpec(reversed)).toBe(hashSpec(known()));
  });

  it('is pinned: a known spec has a known hash on every machine', () => {
    expect(hashSpec(known())).toBe(KNOWN_HASH);
  });

  it('changes when any field changes', () => {
    const edits: [string, (s: ShotSpec) => void][] = [
      ['modelId', (s) => { s.modelId = null; }],
      ['prompt', (s) => { s.prompt += ' '; }],
      ['negativePrompt', (s) => { s.negativePrompt = ''; }],
      ['camera.cx', (s) => { s.camera.cx = 0.1000001; }],
      ['camera.cy', (s) => { s.camera.cy = 0.25; }],
      ['camera.cz', (s) => { s.camera.cz = 1; }],
      ['seed', (s) => { s.seed = 4294967294; }],
      ['sampler.scheduler', (s) => { s.sampler.scheduler = 'dpmpp-2m'; }],
      ['sampler.steps', (s) => { s.sampler.steps = null; }],
      ['sampler.guidance', (s) => { s.sampler.guidance = 7.4; }],
      ['durationFrames', (s) => { s.durationFrames = 73; }],
      ['fps.num', (s) => { s.fps.num = 24; }],
      ['fps.den', (s) => { s.fps.den = 1000; }],
      ['aspect.width', (s) => { s.aspect.width = 1920; }],
      ['aspect.height', (s) => { s.aspect.height = 1080; }],
      ['objects order', (s) => { s.objects.reverse(); }],
      ['objects removed', (s) => { s.objects.pop(); }],
      ['object phrase', (s) => { s.objects[0]!.phrase = 'Fox'; }],
      ['object span', (s) => { s.objects[0]!.span = [6, 10]; }],
      ['keyframe frame', (s) => { s.objects[0]!.keyframes[1]!.frame = 70; }],
      ['keyframe box', (s) => { s.objects[0]!.keyframes[0]!.box[2] = 0.31; }],
      ['path point', (s) => { s.objects[0]!.path![1]![0] = 0.51; }],
      ['path removed', (s) => { s.objects[0]!.path = null; }],
    ];
    const hashes = new Map<string, string>([['(none)', hashSpec(known())]]);
    for (const [field, edit] of edits) {
      const spec = known();
      edit(spec);
      const hash = hashSpec(spec);
      expect([...hashes.entries()].find(([, h]) => h === hash)?.[0], field).toBeUndefined();
      hashes.set(field, hash);
    }
  });

  it('refuses a value that is not a valid spec', () => {
    expect(() => hashSpec({ ...known(), extra: 1 } as ShotSpec)).toThrow();
    expect(() => hashSpec({ ...known(), camera: { cx: 1.5, cy: 0, cz: 1 } })).toThrow();
  });
});

describe('shotToSpec', () => {
  const project = { fps: { num: 24000, den: 1001 }, width: 1280, height: 720 };
  const shot = (prompt: string): ShotRecord => ({
    id: '11111111-1111-4111-8111-111111111111', sceneId: '22222222-2222-4222-8222-222222222222',
    name: 'A', durationFrames: 72, prompt, negativePrompt: 'blurry', camera: { cx: 0.1, cy: -0.25, cz: 1.2 },
    seed: 4294967295, sampler: { scheduler: 'ddim', steps: 25, guidance: 7.5 }, modelId: 'directa-default@1',
    notes: 'not in the spec', dialogue: 'not in the spec either', activeTakeId: null, background: null,
    objects: known().objects.map((o, i) => ({ ...o, id: `3333333${i}-3333-4333-8333-333333333333`, color: '#ff0000' })),
  });

  it('maps a shot to exactly the engine spec, so to a stable hash', () => {
    const { spec, hash } = shotSpecWithHash(project, shot(known().prompt));
    expect(spec).toEqual(known());
    expect(hash).toBe(KNOWN_HASH);
  });

  it('does not let notes, dialogue, names, colours or ids change the hash', () => {
    const other = { ...shot(known().prompt), name: 'B', notes: 'x', dialogue: 'y', id: '44444444-4444-4444-8444-444444444444' };
    other.objects = other.objects.map((o) => ({ ...o, color: '#00ff00', id: '55555555-5555-4555-8555-555555555555' }));
    expect(shotSpecWithHash(project, other).hash).toBe(KNOWN_HASH);
  });

  it('errors when an object\'s phrase is no longer at its span in the prompt', () => {
    expect(() => shotToSpec(project, shot(known().prompt.replace('fox', 'cat')))).toThrow(SpecError);
    expect(() => shotToSpec(project, shot(known().prompt.replace('oak', 'elm')))).toThrow(/"oak" is no longer in the prompt/);
  });
});
