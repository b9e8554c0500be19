/**
 * What a take was asked for, as a board to draw over the clip: the requested camera and
 * actors (take.list's `requested`), coloured as the shot colours them where the phrase is
 * still one of its actors.
 */
import type { Shot, Take } from '../../../electron/ipc/schemas';
import type { BoardInput } from './board';

/** colours for actors the shot no longer has */
const PALETTE = ['#ff8a3d', '#4cc9f0', '#b5e48c', '#f72585', '#ffd166', '#9b5de5', '#00f5d4', '#fee440'];

export function requestedBoard(take: Pick<Take, 'requested'>, shot: Pick<Shot, 'objects'> | null): BoardInput | null {
  if (!take.requested) return null;
  return {
    camera: take.requested.camera,
    objects: take.requested.objects.map((o, i) => ({
      phrase: o.phrase,
      color: shot?.objects.find((s) => s.phrase === o.phrase)?.color ?? PALETTE[i % PALETTE.length]!,
      keyframes: o.keyframes,
      path: o.path,
    })),
  };
}
