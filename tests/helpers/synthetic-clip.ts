/**
 * Synthetic clips whose true camera move and object boxes are known: a textured world
 * seen through a window that pans and zooms as the camera module is trained (from the
 * full frame to the window centred at 0.5 + (cx, cy) with size 1/cz), with optional
 * solid-colour actors drawn at given boxes.
 */
import type { RgbFrame } from '../../electron/engine/metrics/frames';

type Box = [number, number, number, number];
export interface Actor { rgb: [number, number, number]; boxes: Box[] }

const waves = Array.from({ length: 14 }, (_, i) => {
  const angle = i * 2.399963; // golden angle: directions do not repeat
  const freq = 2.5 + ((i * 7) % 11);
  return { kx: Math.cos(angle) * freq * 2 * Math.PI, ky: Math.sin(angle) * freq * 2 * Math.PI, phase: i * 1.7 };
});

function texture(x: number, y: number): number {
  let v = 0;
  for (const w of waves) v += Math.sin(w.kx * x + w.ky * y + w.phase);
  return 128 + 120 * Math.tanh(v / 3);
}

export function syntheticClip(cam: { cx: number; cy: number; cz: number }, frames: number, width: number, height: number, actors: Actor[] = []): RgbFrame[] {
  const last: Box = [cam.cx + (1 - 1 / cam.cz) / 2, cam.cy + (1 - 1 / cam.cz) / 2, cam.cx + (1 + 1 / cam.cz) / 2, cam.cy + (1 + 1 / cam.cz) / 2];
  return Array.from({ length: frames }, (_, k) => {
    const u = frames === 1 ? 0 : k / (frames - 1);
    const win = [0, 0, 1, 1].map((v, i) => v + (last[i]! - v) * u) as Box;
    const data = new Uint8Array(width * height * 3);
    for (let j = 0; j < height; j++) {
      for (let i = 0; i < width; i++) {
        const fx = (i + 0.5) / width;
        const fy = (j + 0.5) / height;
        const g = texture(win[0] + fx * (win[2] - win[0]), (win[1] + fy * (win[3] - win[1])) * (height / width));
        let rgb: [number, number, number] = [g, g * 0.9 + 10, g * 0.8 + 20];
        for (const a of actors) {
          const b = a.boxes[k]!;
          if (fx >= b[0] && fx < b[2] && fy >= b[1] && fy < b[3]) rgb = a.rgb;
        }
        data.set(rgb.map((v) => Math.round(v)), (j * width + i) * 3);
      }
    }
    return { width, height, data };
  });
}
