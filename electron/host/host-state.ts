/**
 * What `npm run serve` keeps between runs so that an open tab survives a restart of the
 * host: the port and the run secret. A tab's origin includes the port and its secret lives
 * in that origin's sessionStorage, so a host that comes back on the same port with the
 * same secret is one the tab can simply reconnect to; with either changed the tab would
 * be locked out until the user opened the new launch URL.
 *
 * The file is `<library>/.directa-host.json`, written with mode 0600 (owner only) by a
 * temporary file and a rename. It is reused only when it is safe and recent:
 *
 *  - a regular file (not a link), owned by this user, that no group or other user may
 *    read or write (POSIX; Windows keeps the library folder's own permissions);
 *  - its host was alive less than REUSE_IDLE_MS ago (a running host refreshes `aliveAt`
 *    every HEARTBEAT_MS), so a secret from a host stopped long ago is never revived;
 *  - the secret is younger than MAX_SECRET_AGE_MS, so restarts cannot keep it forever.
 *
 * Anything else (missing, damaged, too open, too old) means a fresh secret. The secret
 * still never leaves this machine except in the launch URL the host prints, and the
 * page never sends it anywhere but this host's own origin (see auth.ts and SECURITY.md).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const HOST_STATE_FILE = '.directa-host.json';
export const HEARTBEAT_MS = 60_000;
/** a host silent for longer than this left a secret that is not reused */
export const REUSE_IDLE_MS = 30 * 60_000;
/** a secret older than this is not reused, however often the host restarted */
export const MAX_SECRET_AGE_MS = 24 * 60 * 60_000;

const SavedHost = z.strictObject({
  version: z.literal(1),
  port: z.int().min(1).max(65535),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/),
  createdAt: z.number(),
  aliveAt: z.number(),
});
export type SavedHost = z.infer<typeof SavedHost>;

export function hostStatePath(libraryDir: string): string {
  return path.join(libraryDir, HOST_STATE_FILE);
}

/** Why a saved host state is not reused, or null when it may be. */
export function refusal(saved: SavedHost, now: number): string | null {
  if (now - saved.aliveAt > REUSE_IDLE_MS) return 'the previous host stopped too long ago';
  if (now - saved.createdAt > MAX_SECRET_AGE_MS) return 'the secret is older than a day';
  if (saved.aliveAt > now + 60_000 || saved.createdAt > now + 60_000) return 'the saved times are in the future';
  return null;
}

/**
 * The saved port and secret when they may be reused at `now`; otherwise null and why
 * (`reason` is for the log: the host then starts with a fresh secret).
 */
export function loadReusable(libraryDir: string, now: number): { saved: SavedHost | null; reason: string | null } {
  const file = hostStatePath(libraryDir);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { saved: null, reason: code === 'ENOENT' ? null : `cannot read ${HOST_STATE_FILE} (${code ?? 'error'})` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { saved: null, reason: `${HOST_STATE_FILE} is not a regular file` };
    if (process.platform !== 'win32') {
      if ((stat.mode & 0o077) !== 0) return { saved: null, reason: `${HOST_STATE_FILE} may be read by other users` };
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return { saved: null, reason: `${HOST_STATE_FILE} belongs to another user` };
    }
    if (stat.size > 4096) return { saved: null, reason: `${HOST_STATE_FILE} is too large` };
    let parsed: SavedHost;
    try {
      parsed = SavedHost.parse(JSON.parse(fs.readFileSync(fd, 'utf8')));
    } catch {
      return { saved: null, reason: `${HOST_STATE_FILE} is damaged` };
    }
    const why = refusal(parsed, now);
    return why ? { saved: null, reason: why } : { saved: parsed, reason: null };
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes the state, owner-only, through a temporary file renamed over the old one. */
export function saveHostState(libraryDir: string, state: SavedHost): void {
  const file = hostStatePath(libraryDir);
  const part = path.join(libraryDir, `.${HOST_STATE_FILE}.${randomBytes(6).toString('hex')}.part`);
  const fd = fs.openSync(part, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(SavedHost.parse(state))}\n`);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(part, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    fs.chmodSync(part, 0o600); // a umask cannot widen it, but be explicit
    fs.renameSync(part, file);
  } catch (err) {
    fs.rmSync(part, { force: true });
    throw err;
  }
}

/**
 * Refreshes `aliveAt` every HEARTBEAT_MS while the host runs, so that a restart soon
 * after reuses the secret. Stops by itself if another host has written its own state.
 * Answers the function that stops it. Failures are logged, never thrown.
 */
export function keepAlive(libraryDir: string, state: SavedHost, log: (m: string) => void, now = Date.now, everyMs = HEARTBEAT_MS): () => void {
  const timer = setInterval(() => {
    try {
      const current = JSON.parse(fs.readFileSync(hostStatePath(libraryDir), 'utf8')) as { secret?: unknown };
      if (current.secret !== state.secret) return stop();
      saveHostState(libraryDir, { ...state, aliveAt: now() });
    } catch (err) {
      log(`host: could not refresh ${HOST_STATE_FILE}: ${(err as Error).message}`);
    }
  }, everyMs);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  return stop;
}
