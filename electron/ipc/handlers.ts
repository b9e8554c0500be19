/**
 * What each call of the contract does, given the services of the main process.
 * Inputs arrive already validated by the router.
 */
import type { Library } from '../store/library';
import { shotSpecWithHash } from '../services/shot-spec';
import type { z } from 'zod';
import type { CallName, CallOutput, Calls, EventName, EventPayload } from './contract';

export interface Services {
  library: Library;
  version: string;
  host: 'electron' | 'browser';
  emit: <K extends EventName>(name: K, payload: EventPayload<K>) => void;
}

/** Handlers receive the parsed input (defaults applied): the input schema's output type. */
type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
type Handlers = { [K in CallName]: (input: ParsedInput<K>, services: Services) => CallOutput<K> | Promise<CallOutput<K>> };

/** Runs an edit on a project and answers with the project's new state. */
function edit(s: Services, projectId: string, fn: (store: ReturnType<Library['get']>) => void) {
  const store = s.library.get(projectId);
  fn(store);
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
  'project.rename': (i, s) => {
    const store = s.library.rename(i.projectId, i.name);
    s.emit('library.changed', {});
    return store.snapshot();
  },
  'project.delete': (i, s) => {
    const trashedTo = s.library.delete(i.projectId);
    s.emit('library.changed', {});
    return { trashedTo };
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
  'shot.move': (i, s) => edit(s, i.projectId, (p) => p.moveShot(i.shotId, i.sceneId, i.index)),
  'shot.setObjects': (i, s) => edit(s, i.projectId, (p) => p.setObjects(i.shotId, i.objects)),
  'shot.spec': (i, s) => {
    const store = s.library.get(i.projectId);
    return shotSpecWithHash(store.info(), store.getShot(i.shotId));
  },
};
