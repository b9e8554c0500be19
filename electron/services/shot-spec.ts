/**
 * From a shot (as the store keeps it) to the ShotSpec the engine consumes.
 * Pure: the same shot and project always give the same spec, and so the same hash.
 */
import type { ShotSpec } from '../engine/spec';
import { hashSpec } from '../engine/spec-hash';
import type { ProjectInfo, ShotRecord } from '../store/types';

export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

export function shotToSpec(project: Pick<ProjectInfo, 'fps' | 'width' | 'height'>, shot: ShotRecord): ShotSpec {
  const objects = shot.objects.map((o) => {
    if (shot.prompt.slice(o.span[0], o.span[1]) !== o.phrase) {
      throw new SpecError(`object "${o.phrase}" is no longer in the prompt of shot "${shot.name}": bind it to a phrase again`);
    }
    return {
      phrase: o.phrase,
      span: [o.span[0], o.span[1]] as [number, number],
      keyframes: o.keyframes.map((k) => ({ frame: k.frame, box: [...k.box] as ShotSpec['objects'][number]['keyframes'][number]['box'] })),
      path: o.path === null ? null : o.path.map((p) => [p[0], p[1]] as [number, number]),
    };
  });
  const background = shot.background;
  if (background && shot.prompt.slice(background.span[0], background.span[1]) !== background.phrase) {
    throw new SpecError(`the background "${background.phrase}" is no longer in the prompt of shot "${shot.name}": mark it again or clear it`);
  }
  return {
    version: 1,
    modelId: shot.modelId,
    prompt: shot.prompt,
    negativePrompt: shot.negativePrompt,
    camera: { ...shot.camera },
    seed: shot.seed,
    sampler: { ...shot.sampler },
    durationFrames: shot.durationFrames,
    fps: { ...project.fps },
    aspect: { width: project.width, height: project.height },
    objects,
    // only when marked: a shot without one keeps the spec (and hash) it always had
    ...(background ? { background: { phrase: background.phrase, span: [background.span[0], background.span[1]] as [number, number] } } : {}),
  };
}

export function shotSpecWithHash(project: Pick<ProjectInfo, 'fps' | 'width' | 'height'>, shot: ShotRecord): { spec: ShotSpec; hash: string } {
  const spec = shotToSpec(project, shot);
  return { spec, hash: hashSpec(spec) };
}
