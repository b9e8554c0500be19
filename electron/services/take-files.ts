/**
 * A generated clip becomes a take's files in the project's media/ folder:
 * media/takes/<take id>/clip.mp4 (the shot's length at the project's rate), poster.jpg
 * and a few thumbnails. Paths returned are relative to media/.
 */
import path from 'node:path';
import type { GeneratedClip } from '../engine/pipeline';
import { encodeClip, rationalFromNumber, retimeFrames, writePoster, writeThumbnails, type Rational } from '../media';

export interface TakeFiles { videoFile: string; posterFile: string; thumbs: string[]; encodeMs: number }

export async function writeTakeFiles(options: {
  clip: GeneratedClip;
  mediaDir: string;
  takeId: string;
  fps: Rational;
  durationFrames: number;
  signal?: AbortSignal;
}): Promise<TakeFiles> {
  const { clip, mediaDir, takeId, fps, durationFrames, signal } = options;
  const relative = path.join('takes', takeId);
  const dir = path.join(mediaDir, relative);
  const started = performance.now();
  // The generated frames span the whole shot (the camera move ends when the shot ends).
  const frames = retimeFrames(clip.frames, {
    sourceFps: rationalFromNumber(clip.fps), targetFrames: durationFrames, targetFps: fps, fit: 'stretch', method: 'hold',
  });
  await encodeClip({ frames, width: clip.width, height: clip.height, fps, outFile: path.join(dir, 'clip.mp4'), ...(signal ? { signal } : {}) });
  await writePoster(clip.frames[Math.floor(clip.frames.length / 2)]!, clip.width, clip.height, path.join(dir, 'poster.jpg'), signal ? { signal } : {});
  const thumbs = await writeThumbnails(clip.frames, clip.width, clip.height, dir, Math.min(4, clip.frames.length), signal ? { signal } : {});
  return {
    videoFile: path.join(relative, 'clip.mp4'),
    posterFile: path.join(relative, 'poster.jpg'),
    thumbs: thumbs.map((t) => path.join(relative, path.basename(t.file))),
    encodeMs: performance.now() - started,
  };
}
