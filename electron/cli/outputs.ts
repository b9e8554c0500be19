/**
 * What the CLI writes: a generated clip's MP4, poster and thumbnails in an output folder
 * (through the same take-files service the app uses, staged and then moved into place),
 * and JSON reports written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TakeMetrics } from '../engine/metrics';
import type { GeneratedClip } from '../engine/pipeline';
import type { ShotSpec } from '../engine/spec';
import { writeFileAtomically } from '../media';
import { writeTakeFiles } from '../services/take-files';

/** One rendered (or failed) clip, as metrics.json and the eval report record it. */
export interface ClipReport {
  name: string;
  /** the MP4, relative to the output folder; null when the clip failed */
  file: string | null;
  /** null when the shot failed before a model was chosen */
  modelId: string | null;
  provider: string | null;
  steps: number | null;
  /** wall time of this clip: generation and encoding */
  seconds: number;
  timings: Record<string, number>;
  metrics: TakeMetrics | null;
  error: string | null;
  /** what was generated (null when the shot could not even become a spec) */
  spec: ShotSpec | null;
}

/** Writes `clip.mp4`, `poster.jpg` and `thumb-NNN.jpg` into `outDir`; answers the files and encode time. */
export async function writeClipFiles(clip: GeneratedClip, spec: ShotSpec, outDir: string): Promise<{ files: string[]; encodeMs: number }> {
  const staging = path.join(outDir, '.directa-staging');
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const take = await writeTakeFiles({ clip, mediaDir: staging, takeId: 'clip', fps: spec.fps, durationFrames: spec.durationFrames });
    const files = [take.videoFile, take.posterFile, ...take.thumbs].map((relative) => {
      const name = path.basename(relative);
      fs.renameSync(path.join(staging, relative), path.join(outDir, name));
      return name;
    });
    return { files, encodeMs: take.encodeMs };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomically(file, Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
}
