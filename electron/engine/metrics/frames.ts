/** Frames as the metrics read them: RGB, 8 bits, row-major, top-left origin. */
export interface RgbFrame { width: number; height: number; data: Uint8Array | Uint8ClampedArray }
export interface GrayFrame { width: number; height: number; data: Float32Array }

/** Luma (BT.601), box-downsampled by an integer factor so the longest side is ≤ maxSide. */
export function toGray(frame: RgbFrame, maxSide = 96): GrayFrame {
  const factor = Math.max(1, Math.ceil(Math.max(frame.width, frame.height) / maxSide));
  const width = Math.floor(frame.width / factor);
  const height = Math.floor(frame.height / factor);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++) {
          const i = ((y * factor + dy) * frame.width + x * factor + dx) * 3;
          sum += 0.299 * frame.data[i]! + 0.587 * frame.data[i + 1]! + 0.114 * frame.data[i + 2]!;
        }
      }
      data[y * width + x] = sum / (factor * factor);
    }
  }
  return { width, height, data };
}
