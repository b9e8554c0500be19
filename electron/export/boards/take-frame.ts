/**
 * One frame of a take's video as a JPEG, for a storyboard panel: decoded by ffmpeg, the
 * frame picked by its index (`select`), scaled down to at most `maxWidth` pixels wide
 * (never up), encoded to stdout. A take shorter than the index asked for (one made before
 * its shot was lengthened) gives its first frame instead.
 */
import { fileArg, runFfmpeg } from '../../media/ffmpeg';

export interface TakeFrameOptions {
  /** widest image to return, in pixels; default 640 */
  maxWidth?: number;
  signal?: AbortSignal;
}

async function grab(mediaPath: string, select: string, maxWidth: number, signal?: AbortSignal): Promise<Buffer> {
  const filter = `${select}scale='min(iw\\,${maxWidth})':-2:flags=area`;
  const { stdout } = await runFfmpeg({
    args: ['-i', fileArg(mediaPath), '-vf', filter, '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', 'pipe:1'],
    captureStdout: true,
    signal,
  });
  return stdout;
}

/** The JPEG bytes of frame `index` (from 0) of the video at `mediaPath`, or of its first frame if it has fewer. */
export async function takeFrameJpeg(mediaPath: string, index: number, options: TakeFrameOptions = {}): Promise<Buffer> {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`frame index must be a whole number, got ${index}`);
  const maxWidth = options.maxWidth ?? 640;
  let jpeg = await grab(mediaPath, `select='eq(n\\,${index})',`, maxWidth, options.signal);
  if (jpeg.length === 0) jpeg = await grab(mediaPath, '', maxWidth, options.signal);
  if (jpeg.length === 0) throw new Error(`no frame could be read from ${mediaPath}`);
  return jpeg;
}
