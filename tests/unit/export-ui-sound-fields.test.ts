/** The sound panel's fields: offsets as frames or timecode, levels, file paths, owners; the limits the contract sets. */
import { describe, expect, it } from 'vitest';
import { AudioFilePath, GainDb, OffsetFrames } from '../../electron/ipc/export-schemas';
import { AUDIO_EXTENSIONS as CONTRACT_EXTENSIONS } from '../../electron/ipc/schemas';
import {
  AUDIO_EXTENSIONS, MAX_GAIN_DB, MAX_OFFSET_FRAMES, MIN_GAIN_DB, offsetLabel, ownerInput, ownerOf, parseGain, parseOffset,
  parseSoundPath, secondsLabel,
} from '../../renderer/src/export/sound-fields';
import type { Scene } from '../../electron/ipc/schemas';

const R24 = { num: 24, den: 1 };
const R2997 = { num: 30000, den: 1001 };

describe('sound fields', () => {
  it('share the contract’s limits', () => {
    expect(AUDIO_EXTENSIONS).toEqual(CONTRACT_EXTENSIONS);
    expect(OffsetFrames.safeParse(MAX_OFFSET_FRAMES).success).toBe(true);
    expect(OffsetFrames.safeParse(MAX_OFFSET_FRAMES + 1).success).toBe(false);
    expect(GainDb.safeParse(MIN_GAIN_DB).success && GainDb.safeParse(MAX_GAIN_DB).success).toBe(true);
    expect(GainDb.safeParse(MAX_GAIN_DB + 0.5).success).toBe(false);
  });

  it('read an offset as frames or timecode, negative too', () => {
    expect(parseOffset('12', R24)).toEqual({ ok: true, value: 12 });
    expect(parseOffset('-12', R24)).toEqual({ ok: true, value: -12 });
    expect(parseOffset('1:12', R24)).toEqual({ ok: true, value: 36 });
    expect(parseOffset('00:00:02:00', R24)).toEqual({ ok: true, value: 48 });
    expect(parseOffset(' ', R24)).toEqual({ ok: true, value: 0 });
    expect(parseOffset('00:01:00;02', R2997)).toEqual({ ok: true, value: 1800 }); // drop-frame: ;00 and ;01 are skipped
    expect(parseOffset('1:30', R24)).toMatchObject({ ok: false }); // 30 frames is not a frame count at 24
    expect(parseOffset('two', R24)).toMatchObject({ ok: false, message: expect.stringContaining('timecode') });
    expect(parseOffset(String(MAX_OFFSET_FRAMES + 1), R24)).toMatchObject({ ok: false });
    expect(offsetLabel(36, R24)).toBe('00:00:01:12 (36 frames)');
    expect(offsetLabel(-1, R24)).toBe('-00:00:00:01 (-1 frame)');
  });

  it('read a level in dB within the contract’s range', () => {
    expect(parseGain('-6')).toEqual({ ok: true, value: -6 });
    expect(parseGain('-3.5 dB')).toEqual({ ok: true, value: -3.5 });
    expect(parseGain('')).toEqual({ ok: true, value: 0 });
    expect(parseGain('13')).toMatchObject({ ok: false });
    expect(parseGain('loud')).toMatchObject({ ok: false });
  });

  it('take the paths audio.set takes, and no other', () => {
    for (const p of ['/home/ana/score.wav', '/x/Line 1 é.MP3', 'C:\\Music\\a.m4a', '/x/a.aac', 'cue.wav', '/x/a.ogg', '', '/x/a.wav.txt']) {
      expect(parseSoundPath(p).ok, p).toBe(AudioFilePath.safeParse(p).success);
    }
    expect(parseSoundPath('/x/a.ogg')).toMatchObject({ ok: false, message: 'Give a .wav, .mp3, .m4a, .aac file.' });
  });

  it('name whose sound a clip is, and turn the choice into the contract’s owner', () => {
    const scenes = [{ id: 's1', name: 'Chase', notes: '', shots: [{ id: 'h1', name: 'Car' }] }] as unknown as Scene[];
    expect(ownerOf({ sceneId: null, shotId: null }, scenes)).toEqual({ key: 'project', label: 'The whole project' });
    expect(ownerOf({ sceneId: 's1', shotId: null }, scenes)).toEqual({ key: 'scene:s1', label: 'Scene Chase' });
    expect(ownerOf({ sceneId: null, shotId: 'h1' }, scenes)).toEqual({ key: 'shot:h1', label: 'Shot Car (Chase)' });
    expect(ownerInput('project')).toEqual({ kind: 'project' });
    expect(ownerInput('scene:s1')).toEqual({ kind: 'scene', sceneId: 's1' });
    expect(ownerInput('shot:h1')).toEqual({ kind: 'shot', shotId: 'h1' });
    expect(secondsLabel(2)).toBe('2.0 s');
    expect(secondsLabel(62.5)).toBe('1:02.5');
  });
});
