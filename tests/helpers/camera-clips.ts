/**
 * The camera fixtures (tests/fixtures/camera-clips, written by
 * tests/tools/make_camera_clips.py): clips of the built-in model's world with a known
 * camera move, and textureless clips, as the engine's metrics read frames (RGB, 8 bits)
 * at the built-in model's size. Plus seeded per-frame noise, the flicker a generated clip
 * has and a rendered one does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RgbFrame } from '../../electron/engine/metrics/frames';

const DIR = path.resolve(__dirname, '../fixtures/camera-clips');

export interface Camera { cx: number; cy: number; cz: number }
export interface CameraClip { name: string; camera: Camera; textured: boolean; source: string; frames: RgbFrame[] }

interface Index {
  frames: number;
  width: number;
  height: number;
  scale: number;
  clips: { name: string; file: string; camera: Camera; textured: boolean; source: string }[];
}

export function loadCameraClips(): CameraClip[] {
  const index = JSON.parse(fs.readFileSync(path.join(DIR, 'clips.json'), 'utf8')) as Index;
  const { frames, width, height, scale } = index;
  return index.clips.map((c) => {
    const gray = gunzipSync(fs.readFileSync(path.join(DIR, c.file)));
    if (gray.length !== frames * width * height) throw new Error(`${c.file}: ${gray.length} bytes, expected ${frames * width * height}`);
    const W = width * scale;
    const H = height * scale;
    const clip = Array.from({ length: frames }, (_, k) => {
      const data = new Uint8Array(W * H * 3);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const v = gray[k * width * height + Math.floor(y / scale) * width + Math.floor(x / scale)]!;
          data.fill(v, (y * W + x) * 3, (y * W + x) * 3 + 3);
        }
      }
      return { width: W, height: H, data };
    });
    return { name: c.name, camera: c.camera, textured: c.textured, source: c.source, frames: clip };
  });
}

/** The frames with independent Gaussian noise of `sigma` grey levels per pixel and frame (seeded). */
export function withNoise(frames: readonly RgbFrame[], sigma: number, seed = 1): RgbFrame[] {
  let state = seed >>> 0;
  const uniform = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return frames.map((f) => {
    const data = new Uint8Array(f.data.length);
    for (let i = 0; i < data.length; i += 3) {
      const n = sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, Math.round(f.data[i + c]! + n)));
    }
    return { width: f.width, height: f.height, data };
  });
}
