/**
 * Which take a shot shows: the one the user picked (a shot's `activeTakeId`, where the
 * project gives one and that take still exists), else the newest (take.list answers
 * newest first). The export plan chooses the same way.
 */
import type { Shot, Take } from '../../../electron/ipc/schemas';

/** A shot as far as its takes go; `activeTakeId` is optional until the project stores one. */
export type ShotRef = Pick<Shot, 'id'> & { activeTakeId?: string | null };

export function activeTake(shot: ShotRef, takes: readonly Take[]): Take | null {
  return (shot.activeTakeId ? takes.find((t) => t.id === shot.activeTakeId) : undefined) ?? takes[0] ?? null;
}
