/**
 * Finding a NAME.directa folder's project in a library, and the working copy that
 * `render --steps/--model` renders from: the same scenes, shots and objects in another
 * library with the overrides applied, so the user's project and its takes stay as they are.
 */
import path from 'node:path';
import type { Library } from '../store/library';
import type { ProjectStore } from '../store/project-store';
import { CliError } from './errors';

export interface Overrides { steps?: number; modelId?: string }

/** The open project whose folder is `folder`; the library's warnings about it explain a refusal. */
export function findProject(library: Library, folder: string, warnings: readonly string[]): ProjectStore {
  const info = library.list().find((p) => path.resolve(p.path) === folder);
  if (info) return library.get(info.id);
  const why = warnings.filter((w) => w.includes(folder));
  throw new CliError(`${folder}: cannot open the project${why.length ? ` (${why.join('; ')})` : ''}`);
}

export function copyProject(source: ProjectStore, into: Library, overrides: Overrides): ProjectStore {
  const info = source.info();
  const copy = into.create({ name: info.name, fps: info.fps, width: info.width, height: info.height });
  for (const scene of source.snapshot().scenes) {
    const sceneId = copy.createScene(scene.name);
    for (const shot of scene.shots) {
      const id = copy.createShot(sceneId, shot.name);
      copy.updateShot(id, {
        durationFrames: shot.durationFrames, prompt: shot.prompt, negativePrompt: shot.negativePrompt, camera: shot.camera,
        seed: shot.seed, notes: shot.notes, dialogue: shot.dialogue,
        sampler: overrides.steps === undefined ? shot.sampler : { ...shot.sampler, steps: overrides.steps },
        modelId: overrides.modelId ?? shot.modelId,
      });
      copy.setObjects(id, shot.objects.map(({ id: _id, ...object }) => object));
    }
  }
  return copy;
}
