/**
 * The sound panel's fields: a sound's offset typed as timecode or frames, its level in dB,
 * the path of a file to add, and whose sound a clip is. Each parser answers a value or a
 * message saying what to type, never a guess. Pure.
 */
import type { AudioClip, Scene } from '../../../electron/ipc/schemas';
import { framesToTimecode, timecodeToFrames, type Rate } from '../lib/timecode';

/** What the contract takes: a day either way at 24 fps (OffsetFrames) and -60…+12 dB (GainDb). */
export const MAX_OFFSET_FRAMES = 24 * 60 * 60 * 24;
export const MIN_GAIN_DB = -60;
export const MAX_GAIN_DB = 12;
export const AUDIO_EXTENSIONS = ['.wav', '.mp3', '.m4a', '.aac'] as const;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** "12", "-12" (frames), "1:00" (1 s 0 frames), "00:00:01:12"; empty is 0. */
export function parseOffset(text: string, rate: Rate): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: true, value: 0 };
  const frames = timecodeToFrames(t, rate);
  if (frames === null) return { ok: false, message: 'Type frames (e.g. 12 or -12) or a timecode (e.g. 00:00:01:12).' };
  if (Math.abs(frames) > MAX_OFFSET_FRAMES) return { ok: false, message: 'An offset is at most a day either way.' };
  return { ok: true, value: frames };
}

/** "00:00:00:12 (12 frames)", with a `-` before a negative offset. */
export function offsetLabel(frames: number, rate: Rate): string {
  return `${framesToTimecode(frames, rate)} (${frames} ${Math.abs(frames) === 1 ? 'frame' : 'frames'})`;
}

/** A level in dB from -60 to +12; empty is 0. */
export function parseGain(text: string): Parsed<number> {
  const t = text.trim().replace(/\s*dB$/i, '');
  if (t === '') return { ok: true, value: 0 };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: 'Type a level in dB, e.g. -6.' };
  if (value < MIN_GAIN_DB || value > MAX_GAIN_DB) return { ok: false, message: `A level is from ${MIN_GAIN_DB} to +${MAX_GAIN_DB} dB.` };
  return { ok: true, value };
}

/** An absolute path to a WAV, MP3, M4A or AAC file, as audio.set takes it. */
export function parseSoundPath(text: string): Parsed<string> {
  const p = text.trim();
  if (p === '') return { ok: false, message: 'Give the path of a sound file.' };
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p)) return { ok: false, message: 'Give a full path (starting with / or a drive letter such as C:\\).' };
  if (!AUDIO_EXTENSIONS.some((ext) => p.toLowerCase().endsWith(ext))) return { ok: false, message: `Give a ${AUDIO_EXTENSIONS.join(', ')} file.` };
  return { ok: true, value: p };
}

export type OwnerKey = 'project' | `scene:${string}` | `shot:${string}`;

/** Whose sound a clip is, as a key (the add form's choice) and as words. */
export function ownerOf(clip: Pick<AudioClip, 'sceneId' | 'shotId'>, scenes: readonly Scene[]): { key: OwnerKey; label: string } {
  if (clip.shotId !== null) {
    for (const scene of scenes) {
      const shot = scene.shots.find((s) => s.id === clip.shotId);
      if (shot) return { key: `shot:${shot.id}`, label: `Shot ${shot.name} (${scene.name})` };
    }
    return { key: `shot:${clip.shotId}`, label: 'A shot' };
  }
  if (clip.sceneId !== null) {
    const scene = scenes.find((s) => s.id === clip.sceneId);
    return { key: `scene:${clip.sceneId}`, label: scene ? `Scene ${scene.name}` : 'A scene' };
  }
  return { key: 'project', label: 'The whole project' };
}

/** The contract's owner for a key. */
export function ownerInput(key: OwnerKey): { kind: 'project' } | { kind: 'scene'; sceneId: string } | { kind: 'shot'; shotId: string } {
  if (key === 'project') return { kind: 'project' };
  if (key.startsWith('scene:')) return { kind: 'scene', sceneId: key.slice('scene:'.length) };
  return { kind: 'shot', shotId: key.slice('shot:'.length) };
}

/** "1:02.5" or "12.3 s". */
export function secondsLabel(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m}:${(seconds - m * 60).toFixed(1).padStart(4, '0')}`;
}
