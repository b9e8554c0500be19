/**
 * `npm run bench -- --only export`: how fast a 60 s sequence exports, as a multiple of
 * real time (60 s of film in 6 s is 10×), at the default project size (1280×720, 24 fps)
 * with a 60 s sound track mixed in:
 *
 *   stream copy   12 takes of 5 s that already are their shots: joined as they are
 *   re-encode     the same takes, re-encoded (what any burn-in or mismatch costs)
 *   conform       12 takes at a model's size and rate (512×288, 8 fps, 5 s) conformed
 *
 * Plain figures, no assertions: speed is judged by people, not by tests (goals, issue 13:
 * 10× with stream copy, 2× re-encoding). The machine's load counts: run it on an idle one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planFromStore } from '../../electron/export/plan';
import { exportSequence } from '../../electron/export/sequence';
import { planSound } from '../../electron/export/sound-plan';
import { fileArg, runFfmpeg } from '../../electron/media/ffmpeg';
import { Library } from '../../electron/store/library';
import type { ProjectStore } from '../../electron/store/project-store';
import { tempDir } from '../helpers/tmp';

const SHOTS = 12;
const SHOT_SECONDS = 5;
const FPS = 24;
const GOALS = { copy: 10, encode: 2 };
const print = (line: string): void => console.log(line);

/** A take made by ffmpeg's test source: `seconds` at `rate` and `size`, H.264 like the app's takes. */
async function take(store: ProjectStore, shotId: string, key: string, size: string, rate: number, seed: number): Promise<void> {
  const relative = path.join('takes', key, 'clip.mp4');
  const file = path.join(store.path, 'media', relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg({
    args: [
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${SHOT_SECONDS},hue=h=${seed * 30}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p',
      '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
      '-movflags', '+faststart', '-y', fileArg(file),
    ],
  });
  store.takes.add({ shotId, specHash: key, spec: {}, modelId: 'bench', videoFile: relative, posterFile: null, thumbs: [], provider: null, timings: {}, metrics: {} });
}

async function project(library: Library, name: string, size: string, rate: number): Promise<ProjectStore> {
  const store = library.create({ name, fps: { num: FPS, den: 1 } });
  const scene = store.createScene('Bench');
  for (let i = 0; i < SHOTS; i++) {
    const shot = store.createShot(scene, `Shot ${i + 1}`);
    store.updateShot(shot, { durationFrames: SHOT_SECONDS * FPS });
    await take(store, shot, `t${i}`, size, rate, i);
  }
  const wav = path.join(store.path, 'media', 'audio', 'score.wav');
  fs.mkdirSync(path.dirname(wav), { recursive: true });
  await runFfmpeg({ args: ['-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${SHOTS * SHOT_SECONDS}`, '-c:a', 'pcm_s16le', '-y', fileArg(wav)] });
  store.audio.set({ kind: 'project' }, { file: 'audio/score.wav', name: 'score.wav', offsetFrames: 0, gainDb: 0, durationSeconds: SHOTS * SHOT_SECONDS });
  return store;
}

async function timed(store: ProjectStore, out: string, streamCopy: 'auto' | 'never'): Promise<{ seconds: number; copied: boolean }> {
  const plan = planFromStore(store, { kind: 'project' });
  const started = performance.now();
  const result = await exportSequence(plan, { outPath: out, sound: planSound(store.snapshot(), plan), streamCopy });
  return { seconds: (performance.now() - started) / 1000, copied: result.streamCopied };
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('directa-bench-export-');
  const library = new Library(dir);
  try {
    const film = SHOTS * SHOT_SECONDS;
    print(`export of a ${film} s sequence (${SHOTS} shots, 1280×720 at ${FPS} fps, with sound) on ${os.cpus().length} CPUs`);
    const ready = await project(library, 'Ready', '1280x720', FPS);
    const model = await project(library, 'Model size', '512x288', 8);
    const line = (label: string, r: { seconds: number; copied: boolean }, goal?: number) =>
      print(`  ${label.padEnd(14)} ${r.seconds.toFixed(2).padStart(7)} s  ${(film / r.seconds).toFixed(1).padStart(6)}× real time${goal ? `  (goal ${goal}×)` : ''}${r.copied ? '  [stream copy]' : ''}`);
    line('stream copy', await timed(ready, path.join(dir, 'copy.mp4'), 'auto'), GOALS.copy);
    line('re-encode', await timed(ready, path.join(dir, 'encode.mp4'), 'never'), GOALS.encode);
    line('conform', await timed(model, path.join(dir, 'conform.mp4'), 'auto'));
  } finally {
    library.close();
    cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
