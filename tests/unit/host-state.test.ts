/** The browser host's saved port and secret: reused after a recent restart, owner-only, never when stale, open, linked or damaged. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HOST_STATE_FILE, keepAlive, loadReusable, MAX_SECRET_AGE_MS, REUSE_IDLE_MS, saveHostState, type SavedHost,
} from '../../electron/host/host-state';
import { tempDir } from '../helpers/tmp';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function library(): string {
  const t = tempDir('directa-host-state-');
  dirs.push(t);
  return t.dir;
}

const T0 = 1_800_000_000_000;
const state: SavedHost = { version: 1, port: 43123, secret: 'A'.repeat(43), createdAt: T0, aliveAt: T0 };
const posix = process.platform !== 'win32';

describe('saved host state', () => {
  it('is written owner-only and read back while recent', () => {
    const dir = library();
    saveHostState(dir, state);
    const file = path.join(dir, HOST_STATE_FILE);
    if (posix) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadReusable(dir, T0 + 60_000)).toEqual({ saved: state, reason: null });
    expect(fs.readdirSync(dir)).toEqual([HOST_STATE_FILE]); // no temporary file left
  });

  it('is nothing, quietly, when there is no file', () => {
    expect(loadReusable(library(), T0)).toEqual({ saved: null, reason: null });
  });

  it('is not reused once its host has been gone too long, or its secret is too old', () => {
    const dir = library();
    saveHostState(dir, state);
    expect(loadReusable(dir, T0 + REUSE_IDLE_MS + 1)).toEqual({ saved: null, reason: 'the previous host stopped too long ago' });
    saveHostState(dir, { ...state, createdAt: T0 - MAX_SECRET_AGE_MS - 1 });
    expect(loadReusable(dir, T0).reason).toBe('the secret is older than a day');
    saveHostState(dir, { ...state, aliveAt: T0 + 3_600_000 });
    expect(loadReusable(dir, T0).reason).toBe('the saved times are in the future');
  });

  it('is not reused when other users may read it', () => {
    const dir = library();
    saveHostState(dir, state);
    fs.chmodSync(path.join(dir, HOST_STATE_FILE), 0o644);
    expect(loadReusable(dir, T0)).toEqual({ saved: null, reason: `${HOST_STATE_FILE} may be read by other users` });
  });

  it('is not followed through a symbolic link', () => {
    const dir = library();
    const elsewhere = path.join(dir, 'elsewhere.json');
    fs.writeFileSync(elsewhere, JSON.stringify(state), { mode: 0o600 });
    fs.symlinkSync(elsewhere, path.join(dir, HOST_STATE_FILE));
    const { saved, reason } = loadReusable(dir, T0);
    expect(saved).toBeNull();
    expect(reason).toMatch(/cannot read .*ELOOP/);
  });

  it('is not reused when damaged or not what was written', () => {
    const dir = library();
    const file = path.join(dir, HOST_STATE_FILE);
    for (const text of ['{', '[]', JSON.stringify({ ...state, secret: 'short' }), JSON.stringify({ ...state, extra: 1 }), JSON.stringify({ ...state, port: 0 })]) {
      fs.writeFileSync(file, text, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
      expect(loadReusable(dir, T0)).toEqual({ saved: null, reason: `${HOST_STATE_FILE} is damaged` });
    }
  });

  it('refuses to save a state that is not valid', () => {
    expect(() => saveHostState(library(), { ...state, secret: 'x' })).toThrow();
  });

  it('keeps its time alive while the host runs, and lets go once another host wrote its own', async () => {
    const dir = library();
    saveHostState(dir, state);
    let now = T0 + 1000;
    const stop = keepAlive(dir, state, () => undefined, () => now, 20);
    await new Promise((r) => setTimeout(r, 80));
    expect(loadReusable(dir, now).saved?.aliveAt).toBe(T0 + 1000);
    saveHostState(dir, { ...state, secret: 'B'.repeat(43), aliveAt: T0 });
    now = T0 + 5000;
    await new Promise((r) => setTimeout(r, 80));
    expect(loadReusable(dir, now).saved?.secret).toBe('B'.repeat(43));
    expect(loadReusable(dir, now).saved?.aliveAt).toBe(T0);
    stop();
  });
});
