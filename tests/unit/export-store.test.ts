import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/store/database';
import { migrations } from '../../electron/store/migrations';
import type { ProjectStore } from '../../electron/store/project-store';
import { expectStoreError, projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film', fps: { num: 24, den: 1 } });

const sound = (file = 'audio/a.wav') => ({ file, name: 'Temp score.wav', offsetFrames: 12, gainDb: -3, durationSeconds: 9.5 });

function take(store: ProjectStore, shotId: string, n: number) {
  return store.takes.add({
    shotId, specHash: `h${n}`, spec: {}, modelId: 'm', videoFile: `takes/t${n}/clip.mp4`, posterFile: null, thumbs: [],
    provider: null, timings: {}, metrics: {},
  });
}

describe('migration 5 (conform, active take, sound)', () => {
  it('brings a version 4 file up with the defaults, its data kept', () => {
    const file = path.join(ctx.dir, 'v4.db');
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    raw.transaction(() => {
      for (const sql of migrations.slice(0, 4)) raw.exec(sql);
      raw.pragma('user_version = 4');
    })();
    raw.prepare(`INSERT INTO project (id, name, fps_num, fps_den, width, height, created_at, updated_at) VALUES ('p', 'Old', 24, 1, 640, 360, 't', 't')`).run();
    raw.prepare(`INSERT INTO scenes (id, position, name, created_at, updated_at) VALUES ('c', 0, 'C', 't', 't')`).run();
    raw.prepare(`INSERT INTO shots (id, scene_id, position, name, duration_frames, seed, created_at, updated_at) VALUES ('s', 'c', 0, 'S', 24, 1, 't', 't')`).run();
    raw.close();
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(migrations.length);
      expect(db.prepare('SELECT conform_shorter, conform_longer FROM project').get()).toEqual({ conform_shorter: 'stretch', conform_longer: 'stretch' });
      expect(db.prepare('SELECT name, active_take_id FROM shots').get()).toEqual({ name: 'S', active_take_id: null });
      expect(() => db.prepare(`UPDATE project SET conform_longer = 'loop'`).run()).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO audio_clips (id, scene_id, shot_id, file, name, duration_seconds, created_at) VALUES ('a', 'c', 's', 'f', 'n', 1, 't')`).run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});

describe('conform policy', () => {
  it('defaults to stretch both ways and is set per project', () => {
    expect(ctx.store.info().conform).toEqual({ shorter: 'stretch', longer: 'stretch' });
    ctx.store.settings.setConform({ shorter: 'loop', longer: 'trim' });
    expect(ctx.store.snapshot().project.conform).toEqual({ shorter: 'loop', longer: 'trim' });
  });
});

describe('active take', () => {
  it("is picked among the shot's own takes, survives delete and undo, and goes back to the newest with null", () => {
    const scene = ctx.store.createScene('A');
    const shot = ctx.store.createShot(scene);
    const other = ctx.store.createShot(scene);
    const first = take(ctx.store, shot, 1);
    take(ctx.store, shot, 2);
    const foreign = take(ctx.store, other, 3);
    expect(ctx.store.getShot(shot).activeTakeId).toBeNull();
    ctx.store.settings.setActiveTake(shot, first.id);
    expect(ctx.store.getShot(shot).activeTakeId).toBe(first.id);
    expect(ctx.store.snapshot().history.undo).toBe('Pick take');
    expectStoreError(() => ctx.store.settings.setActiveTake(shot, foreign.id), 'INVALID');
    expectStoreError(() => ctx.store.settings.setActiveTake(shot, '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');

    ctx.store.deleteShot(shot);
    ctx.store.undo();
    expect(ctx.store.getShot(shot).activeTakeId).toBe(first.id);
    ctx.store.undo(); // the pick itself
    expect(ctx.store.getShot(shot).activeTakeId).toBeNull();
    ctx.store.redo();
    expect(ctx.store.getShot(shot).activeTakeId).toBe(first.id);
    ctx.store.settings.setActiveTake(shot, null);
    expect(ctx.store.getShot(shot).activeTakeId).toBeNull();
  });
});

describe('sound', () => {
  it('keeps one clip per owner, lists project, scene and shot sound in timeline order, with media URLs', () => {
    const s1 = ctx.store.createScene('One');
    const s2 = ctx.store.createScene('Two');
    const shot = ctx.store.createShot(s1);
    const shotClip = ctx.store.audio.set({ kind: 'shot', shotId: shot }, sound('audio/line.m4a'));
    const scene2 = ctx.store.audio.set({ kind: 'scene', sceneId: s2 }, sound('audio/two.mp3'));
    ctx.store.audio.set({ kind: 'scene', sceneId: s1 }, sound('audio/one.wav'));
    ctx.store.audio.set({ kind: 'project' }, sound('audio/old.wav'));
    const project = ctx.store.audio.set({ kind: 'project' }, sound('audio/my score é.wav'));
    const list = ctx.store.snapshot().audio;
    expect(list.map((a) => a.file)).toEqual(['audio/my score é.wav', 'audio/one.wav', 'audio/line.m4a', 'audio/two.mp3']);
    expect(list[0]).toEqual({
      id: project, sceneId: null, shotId: null, name: 'Temp score.wav', file: 'audio/my score é.wav',
      url: `/media/${ctx.store.info().id}/audio/my%20score%20%C3%A9.wav`, offsetFrames: 12, gainDb: -3, durationSeconds: 9.5,
    });
    expect(list.find((a) => a.id === shotClip)).toMatchObject({ shotId: shot, sceneId: null });
    expect(list.find((a) => a.id === scene2)).toMatchObject({ sceneId: s2, shotId: null });
    expectStoreError(() => ctx.store.audio.set({ kind: 'scene', sceneId: '00000000-0000-4000-8000-000000000000' }, sound()), 'NOT_FOUND');
  });

  it('moves, changes level and removes as undoable edits; a deleted scene takes its sound, and undo brings it back', () => {
    const scene = ctx.store.createScene('One');
    const id = ctx.store.audio.set({ kind: 'scene', sceneId: scene }, sound());
    ctx.store.audio.update(id, { offsetFrames: -48 });
    ctx.store.audio.update(id, { gainDb: 6 });
    expect(ctx.store.audio.get(id)).toMatchObject({ offsetFrames: -48, gainDb: 6 });
    ctx.store.undo();
    ctx.store.undo();
    expect(ctx.store.audio.get(id)).toMatchObject({ offsetFrames: 12, gainDb: -3 });

    ctx.store.deleteScene(scene);
    expect(ctx.store.snapshot().audio).toEqual([]);
    expect(ctx.store.audio.filesInUse()).toEqual(new Set(['audio/a.wav'])); // undo could bring it back
    ctx.store.undo();
    expect(ctx.store.snapshot().audio.map((a) => a.id)).toEqual([id]);

    ctx.store.audio.remove(id);
    expect(ctx.store.snapshot().history.undo).toBe('Remove sound');
    ctx.store.undo();
    expect(ctx.store.audio.get(id).file).toBe('audio/a.wav');
    expectStoreError(() => ctx.store.audio.remove('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
  });
});
