/**
 * One open project: its scenes, shots and shot objects. Every edit is one transaction
 * that either commits whole or leaves the database as it was.
 */
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Db } from './database';
import { beginEdit, endEdit, history, replay } from './history';
import { AudioStore } from './audio';
import { BackgroundStore, refuseActorOnBackground } from './background';
import { JobStore } from './jobs';
import { ProjectSettings } from './settings';
import { TakeStore } from './takes';
import { isBound, rebindObjects } from './phrase-binding';
import { copyName, freeName } from './shot-names';
import {
  objectRecord, projectInfo, shotColumns, shotRecord,
  type ObjectRow, type ProjectRow, type SceneRow, type ShotRow,
} from './rows';
import {
  NEW_SHOT_SCHEDULER, StoreError, type ProjectInfo, type ProjectSnapshot, type SceneRecord, type ShotFields,
  type ShotObjectData, type ShotRecord,
} from './types';

const now = (): string => new Date().toISOString();

export class ProjectStore {
  readonly jobs: JobStore;
  readonly takes: TakeStore;
  readonly audio: AudioStore;
  readonly settings: ProjectSettings;
  /** each shot's background phrase (background.ts) */
  readonly background: BackgroundStore;

  constructor(readonly db: Db, readonly path: string) {
    this.jobs = new JobStore(db);
    this.takes = new TakeStore(db);
    const edit = <T>(label: string, fn: () => T): T => this.edit(label, fn);
    this.audio = new AudioStore(db, edit, () => this.info().id);
    this.settings = new ProjectSettings(db, edit);
    this.background = new BackgroundStore(db, edit, (id) => this.requireShot(id));
  }

