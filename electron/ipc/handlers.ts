/**
 * What each call of the contract does, given the services of the main process.
 * Inputs arrive already validated by the router.
 */
import type { JobRecord } from '../store/jobs';
import type { Library } from '../store/library';
import type { TakeRecord } from '../store/takes';
import type { ExportService } from '../export/service';
import { addSound, sweepSoundFiles } from '../export/sound-files';
import type { GenerationService } from '../services/generation';
import type { ModelRegistry } from '../services/models';
import { checkPrompt } from '../services/prompt-check';
import { ShotSpec } from '../engine/spec';
import { shotSpecWithHash } from '../services/shot-spec';
import type { z } from 'zod';
import type { CallName, CallOutput, Calls, EventName, EventPayload } from './contract';

export interface Services {
  library: Library;
  generation: GenerationService;
  exports: ExportService;
  models: ModelRegistry;
  version: string;
  host: 'electron' | 'browser';
  emit: <K extends EventName>(name: K, payload: EventPayload<K>) => void;
}

/** Handlers receive the parsed input (defaults applied): the input schema's output type. */
type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
type Handlers = { [K in CallName]: (input: ParsedInput<K>, services: Services) => CallOutput<K> | Promise<CallOutput<K>> };

/** A job as the contract shows it: without its spec (which stays in the main process) or queue position. */
export function job({ spec: _spec, position: _position, ...rest }: JobRecord): CallOutput<'job.cancel'> {
  return rest;
}

/** A take with same-origin URLs for its files (served by the app:// protocol and the browser host alike). */
function take(projectId: string, t: TakeRecord): CallOutput<'take.list'>[number] {
  const url = (file: string): string => `/media/${projectId}/${file.split(/[\\/]/).map(encodeURIComponent).join('/')}`;
  return {
    id: t.id, shotId: t.shotId, specHash: t.specHash, modelId: t.modelId, videoUrl: url(t.videoFile),
    posterUrl: t.posterFile ? url(t.posterFile) : null, thumbUrls: t.thumbs.map(url), provider: t.provider,
    timings: t.timings, metrics: t.metrics, createdAt: t.createdAt, requested: requestedOf(t.spec),
  };
}

/** The camera and actors a take's spec asked for, or null for a spec that does not read as one. */
function requestedOf(spec: unknown): CallOutput<'take.list'>[number]['requested'] {
  const parsed = ShotSpec.safeParse(spec);
  if (!parsed.success) return null;
  const { camera, durationFrames, objects } = parsed.data;
  return { camera, durationFrames, objects };
}

/**
 * Runs an edit on a project and answers with the project's new state. An edit that took
 * shots away (a delete, an undone add, a redone delete) cancels their jobs.
 */
function edit(s: Services, projectId: string, fn: (store: ReturnType<Library['get']>) => void) {
  const store = s.library.get(projectId);
  fn(store);
  s.generation.cancelJobsOfDeletedShots(projectId);
  s.emit('project.changed', { projectId });
  return store.snapshot();
}

