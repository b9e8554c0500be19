/**
 * A shot's prompt, camera and seed as words, the same in every edit list and on the
 * boards: what a marker's name and comment say and what metadata carries.
 */
import type { PlannedShot } from '../plan';

export interface CameraMove {
  cx: number;
  cy: number;
  cz: number;
}

const percent = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;

/**
 * The camera move in words: "pan right 20%, tilt down 5%, zoom in ×1.50", or "static".
 * Pans are fractions of the frame (cx > 0 right, cy > 0 down); zoom is the scale of the
 * last frame over the first (> 1 zooms in).
 */
export function describeCamera(camera: CameraMove): string {
  const parts: string[] = [];
  if (Math.round(camera.cx * 100) !== 0) parts.push(`pan ${camera.cx > 0 ? 'right' : 'left'} ${percent(camera.cx)}`);
  if (Math.round(camera.cy * 100) !== 0) parts.push(`tilt ${camera.cy > 0 ? 'down' : 'up'} ${percent(camera.cy)}`);
  if (Math.round(camera.cz * 100) !== 100) parts.push(`zoom ${camera.cz > 1 ? 'in' : 'out'} ×${camera.cz.toFixed(2)}`);
  return parts.length ? parts.join(', ') : 'static';
}

/** Text on one line: runs of whitespace (newlines included) become one space; control characters go. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
}

/** `text` cut to at most `max` characters (whole code points), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The lines a marker's comment holds: prompt, camera, seed (and what is not generated yet). */
export function shotSummaryLines(shot: PlannedShot): string[] {
  return [
    `Prompt: ${oneLine(shot.prompt) || '(none)'}`,
    `Camera: ${describeCamera(shot.camera)} (cx ${shot.camera.cx}, cy ${shot.camera.cy}, cz ${shot.camera.cz})`,
    `Seed: ${shot.seed}`,
    ...(shot.take ? [] : ['No take yet: the shot has not been generated']),
  ];
}

/** What edit lists keep of a shot as metadata (JSON-safe, under a "directa" key). */
export function shotMetadata(shot: PlannedShot): Record<string, unknown> {
  return {
    shot_id: shot.shotId,
    shot_name: shot.name,
    scene_id: shot.sceneId,
    scene_name: shot.sceneName,
    prompt: shot.prompt,
    negative_prompt: shot.negativePrompt,
    camera: { cx: shot.camera.cx, cy: shot.camera.cy, cz: shot.camera.cz },
    camera_move: describeCamera(shot.camera),
    seed: shot.seed,
    model_id: shot.take?.modelId ?? shot.modelId,
    notes: shot.notes,
    dialogue: shot.dialogue,
    take_id: shot.take?.id ?? null,
    spec_hash: shot.take?.specHash ?? null,
  };
}
