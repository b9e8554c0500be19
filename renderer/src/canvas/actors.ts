/**
 * Edits of a shot's actors, as pure functions from the saved objects to the objects to
 * save (`shot.setObjects` takes the whole list): one finished gesture on the canvas is one
 * of these, and one call. Nothing here mutates its input.
 *
 * An actor's boxes are keyframes (a box at a frame); its path, when it has one, runs from
 * the first box's centre to the last one's, and follows them when they move.
 */
import type { ShotObject, ShotObjectInput } from '../../../electron/ipc/schemas';
import type { Box, Keyframe, Point } from '../lib/interpolation';
import { handlesOf, MAX_HANDLES, pathFor } from './path-handles';

export type Actor = ShotObjectInput;
type PointLike = readonly [number, number];
type BoxLike = readonly [number, number, number, number];

/** What the schema allows a shot (LIMITS.maxObjects, LIMITS.maxKeyframes). */
export const MAX_ACTORS = 8;
export const MAX_KEYFRAMES = 64;

/** The saved objects as inputs to edit (ids dropped: the store gives new ones). */
export function toActors(objects: readonly ShotObject[]): Actor[] {
  return objects.map(({ phrase, span, color, keyframes, path }) => ({
    phrase,
    span: [span[0], span[1]],
    color,
    keyframes: keyframes.map((k) => ({ frame: k.frame, box: copyBox(k.box) })),
    path: path ? path.map((p): Point => [p[0], p[1]]) : null,
  }));
}

export interface Binding {
  phrase: string;
  span: [number, number];
  color: string;
}

/** A new actor with its first box at `frame`. */
export function addActor(actors: readonly Actor[], binding: Binding, box: BoxLike, frame: number): Actor[] {
  if (actors.length >= MAX_ACTORS) throw new Error(`a shot takes at most ${MAX_ACTORS} actors`);
  return [...actors, { ...binding, span: [binding.span[0], binding.span[1]], keyframes: [{ frame, box: copyBox(box) }], path: null }];
}

export function removeActor(actors: readonly Actor[], index: number): Actor[] {
  at(actors, index);
  return actors.filter((_, i) => i !== index);
}

export function recolor(actors: readonly Actor[], index: number, color: string): Actor[] {
  if (!/^#[0-9a-f]{6}$/i.test(color)) throw new Error(`"${color}" is not a colour (#rrggbb)`);
  return replace(actors, index, { ...at(actors, index), color: color.toLowerCase() });
}

/** The index of the actor's keyframe at `frame`, or -1. */
export function keyframeIndexAt(actor: Actor, frame: number): number {
  return actor.keyframes.findIndex((k) => k.frame === frame);
}

/** The actor's box at `frame` set (a keyframe replaced, or added in frame order); its path follows. */
export function setBoxAt(actors: readonly Actor[], index: number, frame: number, box: BoxLike): Actor[] {
  const actor = at(actors, index);
  const keyframes: Keyframe[] = actor.keyframes.filter((k) => k.frame !== frame);
  if (keyframes.length >= MAX_KEYFRAMES) throw new Error(`an actor takes at most ${MAX_KEYFRAMES} boxes`);
  keyframes.push({ frame, box: copyBox(box) });
  keyframes.sort((a, b) => a.frame - b.frame);
  return replace(actors, index, withKeyframes(actor, keyframes));
}

/** Whether the actor has boxes at two frames or more (a path needs somewhere to go). */
export function canHavePath(actor: Actor): boolean {
  return actor.keyframes.length >= 2;
}

/** The actor's path set through `handles` ([] for straight), or removed (null). */
export function setPath(actors: readonly Actor[], index: number, handles: readonly PointLike[] | null): Actor[] {
  const actor = at(actors, index);
  if (handles === null) return replace(actors, index, { ...actor, path: null });
  if (!canHavePath(actor)) throw new Error('draw the last box first: a path runs from the first box to the last');
  return replace(actors, index, { ...actor, path: pathFor(actor.keyframes, handles) });
}

/** A handle inserted at `k` (0: right after the first box). A straight path becomes a curve. */
export function insertHandle(actors: readonly Actor[], index: number, k: number, point: PointLike): Actor[] {
  const handles = handlesOf(at(actors, index).path);
  if (handles.length >= MAX_HANDLES) throw new Error(`a path takes at most ${MAX_HANDLES} points`);
  handles.splice(Math.min(Math.max(k, 0), handles.length), 0, clampPoint(point));
  return setPath(actors, index, handles);
}

export function moveHandle(actors: readonly Actor[], index: number, k: number, point: PointLike): Actor[] {
  const handles = handlesOf(at(actors, index).path);
  if (k < 0 || k >= handles.length) throw new Error(`the path has no point ${k + 1}`);
  handles[k] = clampPoint(point);
  return setPath(actors, index, handles);
}

export function removeHandle(actors: readonly Actor[], index: number, k: number): Actor[] {
  const handles = handlesOf(at(actors, index).path);
  if (k < 0 || k >= handles.length) throw new Error(`the path has no point ${k + 1}`);
  handles.splice(k, 1);
  return setPath(actors, index, handles);
}

function withKeyframes(actor: Actor, keyframes: Keyframe[]): Actor {
  if (!actor.path) return { ...actor, keyframes };
  // the path keeps its handles and runs between the new first and last centres
  return { ...actor, keyframes, path: pathFor(keyframes, handlesOf(actor.path)) };
}

function at(actors: readonly Actor[], index: number): Actor {
  const actor = actors[index];
  if (!actor) throw new Error(`there is no actor ${index + 1}`);
  return actor;
}

function replace(actors: readonly Actor[], index: number, actor: Actor): Actor[] {
  return actors.map((a, i) => (i === index ? actor : a));
}

function copyBox(box: BoxLike): Box {
  return [box[0], box[1], box[2], box[3]];
}

function clampPoint(p: PointLike): Point {
  return [Math.min(Math.max(p[0], 0), 1), Math.min(Math.max(p[1], 0), 1)];
}