  info(): ProjectInfo {
    const row = this.db.prepare('SELECT * FROM project').get() as ProjectRow | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `no project record in ${this.path}`);
    return projectInfo(row, this.path);
  }

  snapshot(): ProjectSnapshot {
    return this.db.transaction(() => ({ project: this.info(), scenes: this.scenes(), audio: this.audio.list(), history: history(this.db) }))();
  }

  rename(name: string): void {
    this.edit('Rename project', () => this.db.prepare('UPDATE project SET name = ?').run(name));
  }

  /** Undoes the newest edit; returns its label, or null when there is nothing to undo. */
  undo(): string | null {
    return this.replay('undo');
  }

  /** Redoes the newest undone edit; returns its label, or null when there is nothing to redo. */
  redo(): string | null {
    return this.replay('redo');
  }

  // ---- scenes -------------------------------------------------------------

  createScene(name?: string, index?: number): string {
    return this.edit('Add scene', () => {
      const id = randomUUID();
      const count = this.count('SELECT count(*) FROM scenes');
      const at = Math.min(index ?? count, count);
      this.db.prepare('UPDATE scenes SET position = position + 1 WHERE position >= ?').run(at);
      this.db.prepare('INSERT INTO scenes (id, position, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, at, name ?? `Scene ${count + 1}`, now(), now());
      return id;
    });
  }

  updateScene(id: string, patch: { name?: string; notes?: string }): void {
    this.edit(patch.name !== undefined ? 'Rename scene' : 'Edit scene notes', () => {
      this.requireScene(id);
      if (patch.name !== undefined) this.db.prepare('UPDATE scenes SET name = ? WHERE id = ?').run(patch.name, id);
      if (patch.notes !== undefined) this.db.prepare('UPDATE scenes SET notes = ? WHERE id = ?').run(patch.notes, id);
      this.db.prepare('UPDATE scenes SET updated_at = ? WHERE id = ?').run(now(), id);
    });
  }

  duplicateScene(id: string): string {
    return this.edit('Duplicate scene', () => {
      const scene = this.requireScene(id);
      const copyId = randomUUID();
      this.db.prepare('UPDATE scenes SET position = position + 1 WHERE position > ?').run(scene.position);
      this.db.prepare('INSERT INTO scenes (id, position, name, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(copyId, scene.position + 1, copyName(scene.name), scene.notes, now(), now());
      for (const shot of this.shotsOf(id)) this.insertShotCopy(shot, copyId, this.count('SELECT count(*) FROM shots WHERE scene_id = ?', copyId), shot.name);
      return copyId;
    });
  }

  deleteScene(id: string): void {
    this.edit('Delete scene', () => {
      this.requireScene(id);
      this.db.prepare('DELETE FROM scenes WHERE id = ?').run(id);
      this.renumber('scenes', this.sceneIds());
    });
  }

  moveScene(id: string, index: number): void {
    this.edit('Move scene', () => {
      this.requireScene(id);
      const ids = this.sceneIds().filter((s) => s !== id);
      ids.splice(Math.min(index, ids.length), 0, id);
      this.renumber('scenes', ids);
    });
  }

  // ---- shots --------------------------------------------------------------

  createShot(sceneId: string, name?: string, index?: number): string {
    return this.edit('Add shot', () => {
      this.requireScene(sceneId);
      const fps = this.info().fps;
      const count = this.count('SELECT count(*) FROM shots WHERE scene_id = ?', sceneId);
      const at = Math.min(index ?? count, count);
      const id = randomUUID();
      this.db.prepare('UPDATE shots SET position = position + 1 WHERE scene_id = ? AND position >= ?').run(sceneId, at);
      this.db.prepare(`INSERT INTO shots (id, scene_id, position, name, duration_frames, seed, scheduler, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, sceneId, at, name ?? `Shot ${count + 1}`, Math.round((3 * fps.num) / fps.den), randomInt(0, 2 ** 32 - 1),
          NEW_SHOT_SCHEDULER, now(), now());
      return id;
    });
  }

  updateShot(id: string, patch: Partial<ShotFields>): void {
    const fields = Object.keys(patch).sort();
    this.edit(`Edit ${fields.length === 1 ? fieldLabel(fields[0]!) : 'shot'}`, () => {
      const shot = this.requireShot(id);
      if (patch.durationFrames !== undefined) {
        const last = Math.max(-1, ...shot.objects.map((o) => o.keyframes[o.keyframes.length - 1]?.frame ?? -1));
        if (patch.durationFrames <= last) {
          throw new StoreError('INVALID', `an object has a keyframe at frame ${last}: the shot must be at least ${last + 1} frames long (move the keyframe first)`);
        }
      }
      const columns = shotColumns(patch);
      const names = Object.keys(columns);
      if (names.length === 0) return;
      this.db.prepare(`UPDATE shots SET ${names.map((n) => `${n} = @${n}`).join(', ')}, updated_at = @updated_at WHERE id = @id`)
        .run({ ...columns, updated_at: now(), id });
      if (patch.prompt !== undefined && patch.prompt !== shot.prompt) {
        this.rebindObjects(shot, patch.prompt);
        this.background.rebind(shot, patch.prompt);
      }
    }, `shot:${id}:${fields.join(',')}`);
  }

  duplicateShot(id: string): string {
    return this.edit('Duplicate shot', () => {
      const shot = this.requireShot(id);
      const position = this.shotPosition(id);
      this.db.prepare('UPDATE shots SET position = position + 1 WHERE scene_id = ? AND position > ?').run(shot.sceneId, position);
      return this.insertShotCopy(shot, shot.sceneId, position + 1, copyName(shot.name));
    });
  }

  deleteShot(id: string): void {
    this.deleteShots([id]);
  }

  /**
   * Deletes shots (of one scene or several) as one edit that undoes as one. Their objects,
   * takes and sounds go into the edit's undo record (undo-schema.ts): undo brings them all
   * back, and the takes' files stay until nothing can. All or nothing: an id that is not a
   * shot of this project deletes none.
   */
  deleteShots(ids: readonly string[]): void {
    this.edit(ids.length === 1 ? 'Delete shot' : `Delete ${ids.length} shots`, () => {
      if (ids.length === 0) throw new StoreError('INVALID', 'no shot to delete');
      if (new Set(ids).size !== ids.length) throw new StoreError('INVALID', 'a shot is listed twice');
      const scenes = new Set(ids.map((id) => this.requireShot(id).sceneId));
      const remove = this.db.prepare('DELETE FROM shots WHERE id = ?');
      for (const id of ids) remove.run(id);
      for (const sceneId of scenes) this.renumber('shots', this.shotIds(sceneId));
    });
  }

  /**
   * Copies shots (objects included, takes not: a copy with the same spec reuses its take)
   * into scene `sceneId` at `index`, in the order given, as one edit that undoes as one.
   * A copy keeps its name unless the scene already has a shot of that name ("… copy",
   * then "… copy 2" and so on).
   * Answers the copies' ids.
   */
  copyShots(shotIds: readonly string[], sceneId: string, index: number): string[] {
    return this.edit(shotIds.length === 1 ? 'Paste shot' : `Paste ${shotIds.length} shots`, () => {
      if (new Set(shotIds).size !== shotIds.length) throw new StoreError('INVALID', 'a shot is listed twice');
      const shots = shotIds.map((id) => this.requireShot(id));
      this.requireScene(sceneId);
      const count = this.count('SELECT count(*) FROM shots WHERE scene_id = ?', sceneId);
      const at = Math.min(index, count);
      const names = new Set(this.db.prepare('SELECT name FROM shots WHERE scene_id = ?').pluck().all(sceneId) as string[]);
      this.db.prepare('UPDATE shots SET position = position + ? WHERE scene_id = ? AND position >= ?').run(shots.length, sceneId, at);
      return shots.map((shot, i) => {
        const name = freeName(shot.name, names);
        names.add(name);
        return this.insertShotCopy(shot, sceneId, at + i, name);
      });
    });
  }

  /** Moves a shot to `index` in scene `sceneId` (its own or another). */
  moveShot(id: string, sceneId: string, index: number): void {
    this.edit('Move shot', () => {
      const shot = this.requireShot(id);
      this.requireScene(sceneId);
      this.db.prepare('UPDATE shots SET scene_id = ? WHERE id = ?').run(sceneId, id);
      const ids = this.shotIds(sceneId).filter((s) => s !== id);
      ids.splice(Math.min(index, ids.length), 0, id);
      this.renumber('shots', ids);
      if (shot.sceneId !== sceneId) this.renumber('shots', this.shotIds(shot.sceneId));
    });
  }

  /**
   * Replaces the shot's objects. Each object's span must select its phrase in the prompt,
   * except an object that is lost (its words left the prompt) sent back as it is stored,
   * phrase and span unchanged: it stays lost, flagged, until it is bound again.
   * Every call is its own undo step (no merging): the canvas sends one per finished gesture.
   */
  setObjects(shotId: string, objects: ShotObjectData[]): void {
    this.edit('Edit boxes', () => {
      const shot = this.requireShot(shotId);
      const lost = new Set(shot.objects.filter((o) => !isBound(shot.prompt, o)).map((o) => JSON.stringify([o.phrase, o.span])));
      objects.forEach((o, i) => {
        const [a, b] = o.span;
        if (!isBound(shot.prompt, o) && !lost.has(JSON.stringify([o.phrase, o.span]))) {
          throw new StoreError('INVALID', `object ${i + 1}: "${o.phrase}" is not at characters ${a}–${b} of the prompt`);
        }
        refuseActorOnBackground(shot, o, i);
        const last = o.keyframes[o.keyframes.length - 1];
        if (last && last.frame >= shot.durationFrames) {
          throw new StoreError('INVALID', `object ${i + 1}: keyframe at frame ${last.frame} is past the shot's ${shot.durationFrames} frames`);
        }
      });
      this.db.prepare('DELETE FROM shot_objects WHERE shot_id = ?').run(shotId);
      objects.forEach((o, i) => this.insertObject(shotId, i, o));
    });
  }

  getShot(id: string): ShotRecord {
    return this.requireShot(id);
  }

  // ---- internals ----------------------------------------------------------

  /**
   * Runs an edit in one immediate transaction, records how to undo it, and stamps the
   * project as changed. Edits with the same `mergeKey` in quick succession undo as one.
   */
  private edit<T>(label: string, fn: () => T, mergeKey?: string): T {
    let gone: string[] = [];
    const result = this.db.transaction(() => {
      gone = beginEdit(this.db, label, mergeKey);
      const value = fn();
      gone.push(...endEdit(this.db));
      this.db.prepare('UPDATE project SET updated_at = ?').run(now());
      return value;
    }).immediate();
    this.removeTakeFiles(gone);
    return result;
  }

  /**
   * Removes the files of takes that are truly gone (deleted with their shot, and the undo
   * record that could bring them back dropped), after the edit committed: media/takes/<id>/.
   */
  private removeTakeFiles(takeIds: readonly string[]): void {
    for (const id of takeIds) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) continue; // an id, never a path
      try {
        fs.rmSync(nodePath.join(this.path, 'media', 'takes', id), { recursive: true, force: true });
      } catch {
        // a file in use stays; the row is gone either way
      }
    }
  }

  private replay(from: 'undo' | 'redo'): string | null {
    return this.db.transaction(() => {
      const label = replay(this.db, from);
      if (label !== null) this.db.prepare('UPDATE project SET updated_at = ?').run(now());
      return label;
    }).immediate();
  }

  /** Every scene with its shots and their objects: three queries, whatever the number of shots (a snapshot follows every edit). */
  private scenes(): SceneRecord[] {
    const rows = this.db.prepare('SELECT * FROM scenes ORDER BY position').all() as SceneRow[];
    const objects = new Map<string, ShotRecord['objects']>();
    for (const o of this.db.prepare('SELECT * FROM shot_objects ORDER BY shot_id, position').all() as ObjectRow[]) {
      const list = objects.get(o.shot_id) ?? [];
      list.push(objectRecord(o));
      objects.set(o.shot_id, list);
    }
    const shots = new Map<string, ShotRecord[]>();
    for (const r of this.db.prepare('SELECT * FROM shots ORDER BY scene_id, position').all() as ShotRow[]) {
      const list = shots.get(r.scene_id) ?? [];
      list.push(shotRecord(r, objects.get(r.id) ?? []));
      shots.set(r.scene_id, list);
    }
    return rows.map((r) => ({ id: r.id, name: r.name, notes: r.notes, shots: shots.get(r.id) ?? [] }));
  }

  private shotsOf(sceneId: string): ShotRecord[] {
    const rows = this.db.prepare('SELECT * FROM shots WHERE scene_id = ? ORDER BY position').all(sceneId) as ShotRow[];
    return rows.map((r) => shotRecord(r, this.objectsOf(r.id)));
  }

  private objectsOf(shotId: string): ShotRecord['objects'] {
    const rows = this.db.prepare('SELECT * FROM shot_objects WHERE shot_id = ? ORDER BY position').all(shotId) as ObjectRow[];
    return rows.map(objectRecord);
  }

  private insertObject(shotId: string, position: number, o: ShotObjectData): void {
    this.db.prepare(`INSERT INTO shot_objects (id, shot_id, position, phrase, span_start, span_end, color, keyframes, path)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(randomUUID(), shotId, position, o.phrase, o.span[0], o.span[1], o.color,
        JSON.stringify(o.keyframes), o.path === null ? null : JSON.stringify(o.path));
  }

  private insertShotCopy(shot: ShotRecord, sceneId: string, position: number, name: string): string {
    const id = randomUUID();
    const columns = { ...shotColumns({ ...shot, name }), id, scene_id: sceneId, position, created_at: now(), updated_at: now() };
    const names = Object.keys(columns);
    this.db.prepare(`INSERT INTO shots (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(columns);
    shot.objects.forEach((o, i) => this.insertObject(id, i, o));
    return id;
  }

  /** Carries the shot's objects onto its edited prompt (see phrase-binding.ts); a lost object stays as it was. */
  private rebindObjects(shot: ShotRecord, prompt: string): void {
    const update = this.db.prepare('UPDATE shot_objects SET phrase = ?, span_start = ?, span_end = ? WHERE id = ?');
    rebindObjects(shot.prompt, prompt, shot.objects).forEach((next, i) => {
      const o = shot.objects[i]!;
      if (next && (next.phrase !== o.phrase || next.span[0] !== o.span[0] || next.span[1] !== o.span[1])) {
        update.run(next.phrase, next.span[0], next.span[1], o.id);
      }
    });
  }

  private requireScene(id: string): SceneRow {
    const row = this.db.prepare('SELECT * FROM scenes WHERE id = ?').get(id) as SceneRow | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `no scene ${id} in this project`);
    return row;
  }

  private requireShot(id: string): ShotRecord {
    const row = this.db.prepare('SELECT * FROM shots WHERE id = ?').get(id) as ShotRow | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `no shot ${id} in this project`);
    return shotRecord(row, this.objectsOf(id));
  }

  private shotPosition(id: string): number {
    return (this.db.prepare('SELECT position FROM shots WHERE id = ?').get(id) as { position: number }).position;
  }

  private sceneIds(): string[] {
    return this.db.prepare('SELECT id FROM scenes ORDER BY position').pluck().all() as string[];
  }

  private shotIds(sceneId: string): string[] {
    return this.db.prepare('SELECT id FROM shots WHERE scene_id = ? ORDER BY position').pluck().all(sceneId) as string[];
  }

  /** Positions 0..n-1 in the order of `ids`; only rows whose position changes are written (and recorded for undo). */
  private renumber(table: 'scenes' | 'shots', ids: string[]): void {
    const update = this.db.prepare(`UPDATE ${table} SET position = ? WHERE id = ? AND position <> ?`);
    ids.forEach((id, i) => update.run(i, id, i));
  }

  private count(sql: string, ...params: unknown[]): number {
    return this.db.prepare(sql).pluck().get(...params) as number;
  }
}

const FIELD_LABELS: Record<string, string> = {
  name: 'shot name', durationFrames: 'duration', prompt: 'prompt', negativePrompt: 'negative prompt', camera: 'camera',
  seed: 'seed', sampler: 'sampler', modelId: 'model', notes: 'notes', dialogue: 'dialogue',
};
function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}
