/**
 * `directa export` as a user runs it: the CLI bundled (as build/bundle-electron.mjs does)
 * and run as a child process on a project folder with real takes and a sound.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSound } from '../../electron/export/sound-files';
import { Library } from '../../electron/store/library';
import { addTake, ffprobe, sineWav } from '../helpers/export-project';
import { tempDir } from '../helpers/tmp';

const run = promisify(execFile);
const BUNDLE_DIR = path.resolve('tests/.tmp/cli-export');
const CLI = path.join(BUNDLE_DIR, 'cli.cjs');
const tmp = tempDir('directa-cli-export-');
let project: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  buildSync({
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', entryPoints: ['electron/cli.ts'], outfile: CLI,
    external: ['electron', 'better-sqlite3', 'onnxruntime-node', 'bufferutil', 'utf-8-validate', 'pdfkit'],
  });
  const library = new Library(tmp.dir);
  try {
    const store = library.create({ name: 'Short film', fps: { num: 24, den: 1 }, width: 160, height: 90 });
    const chase = store.createScene('Chase');
    const [a, b] = [store.createShot(chase, 'Run'), store.createShot(chase, 'Fall')];
    store.updateShot(a, { durationFrames: 24, dialogue: 'Go!' });
    store.updateShot(b, { durationFrames: 12 });
    await addTake(store, a, { width: 160, height: 90, fps: { num: 12, den: 1 }, frames: 12, tint: [1, 0.8, 0.6] }, 'run');
    store.createShot(store.createScene('Epilogue'), 'End');
    const wav = path.join(tmp.dir, 'score.wav');
    await sineWav(wav, 4);
    await addSound(store, { kind: 'scene', sceneId: chase }, wav, {});
    project = store.path;
  } finally {
    library.close();
  }
});
afterAll(() => tmp.cleanup());

describe('directa export', () => {
  it('writes a scene as an MP4 with its sound, reporting progress on stderr and the result on stdout', async () => {
    const out = path.join(tmp.dir, 'out', 'chase.mp4');
    const r = await cli(['export', project, '--scene', 'chase', '--format', 'mp4', '--out', out, '--burn-in', 'label,timecode']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: "Chase", 2 shots, 36 frames (1.50 s) at 24/1 fps, re-encoded, 1 sound\n`);
    expect(r.stderr).toMatch(/^export mp4: 0% /m);
    expect(r.stderr).toMatch(/^export mp4: 100% done$/m);
    const probe = await ffprobe(out, ['-count_frames']);
    expect(probe.streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
    expect(probe.streams[0]).toMatchObject({ nb_read_frames: '36', width: 160, height: 90 });
  });

  it('writes the whole project as an EDL, a shot list and a storyboard', async () => {
    for (const format of ['edl', 'csv', 'pdf', 'otio', 'fcpxml']) {
      const out = path.join(tmp.dir, `all.${format}`);
      const r = await cli(['export', project, '--all', '--format', format, '--out', out]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('"Short film", 3 shots, 108 frames');
      expect(fs.statSync(out).size).toBeGreaterThan(100);
    }
    expect(fs.readFileSync(path.join(tmp.dir, 'all.csv'), 'utf8')).toContain('Epilogue');
  });

  it('writes a scene as a PNG image sequence into a folder', async () => {
    const out = path.join(tmp.dir, 'frames');
    const r = await cli(['export', project, '--scene', 'Chase', '--format', 'png', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: "Chase", 2 shots, 36 frames (1.50 s) at 24/1 fps\n`);
    const files = fs.readdirSync(out).sort();
    expect(files).toHaveLength(36);
    expect([files[0], files[35]]).toEqual(['frame_000000.png', 'frame_000035.png']);
  });

  it('refuses an existing file, an unknown scene and an image sequence into a file, with exit status 1', async () => {
    const out = path.join(tmp.dir, 'taken.mp4');
    fs.writeFileSync(out, 'mine');
    const exists = await cli(['export', project, '--all', '--format', 'mp4', '--out', out]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain('already exists');
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
    const scene = await cli(['export', project, '--scene', 'Nope', '--format', 'edl', '--out', path.join(tmp.dir, 'x.edl')]);
    expect(scene.code).toBe(1);
    expect(scene.stderr).toContain('no scene "Nope" in the project (scenes: "Chase", "Epilogue")');
    const png = await cli(['export', project, '--all', '--format', 'png', '--out', out]);
    expect(png.code).toBe(1);
    expect(png.stderr).toContain('is a file: an image sequence needs a folder');
  });

  it('answers usage errors with exit status 2', async () => {
    for (const args of [
      ['export', project, '--format', 'mp4', '--out', 'x.mp4'], // neither --scene nor --all
      ['export', project, '--all', '--scene', 'Chase', '--format', 'mp4', '--out', 'x.mp4'],
      ['export', project, '--all', '--format', 'mov', '--out', 'x.mov'],
      ['export', project, '--all', '--format', 'mp4'],
      ['export', project, '--all', '--format', 'mp4', '--out', 'x.mp4', '--conform', 'loop/hold'],
      ['export', project, '--all', '--format', 'mp4', '--out', 'x.mp4', '--burn-in', 'subtitles'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: directa export');
    }
    const help = await cli(['export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--conform S/L');
  });
});
