/**
 * An export's expected failures, each with a code the UI and CLI can act on and a message
 * a user can: nothing was left under the output's name when one is thrown.
 */
import { FfmpegError } from '../media/ffmpeg';

export type ExportErrorCode =
  /** the output exists and overwriting was not asked */
  | 'EXISTS'
  /** the output's folder cannot be written (read-only, no permission, not a folder) */
  | 'UNWRITABLE'
  /** the disk filled up while writing */
  | 'DISK_FULL'
  /** a take's or a sound's file is missing or unreadable */
  | 'MISSING_MEDIA'
  /** nothing to export, a format that is not available or cannot hold the export */
  | 'INVALID'
  /** an unknown project, scene, shot or export job */
  | 'NOT_FOUND'
  /** the export was cancelled */
  | 'CANCELLED'
  /** ffmpeg failed for another reason */
  | 'FAILED';

export class ExportError extends Error {
  override name = 'ExportError';
  constructor(readonly code: ExportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const UNWRITABLE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR']);

/** A file-system or ffmpeg error while writing `target`, as an ExportError. */
export function writeError(err: unknown, target: string): ExportError {
  if (err instanceof ExportError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const text = [err instanceof Error ? err.message : String(err), ...(err instanceof FfmpegError ? err.stderrTail : [])].join('\n');
  if (code === 'ENOSPC' || code === 'EDQUOT' || /No space left on device|Disk quota exceeded/i.test(text)) {
    return new ExportError('DISK_FULL', `the disk is full: ${target} could not be written (free some space and export again)`, { cause: err });
  }
  if ((code && UNWRITABLE_CODES.has(code)) || /Permission denied|Read-only file system/i.test(text)) {
    return new ExportError('UNWRITABLE', `cannot write to ${target}: the folder is read-only or not yours (choose another place)`, { cause: err });
  }
  if (err instanceof Error && err.name === 'AbortError') return new ExportError('CANCELLED', 'the export was cancelled', { cause: err });
  if (err instanceof FfmpegError) return new ExportError('FAILED', `ffmpeg could not make ${target}: ${err.stderrTail.slice(-3).join(' / ') || err.message}`, { cause: err });
  return new ExportError('FAILED', `could not make ${target}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
