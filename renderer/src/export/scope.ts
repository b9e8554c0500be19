/**
 * What an export covers, as the dialog picks it (this scene, a range of shots, the whole
 * project), turned into the contract's scope and the shots it holds, the same way the main
 * process plans it (electron/export/plan.ts): a range runs from one shot to another in
 * timeline order, both included, across scenes, whichever is named first. Pure.
 */
import type { CallInput } from '../../../electron/ipc/contract';
import type { Scene, Shot } from '../../../electron/ipc/schemas';

export type ExportScope = CallInput<'export.start'>['scope'];
export type ScopeChoice = 'scene' | 'range' | 'project';

export interface ScopePick {
  choice: ScopeChoice;
  sceneId: string | null;
  fromShotId: string | null;
  toShotId: string | null;
}

export interface ScopedShot {
  shot: Shot;
  scene: Scene;
}

/** Every shot of the project in timeline order, with its scene. */
export function timelineShots(scenes: readonly Scene[]): ScopedShot[] {
  return scenes.flatMap((scene) => scene.shots.map((shot) => ({ shot, scene })));
}

/** The contract's scope for a pick, or null while the pick is incomplete (no scene, no shots chosen). */
export function exportScope(pick: ScopePick): ExportScope | null {
  if (pick.choice === 'project') return { kind: 'project' };
  if (pick.choice === 'scene') return pick.sceneId ? { kind: 'scene', sceneId: pick.sceneId } : null;
  if (!pick.fromShotId || !pick.toShotId) return null;
  return { kind: 'range', fromShotId: pick.fromShotId, toShotId: pick.toShotId };
}

/** The shots a scope covers, in timeline order (empty when it names what is not there). */
export function scopeShots(scenes: readonly Scene[], scope: ExportScope | null): ScopedShot[] {
  if (!scope) return [];
  const every = timelineShots(scenes);
  if (scope.kind === 'project') return every;
  if (scope.kind === 'scene') return every.filter((s) => s.scene.id === scope.sceneId);
  const from = every.findIndex((s) => s.shot.id === scope.fromShotId);
  const to = every.findIndex((s) => s.shot.id === scope.toShotId);
  if (from < 0 || to < 0) return [];
  return every.slice(Math.min(from, to), Math.max(from, to) + 1);
}

/**
 * The name an export of `scope` is given by default: "Project", "Project - Scene", or
 * "Project - First to Last" (one shot: "Project - Shot").
 */
export function scopeTitle(projectName: string, scenes: readonly Scene[], scope: ExportScope | null): string {
  if (!scope || scope.kind === 'project') return projectName;
  if (scope.kind === 'scene') {
    const scene = scenes.find((s) => s.id === scope.sceneId);
    return scene ? `${projectName} - ${scene.name}` : projectName;
  }
  const shots = scopeShots(scenes, scope);
  const first = shots[0]?.shot.name;
  const last = shots[shots.length - 1]?.shot.name;
  if (!first || !last) return projectName;
  return shots.length === 1 ? `${projectName} - ${first}` : `${projectName} - ${first} to ${last}`;
}

export interface ScopeSummary {
  shots: number;
  frames: number;
  /** shots with no take yet (a board, or an empty slot in an edit list) */
  withoutTake: number;
}

/**
 * Counts of what is exported. `hasTake` answers whether a shot has a take; a shot it
 * does not know about (takes not loaded) counts as having none.
 */
export function scopeSummary(shots: readonly ScopedShot[], hasTake: (shotId: string) => boolean): ScopeSummary {
  return {
    shots: shots.length,
    frames: shots.reduce((n, s) => n + s.shot.durationFrames, 0),
    withoutTake: shots.filter((s) => !hasTake(s.shot.id)).length,
  };
}

/**
 * The pick a dialog opens with: the range of the timeline's selected shots when there are
 * several, else the selected scene (a scene exists), else the project.
 */
export function initialPick(sceneId: string | null, selectedShotIds: readonly string[]): ScopePick {
  const first = selectedShotIds[0] ?? null;
  const last = selectedShotIds[selectedShotIds.length - 1] ?? null;
  if (selectedShotIds.length > 1) return { choice: 'range', sceneId, fromShotId: first, toShotId: last };
  return { choice: sceneId ? 'scene' : 'project', sceneId, fromShotId: first, toShotId: first };
}
