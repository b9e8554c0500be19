/**
 * Where an export goes: a default path for each format (the library's Exports folder, one
 * folder per project, a file named for what is exported) and the checks export.start makes
 * on a path, made as the user types so the dialog says what is wrong before sending.
 *
 * Paths are the main process's: absolute, with its separators (`/`, or `\` on Windows,
 * told apart by the library folder's path). Pure.
 */
import type { ExportFormat } from './formats';
import { FORMATS } from './formats';

/** `\` when `dir` is a Windows path (`C:\…`, `\\server\…`), else `/`. */
export function separatorOf(dir: string): '/' | '\\' {
  return /^([A-Za-z]:\\|\\\\)/.test(dir) ? '\\' : '/';
}

/** `parts` joined under `dir` with its separator (no doubled separator at the joint). */
export function joinPath(dir: string, ...parts: string[]): string {
  const sep = separatorOf(dir);
  const head = dir.replace(/[\\/]+$/, '');
  return [head, ...parts].join(sep);
}

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_NAME = 120;

/**
 * A name that is a valid file name on every system: characters Windows or a shell would
 * take for something else become `-`, spaces and dots at the ends go (Windows drops them),
 * and a device name (CON, NUL…) gets a `_`. Non-ASCII letters stay.
 */
export function safeFileName(name: string, fallback = 'Export'): string {
  let safe = name.normalize('NFC').replace(UNSAFE, '-').replace(/\s+/g, ' ').replace(/-{2,}/g, '-');
  safe = safe.replace(/^[\s.-]+|[\s.]+$/g, '');
  if ([...safe].length > MAX_NAME) safe = [...safe].slice(0, MAX_NAME).join('').trimEnd();
  if (RESERVED.test(safe)) safe = `${safe}_`;
  return safe || fallback;
}

/** The library's folder for a project's exports: `<library>/Exports/<project>`. */
export function exportsFolder(libraryDir: string, projectName: string): string {
  return joinPath(libraryDir, 'Exports', safeFileName(projectName, 'Project'));
}

/** A file (or for png, a folder) named `title` in `folder`, with the format's extension. */
export function defaultOutPath(folder: string, title: string, format: ExportFormat): string {
  const base = safeFileName(title);
  return joinPath(folder, format === 'png' ? `${base} frames` : `${base}${FORMATS[format].extension}`);
}

/** The base name of a path (its last part). */
export function baseName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? '';
}

/**
 * The path for another format: the extension swapped where the path ends in the old
 * format's (or, from png, where it is the default "… frames" folder), else kept as typed.
 */
export function switchFormat(outPath: string, from: ExportFormat, to: ExportFormat): string {
  if (from === to) return outPath;
  const dot = (f: ExportFormat): string => FORMATS[f].extension;
  let stem: string | null = null;
  if (from === 'png') stem = outPath.endsWith(' frames') ? outPath.slice(0, -' frames'.length) : outPath;
  else if (outPath.toLowerCase().endsWith(dot(from))) stem = outPath.slice(0, -dot(from).length);
  if (stem === null) return outPath;
  return to === 'png' ? `${stem} frames` : `${stem}${dot(to)}`;
}

/** What is wrong with `outPath` for `format` (as export.start would refuse it), or null. */
export function outPathProblem(outPath: string, format: ExportFormat): string | null {
  const p = outPath.trim();
  if (p === '') return 'Give the path of the file to write.';
  if (p.includes('\0')) return 'The path must not hold a NUL character.';
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p)) return 'Give a full path (starting with / or a drive letter such as C:\\).';
  if (p.length > 4096) return 'The path is too long.';
  const ext = FORMATS[format].extension;
  if (format === 'png') return /^([\\/]|[A-Za-z]:[\\/]?)$/.test(p) ? 'Give a folder for the images, not the root of a disk.' : null;
  if (/[\\/]$/.test(p)) return `Give a file name ending in ${ext}, not a folder.`;
  if (!p.toLowerCase().endsWith(ext)) return `A ${FORMATS[format].label} file's name must end in ${ext}.`;
  if (baseName(p).length <= ext.length) return `Give a name before ${ext}.`;
  return null;
}
