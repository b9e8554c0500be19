/**
 * What the frame canvas draws at a frame, as plain data (the fabric layer only paints it):
 * each actor's box at that frame (the engine's interpolation), whether that box is one of
 * its keyframes (only those are edited by dragging), its first and last boxes as outlines,
 * its path, and the path's handles for the selected actor.
 *
 * In the camera preview everything is placed in the first frame's units: the frame at the
 * slider is the crop window at that frame, and the actors' boxes sit inside it.
 */
import { boxAt, type Box, type Point } from '../lib/interpolation';
import { boxToFirstFrame, moveBounds, pointToFirstFrame, windowAtFrame, type Window } from '../camera/crop';
import type { CameraMove } from '../camera/presets';
import type { Actor } from './actors';
import { handlesOf, insertionPoints } from './path-handles';
import { FRAME_VIEW, viewAround, type View } from './viewport';

export interface ActorView {
  index: number;
  color: string;
  phrase: string;
  /** the box at the frame */
  box: Box;
  /** the frame is one of the actor's keyframes: its box can be moved and resized */
  keyed: boolean;
  first: Box;
  last: Box;
  path: Point[] | null;
  /** the points the director dragged (selected actor only) */
  handles: Point[];
  /** where a new point can be pulled out of the path (selected actor only) */
  insertions: Point[];
}

export interface SceneView {
  view: View;
  actors: ActorView[];
  /** camera preview: the first frame and the crop window at the frame, in the first frame's units */
  camera: { frame: Window; window: Window; end: Window } | null;
}

export interface SceneInput {
  actors: readonly Actor[];
  frame: number;
  durationFrames: number;
  selected: number | null;
  /** given: the camera preview */
  camera: CameraMove | null;
}

export function buildScene(input: SceneInput): SceneView {
  const window = input.camera ? windowAtFrame(input.camera, input.frame, input.durationFrames) : null;
  const place = (box: Box): Box => (window ? boxToFirstFrame(window, box) : box);
  const actors = input.actors.map((actor, index): ActorView => {
    const selected = index === input.selected && !window;
    const handles = selected ? handlesOf(actor.path) : [];
    const path = actor.path && window ? actor.path.map((p) => pointToFirstFrame(window, p)) : actor.path;
    return {
      index,
      color: actor.color,
      phrase: actor.phrase,
      box: place(boxAt(actor.keyframes, actor.path, input.frame)),
      keyed: !window && actor.keyframes.some((k) => k.frame === input.frame),
      first: place(actor.keyframes[0]!.box),
      last: place(actor.keyframes[actor.keyframes.length - 1]!.box),
      path: path ? path.map((p): Point => [p[0], p[1]]) : null,
      handles,
      insertions: selected && actor.path ? insertionPoints(actor.path, actor.keyframes, handles) : [],
    };
  });
  if (!input.camera || !window) return { view: FRAME_VIEW, actors, camera: null };
  return {
    view: viewAround(moveBounds(input.camera), 0.06),
    actors,
    camera: { frame: [0, 0, 1, 1], window, end: windowAtFrame(input.camera, input.durationFrames - 1, input.durationFrames) },
  };
}

/** A box as the director reads it: its edges as shares of the frame, to three places. */
export function formatBox(box: readonly [number, number, number, number]): string {
  const f = (v: number): string => v.toFixed(3);
  return `x ${f(box[0])}–${f(box[2])}, y ${f(box[1])}–${f(box[3])}`;
}
