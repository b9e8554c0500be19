/** The project the sound placement tests share (export-sound, export-ui-sound-time), and their sounds. */
import type { ProjectStore } from '../../electron/store/project-store';

/** Scene A (a1 24 frames, a2 48) and scene B (b1 24) in `store`: A spans [0, 72) of the project, B [72, 96). */
export function twoScenes(store: ProjectStore): { a: string; b: string; a1: string; a2: string; b1: string } {
  const a = store.createScene('A');
  const b = store.createScene('B');
  const [a1, a2] = [store.createShot(a), store.createShot(a)];
  const b1 = store.createShot(b);
  store.updateShot(a1, { durationFrames: 24 });
  store.updateShot(a2, { durationFrames: 48 });
  store.updateShot(b1, { durationFrames: 24 });
  return { a, b, a1, a2, b1 };
}

/** A sound for `store.audio.set`: `file` (under the project's media/), starting `offsetFrames` into its owner. */
export const soundClip = (file: string, offsetFrames: number, durationSeconds = 100, gainDb = -6) =>
  ({ file, name: file, offsetFrames, gainDb, durationSeconds });
