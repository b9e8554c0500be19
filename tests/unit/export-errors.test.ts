import { describe, expect, it } from 'vitest';
import { ExportError, writeError } from '../../electron/export/errors';
import { FfmpegError, MediaAbortError } from '../../electron/media/ffmpeg';

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('writeError', () => {
  it('says the disk is full for ENOSPC from Node and for ffmpeg running out of space', () => {
    for (const err of [errno('ENOSPC'), errno('EDQUOT'), new FfmpegError('ffmpeg exited with code 1', 1, ['out.mp4: No space left on device'])]) {
      const e = writeError(err, '/x/out.mp4');
      expect(e.code).toBe('DISK_FULL');
      expect(e.message).toBe('the disk is full: /x/out.mp4 could not be written (free some space and export again)');
    }
  });

  it('says the place cannot be written for permission and read-only errors', () => {
    for (const err of [errno('EACCES'), errno('EPERM'), errno('EROFS'), errno('ENOTDIR'), new FfmpegError('x', 1, ['out.mp4: Permission denied'])]) {
      expect(writeError(err, '/x/out.mp4').code).toBe('UNWRITABLE');
    }
  });

  it('keeps an ExportError, calls an abort a cancel, and quotes ffmpeg otherwise', () => {
    const own = new ExportError('EXISTS', 'there');
    expect(writeError(own, '/x')).toBe(own);
    expect(writeError(new MediaAbortError(), '/x').code).toBe('CANCELLED');
    const failed = writeError(new FfmpegError('ffmpeg exited with code 1', 1, ['a', 'Invalid data found when processing input']), '/x/o.mp4');
    expect(failed.code).toBe('FAILED');
    expect(failed.message).toContain('Invalid data found when processing input');
  });
});
