/**
 * Electron's app:// protocol: app://directa/… is the built renderer, app://directa/media/…
 * a project's take media. The same confinement as the browser host (real paths inside the
 * allowed folder, see host/static-files.ts and host/media-files.ts); kept free of the
 * `electron` module so that tests run it in Node.
 */
import fs from 'node:fs';
import { resolveMedia } from './host/media-files';
import { resolveStatic } from './host/static-files';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'directa';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface AppProtocolOptions {
  rendererDir: string;
  /** a project's folder by id (null: unknown project) */
  projectDir: (projectId: string) => string | null;
}

/** Answers one app:// request: the file, or 404 for anything outside the allowed folders. */
export function appProtocolResponse(requestUrl: string, options: AppProtocolOptions): Response {
  const url = new URL(requestUrl);
  const found = url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST ? null
    : url.pathname.startsWith('/media/') ? resolveMedia(url.pathname, options.projectDir) : resolveStatic(options.rendererDir, url.pathname);
  const body = found ? readNoFollow(found.file) : null;
  if (!found || !body) return new Response('not found', { status: 404 });
  return new Response(body, {
    headers: { 'content-type': found.type, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
  });
}

/** Reads a resolved real path, refusing a symlink that was put in its place since. */
function readNoFollow(file: string): Buffer<ArrayBuffer> | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd) : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
