/**
 * Serving files by URL path from one folder: only files whose real path (every symlink
 * resolved) lies inside that folder's real path, with the right types. A symlink inside
 * the folder that points out of it (to /etc/passwd, to a project's database) is refused.
 */
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ico': 'image/x-icon',
};

/** `file` is a real path (no symlink in it when it was resolved): open it, don't resolve it again. */
export interface StaticFile { file: string; type: string }

/** Resolves a URL path to a file under `root`; unknown paths without an extension get index.html. */
export function resolveStatic(root: string, urlPath: string): StaticFile | null {
  const realRoot = realPath(root);
  if (!realRoot) return null;
  const file = lexicalPath(root, urlPath);
  if (file === null) return null;
  const candidate = isFile(file) ? file : path.extname(file) === '' ? path.join(root, 'index.html') : null;
  const real = candidate === null ? null : realPathInside(candidate, realRoot);
  return real ? { file: real, type: typeOf(real) } : null;
}

/** The content type for a file name; application/octet-stream when unknown. */
export function typeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The path a URL path names under `root`, without touching the disk; null when it leaves root or is not valid. */
export function lexicalPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const base = path.resolve(root);
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

/** The real path of `file` when it is a regular file inside `realRoot` (itself a real path); null otherwise. */
export function realPathInside(file: string, realRoot: string): string | null {
  const real = realPath(file);
  if (!real || !(real.startsWith(realRoot + path.sep)) || !isFile(real)) return null;
  return real;
}

export function realPath(p: string): string | null {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
