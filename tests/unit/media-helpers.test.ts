/** Pure parts of the media module: rates, raw frames, ffmpeg output parsing, binary lookup. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPartFile, partPath } from '../../electron/media/atomic';
import { ffmpegPath, parseStatsLine, unpackedAsarPath } from '../../electron/media/ffmpeg';
import { assertFrames, evenSize, evenlySpaced, padToEven } from '../../electron/media/frames';
import { parseFramecrc } from '../../electron/media/probe';
import { ffmpegRate, rationalFromNumber, reduce, sameRate } from '../../electron/media/rational';
import { stillFormatFor, thumbnailSize } from '../../electron/media/stills';

describe('rational rates', () => {
  it('reduces, formats and compares', () => {
    expect(reduce({ num: 48000, den: 2002 })).toEqual({ num: 24000, den: 1001 });
    expect(ffmpegRate({ num: 24000, den: 1001 })).toBe('24000/1001');
    expect(sameRate({ num: 6, den: 2 }, { num: 3, den: 1 })).toBe(true);
    expect(sameRate({ num: 24000, den: 1001 }, { num: 24, den: 1 })).toBe(false);
    expect(() => reduce({ num: 0, den: 1 })).toThrow(RangeError);
  });

  it('turns plain numbers into rationals', () => {
    expect(rationalFromNumber(8)).toEqual({ num: 8, den: 1 });
    expect(rationalFromNumber(24000 / 1001)).toEqual({ num: 24000, den: 1001 });
    expect(rationalFromNumber(30000 / 1001)).toEqual({ num: 30000, den: 1001 });
    expect(rationalFromNumber(12.5)).toEqual({ num: 25, den: 2 });
    expect(rationalFromNumber(7.5)).toEqual({ num: 15, den: 2 });
    expect(() => rationalFromNumber(-1)).toThrow(RangeError);
  });
});

describe('raw frames', () => {
  it('checks frame sizes', () => {
    expect(() => assertFrames([new Uint8Array(12)], 2, 2)).not.toThrow();
    expect(() => assertFrames([new Uint8Array(11)], 2, 2)).toThrow(/frame 0 has 11 bytes/);
    expect(() => assertFrames([], 2, 2)).toThrow(/no frames/);
    expect(() => assertFrames([new Uint8Array(0)], 0, 2)).toThrow(RangeError);
  });

  it('pads odd sizes to even by repeating the last column and row', () => {
    expect(evenSize(63, 35)).toEqual({ width: 64, height: 36 });
    // 3x1: pixels a, b, c → 4x2: a b c c / a b c c
    const f = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(padToEven(f, 3, 1))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9]);
    const even = new Uint8Array(2 * 2 * 3);
    expect(padToEven(even, 2, 2)).toBe(even);
  });

  it('picks frames evenly, centred in equal parts', () => {
    expect(evenlySpaced(16, 4)).toEqual([2, 6, 10, 14]);
    expect(evenlySpaced(16, 1)).toEqual([8]);
    expect(evenlySpaced(3, 5)).toEqual([0, 1, 2]);
    expect(evenlySpaced(10, 3)).toEqual([1, 5, 8]);
    expect(evenlySpaced(0, 3)).toEqual([]);
  });
});

describe('stills', () => {
  it('chooses the format from the extension', () => {
    expect(stillFormatFor('a/poster.PNG')).toBe('png');
    expect(stillFormatFor('poster.jpeg')).toBe('jpeg');
    expect(() => stillFormatFor('poster.gif')).toThrow(/\.jpg, \.jpeg or \.png/);
  });

  it('sizes thumbnails to 160 px wide, never upscaling', () => {
    expect(thumbnailSize(1280, 720, 160)).toEqual({ width: 160, height: 90 });
    expect(thumbnailSize(64, 36, 160)).toEqual({ width: 64, height: 36 });
    expect(thumbnailSize(1000, 3, 160)).toEqual({ width: 160, height: 1 });
  });
});

describe('ffmpeg output parsing', () => {
  it('reads stats lines and ignores others', () => {
    expect(parseStatsLine('frame=   16 fps=0.0 q=-1.0 Lsize=       2kB time=00:00:01.87 bitrate=  10.1kbits/s speed=18.5x    '))
      .toEqual({ frame: 16, seconds: 1.87, speed: 18.5 });
    expect(parseStatsLine('frame=    2 fps=0.0 q=-1.0 Lsize=0kB time=-00:00:00.04 bitrate=N/A speed=N/A'))
      .toEqual({ frame: 2, seconds: -0.04, speed: null });
    expect(parseStatsLine('frame=    2 fps=0.0 q=0.0 size=       0kB time=01:02:03.50 bitrate=N/A')?.seconds).toBe(3723.5);
    expect(parseStatsLine("Unrecognized option 'bogus'.")).toBeNull();
  });

  it('reads a clip from framecrc output, with an exact rational rate', () => {
    const text = [
      '#extradata 0:       43, 0x2c270eff', '#software: Lavf58.24.100', '#tb 0: 1/24000', '#media_type 0: video',
      '#codec_id 0: h264', '#dimensions 0: 64x36', '#sar 0: 1/1',
      '0,      -2002,          0,     1001,     1220, 0x947aee85',
      '0,      -1001,       3003,     1001,      120, 0x00000001, F=0x0',
      '0,          0,       1001,     1001,      100, 0x00000002',
    ].join('\n');
    expect(parseFramecrc(text)).toEqual({ frames: 3, width: 64, height: 36, fps: { num: 24000, den: 1001 }, durationFrames: 3, codec: 'h264' });
    const eight = ['#tb 0: 1/16384', '#dimensions 0: 8x8', '0, 0, 0, 2048, 1, 0x1', '0, 2048, 2048, 2048, 1, 0x1'].join('\n');
    expect(parseFramecrc(eight).fps).toEqual({ num: 8, den: 1 });
    expect(() => parseFramecrc('#software: x\n')).toThrow(/no video stream/);
  });
});

describe('locating ffmpeg', () => {
  it('prefers DIRECTA_FFMPEG', () => {
    expect(ffmpegPath({ DIRECTA_FFMPEG: '/opt/ffmpeg/bin/ffmpeg' })).toBe('/opt/ffmpeg/bin/ffmpeg');
  });

  it('rewrites app.asar to app.asar.unpacked, on either separator, once', () => {
    expect(unpackedAsarPath('/Applications/Directa.app/Contents/Resources/app.asar/node_modules/@ffmpeg-installer/darwin-arm64/ffmpeg'))
      .toBe('/Applications/Directa.app/Contents/Resources/app.asar.unpacked/node_modules/@ffmpeg-installer/darwin-arm64/ffmpeg');
    expect(unpackedAsarPath('C:\\Directa\\resources\\app.asar\\node_modules\\@ffmpeg-installer\\win32-x64\\ffmpeg.exe'))
      .toBe('C:\\Directa\\resources\\app.asar.unpacked\\node_modules\\@ffmpeg-installer\\win32-x64\\ffmpeg.exe');
    expect(unpackedAsarPath('/x/app.asar.unpacked/ffmpeg')).toBe('/x/app.asar.unpacked/ffmpeg');
    expect(unpackedAsarPath('/work/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe('/work/node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
  });
});

describe('atomic writes', () => {
  it('names temporary files next to the final one', () => {
    const p = partPath('/a/b/clip.mp4');
    expect(path.dirname(p)).toBe('/a/b');
    expect(isPartFile(p)).toBe(true);
    expect(isPartFile('/a/b/clip.mp4')).toBe(false);
    expect(partPath('/a/b/clip.mp4')).not.toBe(p);
  });
});
