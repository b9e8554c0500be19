/**
 * Take media (clips, posters, thumbnails) by same-origin URL: /media/PROJECT_ID/FILE is
 * FILE inside that project's media/ folder, never outside it. Shared by the browser host
 * and Electron's app:// protocol.
 */
import path from 'node:path';
import { resolveStatic } from './static-files';

/** The file for a /media/… path, given how to find a project's folder; null when there is none. */
export function resolveMedia(urlPath: string, projectDir: (projectId: string) => string | null): { file: string; type: string } | null {
  const match = /^\/media\/([0-9a-f-]{36})\/(.+)$/.exec(urlPath);
  if (!match) return null;
  const dir = projectDir(match[1]!);
  if (!dir) return null;
  const found = resolveStatic(path.join(dir, 'media'), `/${match[2]!}`);
  // resolveStatic falls back to index.html for extension-less paths: media has none
  return found && !found.file.endsWith(`${path.sep}index.html`) ? found : null;
}
