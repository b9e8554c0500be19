/** A small project to test against: two scenes, three shots, two objects bound to phrases. */
import type { ProjectState, ShotObjectInput } from '../../electron/ipc/schemas';
import type { TestApp } from './app';

export const FOX_PROMPT = 'a red fox runs past an old oak';

/** An object bound to the first occurrence of `phrase` in `prompt`. */
export function objectFor(prompt: string, phrase: string, extra: Partial<ShotObjectInput> = {}): ShotObjectInput {
  const at = prompt.indexOf(phrase);
  if (at < 0) throw new Error(`"${phrase}" is not in "${prompt}"`);
  return {
    phrase,
    span: [at, at + phrase.length],
    color: '#ff8800',
    keyframes: [{ frame: 0, box: [0.1, 0.2, 0.3, 0.5] }, { frame: 40, box: [0.5, 0.2, 0.8, 0.6] }],
    path: [[0.2, 0.35], [0.5, 0.3], [0.65, 0.4]],
    ...extra,
  };
}

export interface Fixture {
  projectId: string;
  sceneIds: [string, string];
  /** shots A and B in scene 1, C in scene 2; A has a prompt and two objects */
  shotIds: { a: string; b: string; c: string };
  /** a queued job for shot C (the queue is not started) and a take of shot B */
  jobId: string;
  takeId: string;
}

export async function seedProject(app: TestApp, name = 'Film'): Promise<Fixture> {
  const created = await app.ok<ProjectState>('project.create', { name, fps: { num: 24000, den: 1001 } });
  const projectId = created.project.id;
  await app.ok('scene.create', { projectId, name: 'Opening' });
  let state = await app.ok<ProjectState>('scene.create', { projectId, name: 'Chase' });
  const [s1, s2] = state.scenes.map((s) => s.id) as [string, string];
  await app.ok('shot.create', { projectId, sceneId: s1, name: 'A' });
  await app.ok('shot.create', { projectId, sceneId: s1, name: 'B' });
  state = await app.ok<ProjectState>('shot.create', { projectId, sceneId: s2, name: 'C' });
  const [a, b] = state.scenes[0]!.shots.map((s) => s.id) as [string, string];
  const c = state.scenes[1]!.shots[0]!.id;
  await app.ok('shot.update', { projectId, shotId: a, patch: { prompt: FOX_PROMPT, camera: { cx: 0.25, cy: 0, cz: 1.2 } } });
  await app.ok('shot.setObjects', { projectId, shotId: a, objects: [objectFor(FOX_PROMPT, 'fox'), objectFor(FOX_PROMPT, 'oak')] });
  const store = app.services.library.get(projectId);
  const { spec, hash } = app.services.generation.specFor(projectId, c);
  const jobId = store.jobs.enqueue(c, hash, spec).id;
  const takeId = store.takes.add({
    shotId: b, specHash: 'e'.repeat(64), spec: {}, modelId: 'directa-tiny-random', videoFile: 'takes/t1/clip.mp4',
    posterFile: 'takes/t1/poster.jpg', thumbs: ['takes/t1/thumb-000.jpg'], provider: 'cpu', timings: { totalMs: 1 }, metrics: {},
  }).id;
  app.events.length = 0;
  return { projectId, sceneIds: [s1, s2], shotIds: { a, b, c }, jobId, takeId };
}
