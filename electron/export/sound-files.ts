/**
 * Audio files the user adds become the project's own: checked (an absolute path to a
 * readable file that ffmpeg decodes as sound), copied into media/audio/<clip id><ext>
 * under a temporary name then renamed, and recorded (AudioStore.set). A file no clip uses,
 * and that no undo or redo could bring back, is removed after each sound edit.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { partPath } from '../media/atomic';
import { fileArg, runFfmpeg } from '../media/ffmpeg';
import type { AudioOwner } from '../store/audio';
import type { ProjectStore } from '../store/project-store';
import { StoreError } from '../store/types';

export const AUDIO_DIR = 'audio';
/** The largest audio file taken (a feature-length WAV is about 1 GB). */
export const MAX_AUDIO_BYTES = 4 * 1024 ** 3;

/** The length in seconds of the first audio stream of `file`, from its packets (no decoding). */
export async function probeAudioSeconds(file: string): Promise<number> {
  let text: string;
  try {
    const { stdout } = await runFfmpeg({
      args: ['-i', fileArg(file), '-map', '0:a:0', '-c', 'copy', '-f', 'framecrc', 'pipe:1'], captureStdout: true, logLevel: 'error',
    });
    text = stdout.toString('utf8');
  } catch (err) {
    throw new StoreError('INVALID', `${path.basename(file)} is not a sound file ffmpeg can read (${(err as Error).message.split('\n').slice(-1)[0]})`);
  }
  const tb = /^#tb 0: (\d+)\/(\d+)/m.exec(text);
  if (!tb) throw new StoreError('INVALID', `${path.basename(file)} has no audio stream`);
  let ticks = 0;
  for (const m of text.matchAll(/^0,\s*-?\d+,\s*-?\d+,\s*(\d+),/gm)) ticks += Number(m[1]);
  const seconds = (ticks * Number(tb[1])) / Number(tb[2]);
  if (!(seconds > 0)) throw new StoreError('INVALID', `${path.basename(file)} holds no sound`);
  return seconds;
}

/** Copies `source` into the project and gives it to `owner`; answers the clip's id. */
export async function addSound(store: ProjectStore, owner: AudioOwner, source: string, placement: { offsetFrames?: number; gainDb?: number }): Promise<string> {
  const { scenes } = store.snapshot();
  if (owner.kind === 'scene' && !scenes.some((s) => s.id === owner.sceneId)) throw new StoreError('NOT_FOUND', `no scene ${owner.sceneId} in this project`);
  if (owner.kind === 'shot' && !scenes.some((s) => s.shots.some((shot) => shot.id === owner.shotId))) throw new StoreError('NOT_FOUND', `no shot ${owner.shotId} in this project`);
  const stat = await fs.promises.stat(source).catch(() => null);
  if (!stat) throw new StoreError('NOT_FOUND', `${source} does not exist`);
  if (!stat.isFile()) throw new StoreError('INVALID', `${source} is not a file`);
  if (stat.size > MAX_AUDIO_BYTES) throw new StoreError('INVALID', `${path.basename(source)} is larger than ${MAX_AUDIO_BYTES / 1024 ** 3} GB`);
  const durationSeconds = await probeAudioSeconds(source);
  const id = randomUUID();
  const relative = `${AUDIO_DIR}/${id}${path.extname(source).toLowerCase()}`;
  const target = path.join(store.path, 'media', relative);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temp = partPath(target);
  try {
    await fs.promises.copyFile(source, temp);
    await fs.promises.rename(temp, target);
    store.audio.set(owner, { file: relative, name: path.basename(source), offsetFrames: placement.offsetFrames ?? 0, gainDb: placement.gainDb ?? 0, durationSeconds }, id);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    await fs.promises.rm(target, { force: true });
    throw err;
  }
  sweepSoundFiles(store);
  return id;
}

/** Removes files of media/audio/ that no clip uses and no undo or redo could bring back; answers their names. */
export function sweepSoundFiles(store: ProjectStore): string[] {
  const dir = path.join(store.path, 'media', AUDIO_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const used = store.audio.filesInUse();
  const removed: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') || used.has(`${AUDIO_DIR}/${name}`)) continue; // a `.part` being written is not ours to judge
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // in use elsewhere: the next sweep tries again
    }
  }
  return removed;
}
