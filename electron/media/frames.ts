/**
 * Raw frames as the media module takes them: RGB24, 8 bits per channel, row-major,
 * top-left origin, `width * height * 3` bytes with no row padding. Pure helpers to check
 * them, to pad them to the even size H.264 4:2:0 needs, and to pick frames evenly.
 */

/** Throws a RangeError unless `width`/`height` are positive integers. */
export function assertSize(width: number, height: number): void {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`frame size must be positive integers, got ${width}x${height}`);
  }
}

/** Throws a RangeError unless there is at least one frame and every frame is RGB24 `width`x`height`. */
export function assertFrames(frames: readonly Uint8Array[], width: number, height: number): void {
  assertSize(width, height);
  if (frames.length === 0) throw new RangeError('no frames');
  const bytes = width * height * 3;
  frames.forEach((f, i) => {
    if (f.length !== bytes) throw new RangeError(`frame ${i} has ${f.length} bytes; ${width}x${height} RGB24 needs ${bytes}`);
  });
}

/** The size rounded up to even numbers (H.264 with 4:2:0 chroma needs both even). */
export function evenSize(width: number, height: number): { width: number; height: number } {
  return { width: width + (width % 2), height: height + (height % 2) };
}

/**
 * The frame at the even size of `evenSize`, the new column and row copying the last
 * ones (edge replication: no black line appears). Answers `frame` itself when both
 * sides are already even.
 */
export function padToEven(frame: Uint8Array, width: number, height: number): Uint8Array {
  const out = evenSize(width, height);
  if (out.width === width && out.height === height) return frame;
  const padded = new Uint8Array(out.width * out.height * 3);
  const rowIn = width * 3;
  const rowOut = out.width * 3;
  for (let y = 0; y < out.height; y++) {
    const src = Math.min(y, height - 1) * rowIn;
    const dst = y * rowOut;
    padded.set(frame.subarray(src, src + rowIn), dst);
    if (out.width !== width) padded.copyWithin(dst + rowIn, dst + rowIn - 3, dst + rowIn);
  }
  return padded;
}

/**
 * `count` frame indices out of `total`, spread evenly: the centre of each of `count`
 * equal parts, rounded down (one frame: the middle one). At most `total` indices,
 * strictly increasing.
 */
export function evenlySpaced(total: number, count: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a whole number, got ${total}`);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a whole number, got ${count}`);
  const n = Math.min(total, count);
  // floor((2i + 1) * total / (2n)) in integers: exact for any safe sizes.
  return Array.from({ length: n }, (_, i) => Math.floor(((2 * i + 1) * total) / (2 * n)));
}
