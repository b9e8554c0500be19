/**
 * Reads the camera move of the world's own clips (written by world_camera_reading.py) with
 * the engine's estimator and prints how many can be read and how many pan the right way,
 * as `directa eval` counts them for a model's clips. Run through world_camera_reading.py.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { estimateCamera } from '../../electron/engine/metrics/camera-motion';

interface Entry { name: string; file: string; width: number; height: number; camera: { cx: number; cy: number; cz: number } }

const dir = process.argv[2]!;
const entries = JSON.parse(readFileSync(path.join(dir, 'clips.json'), 'utf8')) as Entry[];
let unreadable = 0, axes = 0, right = 0;
for (const e of entries) {
  const data = readFileSync(path.join(dir, e.file));
  const size = e.width * e.height * 3;
  const frames = Array.from({ length: data.length / size }, (_, k) => ({ width: e.width, height: e.height, data: data.subarray(k * size, (k + 1) * size) }));
  const got = estimateCamera(frames);
  if (!got.reliable) {
    unreadable++;
    console.log(`${e.name}: unreadable (confidence ${got.confidence.toFixed(2)})`);
  }
  for (const axis of ['cx', 'cy'] as const) {
    if (Math.abs(e.camera[axis]) < 0.3) continue;
    axes++;
    if (got.reliable && Math.sign(got[axis]) === Math.sign(e.camera[axis])) right++;
  }
}
console.log(`world clips: ${entries.length}, readable ${entries.length - unreadable}, pans right ${right} of ${axes} axes (${((100 * right) / Math.max(1, axes)).toFixed(1)}%)`);
