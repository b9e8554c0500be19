/**
 * Take media (clips, posters, thumbnails) and the project's sound by same-origin URL: /media/PROJECT_ID/FILE is
 * FILE inside that project's media/ folder, never outside it. Shared by the browser host
 * and Electron's app:// protocol.
 *
 * A project folder may come from someone else, so nothing in it is trusted: the file's
 * real path (every symlink resolved, `media/` itself included) must lie inside
 * REAL_PROJECT_FOLDER/media, only media types are served, and no dot file (a `.part`
 * file being written, a hidden file) is.
 */
import path from 'node:path';
import { lexicalPath, realPath, realPathInside, typeOf, type StaticFile } from './static-files';

export const MEDIA_PATH = /^\/media\/([0-9a-f-]{36})\/(.+)$/;
const MEDIA_TYPES = new Set(['.mp4', '.webm', '.jpg', '.jpeg', '.png', '.webp', '.wav', '.mp3', '.m4a', '.aac']);

/** The file for a /media/… path, given how to find a project's folder; null when there is none. */
export function resolveMedia(urlPath: string, projectDir: (projectId: string) => string | null): StaticFile | null {
  const match = MEDIA_PATH.exec(urlPath);
  if (!match) return null;
  const dir = projectDir(match[1]!);
  if (!dir) return null;
  const realProject = realPath(dir);
  if (!realProject) return null;
  const mediaDir = path.join(dir, 'media');
  const file = lexicalPath(mediaDir, `/${match[2]!}`);
  if (file === null || !MEDIA_TYPES.has(path.extname(file).toLowerCase())) return null;
  if (path.relative(mediaDir, file).split(path.sep).some((part) => part.startsWith('.'))) return null;
  const real = realPathInside(file, path.join(realProject, 'media'));
  if (!real || !MEDIA_TYPES.has(path.extname(real).toLowerCase())) return null;
  return { file: real, type: typeOf(real) };
}
