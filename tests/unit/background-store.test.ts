/**
 * A shot's background phrase in the store (background.ts, migration 6): marked on whole
 * words, refused outside the prompt, on no word or on an actor's words; moved with the
 * prompt's edits in the same undo step; lost (kept as it was) when its words go; cleared;
 * copied with its shot; and in the spec only when marked.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/store/database';
import { migrations } from '../../electron/store/migrations';
import type { ProjectStore } from '../../electron/store/project-store';
import { shotSpecWithHash, shotToSpec } from '../../electron/services/shot-spec';
import { objectFor } from '../helpers/fixture';
import { expectStoreError, projectStoreFixture } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

const ctx = projectStoreFixture({ name: 'Film' });
let store: ProjectStore;
let sceneId: string;
let shot: string;
const PROMPT = 'a red fox runs through a snowy field at dusk';
const at = (phrase: string, prompt = PROMPT): [number, number] => [prompt.indexOf(phrase), prompt.indexOf(phrase) + phrase.length];
const background = (id = shot) => store.getShot(id).background;

beforeEach(() => {
  store = ctx.store;
  sceneId = store.createScene('One');
  shot = store.createShot(sceneId, 'A');
  store.updateShot(shot, { prompt: PROMPT });
  store.setObjects(shot, [objectFor(PROMPT, 'red fox')]);
});

describe('marking a background', () => {
  it('marks whole words of the prompt (a selection cutting words is widened to them) as one undo step', () => {
    store.background.set(shot, [27, 37]); // "nowy field"
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field') });
    expect(store.snapshot().history.undo).toBe('Mark background');
    store.undo();
    expect(background()).toBeNull();
    store.redo();
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field') });
  });

  it('drops spaces and punctuation at the edges of the span', () => {
    store.updateShot(shot, { prompt: 'a red fox, in a snowy field.' });
    store.background.set(shot, [9, 28]); // ", in a snowy field."
    expect(background()).toEqual({ phrase: 'in a snowy field', span: [11, 27] });
  });

  it('clears it as one undo step; clearing nothing records no edit', () => {
    store.background.set(shot, at('snowy field'));
    store.background.set(shot, null);
    expect(background()).toBeNull();
    expect(store.snapshot().history.undo).toBe('Clear background');
    store.undo();
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field') });
    store.background.set(shot, null);
    const edits = store.db.prepare(`SELECT count(*) FROM undo_edits WHERE stack = 'undo'`).pluck().get();
    store.background.set(shot, null);
    expect(store.db.prepare(`SELECT count(*) FROM undo_edits WHERE stack = 'undo'`).pluck().get()).toBe(edits);
  });

  it('refuses a span outside the prompt, of no word, or on an actor\'s words, saying so and writing nothing', () => {
    store.background.set(shot, at('dusk'));
    const before = store.snapshot();
    const refused = (span: [number, number], message: RegExp): void => {
      expectStoreError(() => store.background.set(shot, span), 'INVALID');
      expect(() => store.background.set(shot, span)).toThrow(message);
    };
    refused([40, 60], /span 40–60 is outside the prompt, which is 44 characters long/);
    refused([9, 10], /characters 9–10 of the prompt hold no word/);
    refused([6, 14], /"fox runs" takes words of the actor "red fox" \(characters 2–9\)/);
    expect(store.snapshot()).toEqual(before);
  });

  it('lets an actor that is lost (its words gone) leave its old words to the background', () => {
    store.updateShot(shot, { prompt: 'a grey wolf runs through a snowy field at dusk' });
    expect(store.getShot(shot).objects[0]!.span).toEqual([2, 9]); // lost: kept as it was
    store.background.set(shot, [2, 11]);
    expect(background()).toEqual({ phrase: 'grey wolf', span: [2, 11] });
  });

  it('refuses an actor made of the background\'s words', () => {
    store.background.set(shot, at('snowy field'));
    expectStoreError(() => store.setObjects(shot, [objectFor(PROMPT, 'red fox'), objectFor(PROMPT, 'field')]), 'INVALID');
    expect(() => store.setObjects(shot, [objectFor(PROMPT, 'snowy')])).toThrow(/object 1: "snowy" takes words of the background "snowy field"/);
    expect(store.getShot(shot).objects.map((o) => o.phrase)).toEqual(['red fox']);
    store.setObjects(shot, [objectFor(PROMPT, 'red fox'), objectFor(PROMPT, 'dusk')]); // other words: fine
  });

  it('answers NOT_FOUND for an unknown shot', () => {
    expectStoreError(() => store.background.set('00000000-0000-4000-8000-000000000000', [0, 1]), 'NOT_FOUND');
  });
});

describe('the background through prompt edits', () => {
  beforeEach(() => store.background.set(shot, at('snowy field')));

  it('moves with text typed before it, in the prompt edit\'s own undo step', () => {
    store.updateShot(shot, { prompt: `at dawn, ${PROMPT}` });
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field', `at dawn, ${PROMPT}`) });
    expect(store.snapshot().history.undo).toBe('Edit prompt');
    store.undo();
    expect(store.getShot(shot).prompt).toBe(PROMPT);
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field') });
    store.redo();
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field', `at dawn, ${PROMPT}`) });
  });

  it('widens over words inserted among its own', () => {
    store.updateShot(shot, { prompt: PROMPT.replace('snowy field', 'snowy open field') });
    expect(background()).toEqual({ phrase: 'snowy open field', span: [25, 41] });
  });

  it('stays where it is through edits after it', () => {
    store.updateShot(shot, { prompt: `${PROMPT}, cinematic` });
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field') });
  });

  it('is lost, kept as it was, when its words go; the spec is refused until it is marked again or cleared', () => {
    const next = PROMPT.replace('snowy field', 'green meadow');
    store.updateShot(shot, { prompt: next });
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field') });
    expect(() => shotToSpec(store.info(), store.getShot(shot))).toThrow(/the background "snowy field" is no longer in the prompt of shot "A": mark it again or clear it/);
    // an edit that puts other words there does not bring it back onto them
    store.updateShot(shot, { prompt: `at dawn, ${next}` });
    expect(background()).toEqual({ phrase: 'snowy field', span: at('snowy field') });
    store.background.set(shot, at('green meadow', `at dawn, ${next}`));
    expect(background()).toEqual({ phrase: 'green meadow', span: at('green meadow', `at dawn, ${next}`) });
    expect(shotToSpec(store.info(), store.getShot(shot)).background).toEqual({ phrase: 'green meadow', span: at('green meadow', `at dawn, ${next}`) });
  });
});

describe('copies and specs', () => {
  it('is copied by duplicate, paste and scene duplicate', () => {
    store.background.set(shot, at('snowy field'));
    const want = { phrase: 'snowy field', span: at('snowy field') };
    expect(background(store.duplicateShot(shot))).toEqual(want);
    const other = store.createScene('Two');
    expect(background(store.copyShots([shot], other, 0)[0])).toEqual(want);
    const copyScene = store.duplicateScene(sceneId);
    expect(store.snapshot().scenes.find((s) => s.id === copyScene)!.shots.map((s) => s.background)).toEqual([want, want]);
  });

  it('is in the spec only when marked, so a shot without one keeps its hash', () => {
    const without = shotSpecWithHash(store.info(), store.getShot(shot));
    expect('background' in without.spec).toBe(false);
    store.background.set(shot, at('snowy field'));
    const marked = shotSpecWithHash(store.info(), store.getShot(shot));
    expect(marked.spec.background).toEqual({ phrase: 'snowy field', span: at('snowy field') });
    expect(marked.hash).not.toBe(without.hash);
    store.background.set(shot, null);
    expect(shotSpecWithHash(store.info(), store.getShot(shot)).hash).toBe(without.hash);
  });
});

describe('migration 6', () => {
  it('gives shots of a version-5 project no background, and keeps their data', () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'project.db');
      const raw = new Database(file);
      for (const sql of migrations.slice(0, 5)) raw.exec(sql);
      raw.pragma('user_version = 5');
      raw.exec(`INSERT INTO scenes (id, position, name, created_at, updated_at) VALUES ('c1', 0, 'C', 't', 't');
        INSERT INTO shots (id, scene_id, position, name, duration_frames, prompt, seed, created_at, updated_at)
        VALUES ('s1', 'c1', 0, 'S', 24, 'a fox', 1, 't', 't');`);
      raw.close();
      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(6);
      expect(db.prepare('SELECT prompt, background_phrase, background_start, background_end FROM shots').get())
        .toEqual({ prompt: 'a fox', background_phrase: null, background_start: null, background_end: null });
      // a half-set or backwards background is refused by the table itself
      expect(() => db.prepare(`UPDATE shots SET background_phrase = 'fox', background_start = 2`).run()).toThrow(/CHECK/);
      expect(() => db.prepare(`UPDATE shots SET background_phrase = 'fox', background_start = 5, background_end = 2`).run()).toThrow(/CHECK/);
      db.close();
      expect(fs.existsSync(file)).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });
});
