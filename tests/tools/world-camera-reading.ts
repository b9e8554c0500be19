/**
 * Reads the camera move of the world's own clips (written by world_camera_reading.py) as
 * `directa eval` reads a model's takes: the engine's metrics on each clip against its
 * case's spec, summarised by eval's own summary. Prints the camera part (readable clips,
 * errors, pans right). Run through world_camera_reading.py.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarise } from '../../electron/cli/summary';
import { computeMetrics } from '../../electron/engine/metrics';
import type { ShotSpec } from '../../electron/engine/spec';

interface Entry { name: string; file: string; spec: ShotSpec }

const dir = process.argv[2]!;
const entries = JSON.parse(readFileSync(path.join(dir, 'clips.json'), 'utf8')) as Entry[];
const takes = entries.map(({ file, spec }) => {
  const { width, height } = spec.aspect;
  const data = readFileSync(path.join(dir, file));
  const size = width * height * 3;
  const frames = Array.from({ length: data.length / size }, (_, k) => ({ width, height, data: data.subarray(k * size, (k + 1) * size) }));
  return computeMetrics(frames, [], spec, undefined);
});
const { camera } = summarise(takes);
const f = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
console.log(`world clips: ${camera.cases}, readable ${camera.cases - camera.unreliable}; `
  + `error cx ${f(camera.errorCx.value)}, cy ${f(camera.errorCy.value)}, log2 cz ${f(camera.errorLog2Cz.value)}; `
  + `pans right ${camera.pan.right} of ${camera.pan.axes} axes (${f(camera.pan.share.value)})`);
