/**
 * Export plans for the edit-list and board tests, built by hand (no store): three shots
 * over two scenes whose names and texts hold what breaks writers — quotes, commas,
 * newlines, non-ASCII letters and emoji — and a shot without a take.
 */
import path from 'node:path';
import type { ExportPlan, PlannedShot } from '../../electron/export/plan';

export interface ShotSeed {
  name: string;
  durationFrames: number;
  prompt?: string;
  camera?: { cx: number; cy: number; cz: number };
  seed?: number;
  notes?: string;
  dialogue?: string;
  scene?: string;
  /** false: the shot has no take */
  take?: boolean;
  objects?: PlannedShot['objects'];
}

export const TRICKY_SHOTS: ShotSeed[] = [
  {
    name: 'Wide, "establishing"', durationFrames: 48, scene: 'Arrival',
    prompt: 'a man walks into the café,\nslowly', camera: { cx: 0.2, cy: 0, cz: 1.5 }, seed: 7,
    notes: 'Notes with "quotes", commas\nand a second line', dialogue: 'MAN: Hello?',
    objects: [{
      id: 'o1', phrase: 'a man', span: [0, 5], color: '#e4572e',
      keyframes: [{ frame: 0, box: [0.1, 0.3, 0.3, 0.9] }, { frame: 47, box: [0.6, 0.3, 0.8, 0.9] }],
      path: [[0.2, 0.6], [0.45, 0.55], [0.7, 0.6]],
    }],
  },
  {
    name: 'Close — Zoë 🎬', durationFrames: 30, scene: 'Arrival', take: false,
    prompt: 'her face, lit by a neon sign', camera: { cx: 0, cy: -0.1, cz: 0.8 }, seed: 4294967295,
    notes: '', dialogue: 'ZOË: Who’s there? 😊',
  },
  {
    name: '城市 night run', durationFrames: 13, scene: 'Bridge',
    prompt: 'a runner crosses the bridge', camera: { cx: -0.5, cy: 0.25, cz: 1 }, seed: 0,
    notes: 'last shot', dialogue: '',
  },
];

/** A plan of `seeds` at `fps`, takes at `<mediaDir>/takes/<n>/clip.mp4`. */
export function makePlan(
  seeds: ShotSeed[],
  options: { fps: { num: number; den: number }; mediaDir: string; width?: number; height?: number; title?: string },
): ExportPlan {
  let start = 0;
  const scenes = [...new Set(seeds.map((s) => s.scene ?? 'Scene 1'))];
  const shots = seeds.map((seed, index): PlannedShot => {
    const sceneName = seed.scene ?? 'Scene 1';
    const sceneIndex = scenes.indexOf(sceneName);
    const id = `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
    const takeId = `10000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
    const shot: PlannedShot = {
      shotId: id, name: seed.name, sceneId: `20000000-0000-4000-8000-${String(sceneIndex + 1).padStart(12, '0')}`, sceneName,
      sceneIndex, indexInScene: seeds.slice(0, index).filter((s) => (s.scene ?? 'Scene 1') === sceneName).length, index,
      startFrame: start, durationFrames: seed.durationFrames,
      prompt: seed.prompt ?? '', negativePrompt: '', camera: seed.camera ?? { cx: 0, cy: 0, cz: 1 }, seed: seed.seed ?? 1,
      modelId: 'directa-previz', notes: seed.notes ?? '', dialogue: seed.dialogue ?? '', objects: seed.objects ?? [],
      take: seed.take === false ? null : {
        id: takeId, mediaPath: path.join(options.mediaDir, 'takes', String(index + 1), 'clip.mp4'),
        posterPath: null, modelId: 'directa-previz', specHash: `hash-${index + 1}`,
      },
    };
    start += seed.durationFrames;
    return shot;
  });
  return {
    project: { id: '30000000-0000-4000-8000-000000000001', name: 'Film — “Test”', folder: path.dirname(options.mediaDir), fps: options.fps, width: options.width ?? 64, height: options.height ?? 36 },
    scope: { kind: 'project' }, title: options.title ?? 'Film — “Test”', shots, durationFrames: start,
  };
}