export const handlers: Handlers = {
  'app.info': (_, s) => ({ version: s.version, libraryDir: s.library.dir, host: s.host }),
  'project.list': (_, s) => s.library.list(),
  'project.create': (i, s) => {
    const store = s.library.create(i);
    s.emit('library.changed', {});
    return store.snapshot();
  },
  'project.get': (i, s) => s.library.get(i.projectId).snapshot(),
  // through the queue: it stops the project's running job before its database closes
  'project.rename': async (i, s) => {
    const store = await s.generation.renameProject(i.projectId, i.name);
    s.emit('library.changed', {});
    return store.snapshot();
  },
  'project.delete': async (i, s) => {
    const trashedTo = await s.generation.deleteProject(i.projectId);
    s.emit('library.changed', {});
    return { trashedTo };
  },

  'project.damaged': (_, s) => s.library.damaged(),
  'project.restoreBackup': (i, s) => {
    const store = s.library.restoreBackup(i.folder);
    s.emit('library.changed', {});
    return store.snapshot();
  },

  'project.undo': (i, s) => edit(s, i.projectId, (p) => p.undo()),
  'project.redo': (i, s) => edit(s, i.projectId, (p) => p.redo()),

  'scene.create': (i, s) => edit(s, i.projectId, (p) => p.createScene(i.name, i.index)),
  'scene.update': (i, s) => edit(s, i.projectId, (p) => p.updateScene(i.sceneId, i.patch)),
  'scene.duplicate': (i, s) => edit(s, i.projectId, (p) => p.duplicateScene(i.sceneId)),
  'scene.delete': (i, s) => edit(s, i.projectId, (p) => p.deleteScene(i.sceneId)),
  'scene.move': (i, s) => edit(s, i.projectId, (p) => p.moveScene(i.sceneId, i.index)),

  'shot.create': (i, s) => edit(s, i.projectId, (p) => p.createShot(i.sceneId, i.name, i.index)),
  'shot.update': (i, s) => edit(s, i.projectId, (p) => p.updateShot(i.shotId, i.patch)),
  'shot.duplicate': (i, s) => edit(s, i.projectId, (p) => p.duplicateShot(i.shotId)),
  'shot.delete': (i, s) => edit(s, i.projectId, (p) => p.deleteShot(i.shotId)),
  'shot.deleteMany': (i, s) => edit(s, i.projectId, (p) => p.deleteShots(i.shotIds)),
  'shot.move': (i, s) => edit(s, i.projectId, (p) => p.moveShot(i.shotId, i.sceneId, i.index)),
  'shot.copyTo': (i, s) => edit(s, i.projectId, (p) => p.copyShots(i.shotIds, i.sceneId, i.index)),
  'shot.setObjects': (i, s) => edit(s, i.projectId, (p) => p.setObjects(i.shotId, i.objects)),
  'shot.setBackground': (i, s) => edit(s, i.projectId, (p) => p.background.set(i.shotId, i.span)),
  'model.list': (_, s) => {
    const found = s.models.list();
    return { ...found, defaultId: s.models.defaultId(found.models), userDir: s.models.userDir };
  },
  'prompt.check': (i, s) => checkPrompt(s.models, i.modelId ?? null, i.prompt, i.regions),
  'job.enqueue': (i, s) => {
    const r = s.generation.enqueue(i.projectId, i.shotId);
    return { job: r.job && job(r.job), take: r.take && take(i.projectId, r.take), reused: r.reused };
  },
  'job.list': (i, s) => s.library.get(i.projectId).jobs.list().map(job),
  'job.cancel': (i, s) => job(s.generation.cancel(i.projectId, i.jobId)),
  'job.move': (i, s) => {
    const jobs = s.library.get(i.projectId).jobs;
    jobs.move(i.jobId, i.index);
    return jobs.list().map(job);
  },
  'take.active': (i, s) => {
    const store = s.library.get(i.projectId);
    return i.shotIds.map((shotId) => {
      const { activeTakeId } = store.getShot(shotId); // NOT_FOUND for an unknown shot
      const takes = store.takes.forShot(shotId);
      const active = takes.find((t) => t.id === activeTakeId) ?? takes[0] ?? null;
      return { shotId, take: active && take(i.projectId, active) };
    });
  },
  'take.setActive': (i, s) => edit(s, i.projectId, (p) => p.settings.setActiveTake(i.shotId, i.takeId)),
  'export.start': (i, s) => s.exports.start({ projectId: i.projectId, scope: i.scope, format: i.format, outPath: i.outPath, options: i.options ?? {} }),
  'export.cancel': (i, s) => s.exports.cancel(i.projectId, i.jobId),
  'export.list': (i, s) => {
    s.library.get(i.projectId); // NOT_FOUND for an unknown project
    return s.exports.list(i.projectId);
  },
  'project.setConform': (i, s) => edit(s, i.projectId, (p) => p.settings.setConform(i.conform)),
  'audio.set': async (i, s) => {
    const store = s.library.get(i.projectId);
    await addSound(store, i.owner, i.path, { ...(i.offsetFrames !== undefined ? { offsetFrames: i.offsetFrames } : {}), ...(i.gainDb !== undefined ? { gainDb: i.gainDb } : {}) });
    s.emit('project.changed', { projectId: i.projectId });
    return store.snapshot();
  },
  'audio.update': (i, s) => edit(s, i.projectId, (p) => p.audio.update(i.audioId, {
    ...(i.offsetFrames !== undefined ? { offsetFrames: i.offsetFrames } : {}), ...(i.gainDb !== undefined ? { gainDb: i.gainDb } : {}),
  })),
  'audio.remove': (i, s) => edit(s, i.projectId, (p) => {
    p.audio.remove(i.audioId);
    sweepSoundFiles(p);
  }),
  'take.list': (i, s) => {
    const store = s.library.get(i.projectId);
    store.getShot(i.shotId); // NOT_FOUND for an unknown shot
    return store.takes.forShot(i.shotId).map((t) => take(i.projectId, t));
  },
  'shot.spec': (i, s) => {
    const store = s.library.get(i.projectId);
    return shotSpecWithHash(store.info(), store.getShot(i.shotId));
  },
};
