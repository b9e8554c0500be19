/**
 * The H.264 parameter sets of a clip, to tell whether clips can be joined without
 * re-encoding: the concat demuxer keeps the first file's headers for all, so a stream copy
 * is only right when every clip's SPS and PPS are byte for byte the same (same encoder
 * settings, size and rate), and the SPS says 4:2:0 at 8 bits (what every player decodes).
 */
import { fileArg, runFfmpeg } from '../media/ffmpeg';

export interface H264Headers {
  /** hex of the SPS and PPS NAL units, in stream order */
  key: string;
  chromaFormat: number;
  bitDepth: number;
}

/** NAL units of an Annex B byte stream. */
export function nalUnits(bytes: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts.map((s, n) => {
    let end = n + 1 < starts.length ? starts[n + 1]! - 3 : bytes.length;
    while (end > s && bytes[end - 1] === 0) end--; // the 4-byte start code's leading zero
    return bytes.subarray(s, end);
  });
}

/** Reads Exp-Golomb coded fields of a NAL's payload (emulation prevention bytes removed). */
class Bits {
  private pos = 0;
  private readonly bytes: number[] = [];
  constructor(nal: Uint8Array) {
    for (let i = 0; i < nal.length; i++) {
      if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
      this.bytes.push(nal[i]!);
    }
  }
  bit(): number {
    const byte = this.bytes[this.pos >> 3];
    if (byte === undefined) throw new RangeError('SPS ended early');
    const b = (byte >> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return b;
  }
  skip(n: number): void {
    this.pos += n;
  }
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) if (++zeros > 31) throw new RangeError('bad Exp-Golomb code');
    let v = 0;
    for (let i = 0; i < zeros; i++) v = v * 2 + this.bit();
    return 2 ** zeros - 1 + v;
  }
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** chroma_format_idc and luma bit depth from an SPS NAL (header byte included). */
export function spsFormat(sps: Uint8Array): { chromaFormat: number; bitDepth: number } {
  const bits = new Bits(sps);
  bits.skip(8); // NAL header
  const profile = sps[1]!;
  bits.skip(24); // profile_idc, constraint flags, level_idc
  bits.ue(); // seq_parameter_set_id
  if (!HIGH_PROFILES.has(profile)) return { chromaFormat: 1, bitDepth: 8 };
  const chromaFormat = bits.ue();
  if (chromaFormat === 3) bits.skip(1);
  return { chromaFormat, bitDepth: bits.ue() + 8 };
}

/** The headers of `file`'s first video stream, or null when it is not H.264. */
export async function h264Headers(file: string, signal?: AbortSignal): Promise<H264Headers | null> {
  let stdout: Buffer;
  try {
    ({ stdout } = await runFfmpeg({
      args: ['-i', fileArg(file), '-map', '0:v:0', '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-frames:v', '1', '-f', 'h264', 'pipe:1'],
      captureStdout: true, logLevel: 'error', ...(signal ? { signal } : {}),
    }));
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return null;
  }
  const sets = nalUnits(stdout).filter((n) => n.length > 1 && ((n[0]! & 0x1f) === 7 || (n[0]! & 0x1f) === 8));
  const sps = sets.find((n) => (n[0]! & 0x1f) === 7);
  if (!sps) return null;
  return { key: sets.map((n) => Buffer.from(n).toString('hex')).join('.'), ...spsFormat(sps) };
}
