/**
 * Issue 13 from the UI, in Chromium through the browser host (no generation: the shots
 * export as their boards): add a sound (a WAV made with ffmpeg) and hear it follow the
 * sequence player; export the scene as MP4 with the Export dialog (Ctrl+E), watch its
 * progress end, and ffprobe the file (H.264 + an audio stream, as long as the shots);
 * export .otio and .pdf; set the conform policy; export a range of shots as CSV; export
 * over an existing file and answer the Replace prompt; cancel a long export and find
 * nothing written; remove the sound.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { editorSession } from '../helpers/editor-session';
import { fileArg, runFfmpeg } from '../../electron/media/ffmpeg';
import { centreDiff, ffprobe, frameAt, sineWav } from '../helpers/export-project';
import { tempDir } from '../helpers/tmp';

const session = editorSession('directa-e2e-export-');
const files = tempDir('directa-e2e-export-files-');
afterAll(() => files.cleanup());

const page = (): Page => session.page;
const dialog = (): Locator => page().getByRole('dialog', { name: 'Export' });
const soundDialog = (): Locator => page().getByRole('dialog', { name: 'Sound' });
const player = (): Locator => page().getByRole('region', { name: 'Sequence player' });
const progress = (): Locator => dialog().getByLabel('Export progress');
const status = () => progress().getAttribute('data-status').catch(() => null);
const pathField = (): Locator => dialog().getByLabel('Export path');
const timelineSound = (): Locator => page().getByRole('region', { name: 'Timeline' }).getByRole('list', { name: 'Sound of the scene on the timeline' });
const exportsDir = () => path.join(session.dir, 'Exports', 'Export film');

/** The loudness (RMS of 16-bit samples) of `file`'s sound from `from` to `to` seconds. */
async function loudness(file: string, from: number, to: number): Promise<number> {
  const rate = 8000;
  const { stdout } = await runFfmpeg({ args: ['-i', fileArg(file), '-map', '0:a:0', '-ac', '1', '-ar', String(rate), '-f', 's16le', 'pipe:1'], captureStdout: true });
  const samples = new Int16Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.length / 2)).subarray(Math.round(from * rate), Math.round(to * rate));
  return Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / Math.max(1, samples.length));
}

/** Starts the dialog's export and waits for it to end; answers the states seen on the way. */
async function exportAndWait(timeout = 180_000): Promise<string[]> {
  const seen: string[] = [];
  await dialog().getByRole('button', { name: 'Export', exact: true }).click();
  await expect.poll(async () => {
    const s = await status();
    const line = await progress().locator('p[aria-live]').textContent().catch(() => null);
    const percent = await progress().locator('.percent').textContent().catch(() => null);
    if (s && line) seen.push(`${s} ${percent}: ${line.trim()}`);
    return s;
  }, { timeout, interval: 100 }).toMatch(/done|failed|cancelled/);
  return seen;
}

describe('export from the UI', () => {
  const wav = path.join(files.dir, 'temp score é.wav');

  it('adds a sound by path, refusing a file that is not one, and shows it under the scene', async () => {
    await sineWav(wav, 8, 440);
    fs.writeFileSync(path.join(files.dir, 'notes.wav'), 'not a sound');
    await session.newProject('Export film', 2);
    await session.saved();
    await expect.poll(() => player().textContent()).toContain('of 2');

    await page().getByRole('button', { name: 'Sound', exact: true }).click();
    const sound = soundDialog();
    await sound.getByLabel('Whose sound').selectOption('project');
    await sound.getByLabel('Sound file path').fill(path.join(files.dir, 'notes.wav'));
    await sound.getByRole('button', { name: 'Add sound' }).click();
    await expect.poll(() => sound.getByRole('alert').textContent()).toContain('is not a sound file');
    await sound.getByLabel('Sound file path').fill(path.join(files.dir, 'missing.wav'));
    await sound.getByRole('button', { name: 'Add sound' }).click();
    await expect.poll(() => sound.getByRole('alert').textContent()).toContain('does not exist');
    await sound.getByLabel('Sound file path').fill('score.txt');
    await sound.getByRole('button', { name: 'Add sound' }).click();
    await expect.poll(() => sound.getByRole('alert').textContent()).toContain('full path');

    await sound.getByLabel('Sound file path').fill(wav);
    await sound.getByLabel('Offset of the new sound').fill('12');
    await sound.getByLabel('Level of the new sound in dB').fill('-6');
    await sound.getByRole('button', { name: 'Add sound' }).click();
    const row = sound.getByRole('listitem', { name: 'Sound temp score é.wav' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/The whole project · 8\.0 s/);
    expect(await row.getByLabel('Offset of temp score é.wav').inputValue()).toBe('00:00:00:12');
    expect(await row.getByLabel('Level of temp score é.wav in dB').inputValue()).toBe('-6');
    expect(await sound.getByRole('img', { name: /Sound under scene/ }).getAttribute('aria-label')).toContain('temp score é.wav');
    // move it: 1 s 0 frames as timecode; the change is undoable like any edit
    await row.getByLabel('Offset of temp score é.wav').fill('0:00:00:06');
    await row.getByLabel('Offset of temp score é.wav').press('Enter');
    await expect.poll(() => row.textContent()).toContain('(6 frames)');
    await sound.getByRole('button', { name: 'Close' }).click();
    expect(await page().getByRole('button', { name: /Undo move sound/i }).count()).toBe(1);
    // the timeline draws it under the shots where it is heard: from frame 6 to the scene's end (144), at the timeline's zoom
    const bar = timelineSound().locator('.bar');
    await expect.poll(() => bar.count()).toBe(1);
    const { left, width } = await bar.evaluate((b: HTMLElement) => ({ left: parseFloat(b.style.left), width: parseFloat(b.style.width) }));
    expect(left / width).toBeCloseTo(6 / 138, 3);
  });

  it('plays the sound with the sequence player, waiting at the player’s frame when stopped', async () => {
    const audio = player().locator('audio');
    await expect.poll(() => audio.count()).toBe(1);
    await page().locator('h1.title').click();
    await page().keyboard.press('Home');
    await player().getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => !a.paused && a.currentTime > 0.2), { timeout: 15_000 }).toBe(true);
    await player().getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
    // stopped at frame f, the sound waits at (f - 6) / 24 s into the file (it starts 6 frames in)
    const frame = Number(await player().getAttribute('data-playhead'));
    expect(frame).toBeGreaterThan(6);
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeCloseTo((frame - 6) / 24, 2);
    await player().getByRole('button', { name: 'Frame forward' }).click();
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeCloseTo((frame + 1 - 6) / 24, 2);
  });

  it('exports the scene as MP4 from the dialog (Ctrl+E), with progress, and the file plays with its cuts and sound', async () => {
    await page().locator('h1.title').click();
    await page().keyboard.press('Control+e');
    await dialog().waitFor();
    expect(await dialog().getByLabel('What is exported').textContent()).toMatch(/2 shots · 6\.00 s\s+·\s+2 without a take yet: its board/);
    const out = path.join(exportsDir(), 'Export film - Scene 1.mp4');
    await expect.poll(() => pathField().inputValue()).toBe(out);
    await dialog().getByLabel('Timecode').check();
    const seen = await exportAndWait();
    expect(seen.at(-1)).toBe('done 100%: Exported');
    expect(seen.some((s) => s.startsWith('running')), seen.join(' | ')).toBe(true);
    expect(await dialog().getByLabel('Exported file').textContent()).toBe(out);
    expect(await page().locator('.export-button').textContent()).toBe('Export…'); // the top bar no longer says Exporting

    const probe = await ffprobe(out, ['-count_frames']);
    const video = probe.streams.find((s) => s['codec_type'] === 'video')!;
    const audio = probe.streams.find((s) => s['codec_type'] === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 1280, height: 720, pix_fmt: 'yuv420p', r_frame_rate: '24/1' });
    expect(Number(video['nb_read_frames'])).toBe(144); // two 72-frame shots
    expect(audio, 'an audio stream').toBeDefined();
    expect(Number(probe.format['duration'])).toBeCloseTo(6, 1);
    // the cut: frame 72 is the second shot's board (its name), frames within a shot are the same board
    const [a, b, c, d] = await Promise.all([36, 70, 71, 72].map((i) => frameAt(out, i, 320, 180)));
    const within = Math.max(centreDiff(a!, b!, 320, 180), centreDiff(b!, c!, 320, 180));
    const across = centreDiff(c!, d!, 320, 180);
    expect(within).toBeLessThan(0.1); // a still board: identical frames
    expect(across, `within a shot ${within}`).toBeGreaterThan(0.3); // "Shot 1" then "Shot 2" in the middle of the frame
    // the sound: silent until its offset (6 frames = 0.25 s), then the tone (-6 dB) to the end
    expect(await loudness(out, 0, 0.2)).toBeLessThan(50);
    const tone = await loudness(out, 0.4, 5.9);
    expect(tone).toBeGreaterThan(500); // a 1/8-amplitude sine at -6 dB, mixed down: about 1000
  });

  it('exports the scene as .otio and .pdf, the path following the format', async () => {
    await dialog().getByLabel('Format').selectOption('otio');
    const otio = path.join(exportsDir(), 'Export film - Scene 1.otio');
    await expect.poll(() => pathField().inputValue()).toBe(otio);
    expect(await dialog().getByLabel('What is exported').textContent()).toContain('an empty slot');
    expect(await exportAndWait()).toContain('done 100%: Exported');
    const timeline = JSON.parse(fs.readFileSync(otio, 'utf8')) as { tracks: { children: { children: { OTIO_SCHEMA: string; name: string }[] }[] } };
    const clips = timeline.tracks.children[0]!.children;
    expect(clips.map((c) => c.name)).toEqual(['Shot 1', 'Shot 2']);

    await dialog().getByLabel('Format').selectOption('pdf');
    const pdf = path.join(exportsDir(), 'Export film - Scene 1.pdf');
    await expect.poll(() => pathField().inputValue()).toBe(pdf);
    expect(await exportAndWait()).toContain('done 100%: Exported');
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
  });

  it('sets the project’s conform policy, saying what each choice does', async () => {
    const { projectId } = session.place();
    const conform = async () => (await session.call<{ project: { conform: unknown } }>('project.get', { projectId })).project.conform;
    await dialog().getByLabel('Format').selectOption('mp4');
    expect(await dialog().getByLabel('A shorter take').inputValue()).toBe('stretch');
    expect(await dialog().textContent()).toContain('motion-interpolated when slowed a lot');
    await dialog().getByLabel('A shorter take').selectOption('loop');
    await expect.poll(conform).toEqual({ shorter: 'loop', longer: 'stretch' });
    expect(await dialog().textContent()).toContain('plays again from its start until the shot ends');
    await dialog().getByLabel('A longer take').selectOption('trim');
    await expect.poll(conform).toEqual({ shorter: 'loop', longer: 'trim' });
    await dialog().getByRole('button', { name: /Back to the default/ }).click();
    await expect.poll(conform).toEqual({ shorter: 'stretch', longer: 'stretch' });
    await expect.poll(() => dialog().getByLabel('A longer take').inputValue()).toBe('stretch'); // the field follows the answer
  });

  it('exports a range of shots as a shot list', async () => {
    await dialog().getByLabel('A range of shots').check();
    await dialog().getByLabel('First shot to export').selectOption({ label: 'Shot 2' });
    await dialog().getByLabel('Last shot to export').selectOption({ label: 'Shot 2' });
    await dialog().getByLabel('Format').selectOption('csv');
    await expect.poll(() => dialog().getByLabel('What is exported').textContent()).toMatch(/^1 shot · 3\.00 s/);
    const csv = path.join(exportsDir(), 'Export film - Shot 2.csv');
    await expect.poll(() => pathField().inputValue()).toBe(csv);
    expect(await exportAndWait()).toContain('done 100%: Exported');
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Shot 2');
    await dialog().getByLabel('This scene').check();
  });

  it('asks before replacing an existing file, and replaces it on Replace', async () => {
    await dialog().getByLabel('Format').selectOption('pdf');
    const pdf = path.join(exportsDir(), 'Export film - Scene 1.pdf');
    fs.writeFileSync(pdf, 'an older storyboard');
    await dialog().getByRole('button', { name: 'Export', exact: true }).click();
    const alert = dialog().getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('already exists');
    expect(fs.readFileSync(pdf, 'utf8')).toBe('an older storyboard');
    await alert.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(status, { timeout: 120_000 }).toBe('done');
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // a place that cannot be written: said, with no Replace
    await pathField().fill('/sys/kernel/directa-cut.pdf');
    await dialog().getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => alert.textContent()).toMatch(/cannot write|Choose another place/);
    expect(await alert.getByRole('button', { name: 'Replace' }).count()).toBe(0);
  });

  it('cancels a long export, leaving nothing behind', async () => {
    const { projectId, shotId } = session.place();
    await session.call('shot.update', { projectId, shotId, patch: { durationFrames: 24 * 60 * 60 } }); // an hour
    await expect.poll(() => dialog().getByLabel('What is exported').textContent()).toContain('60:03.00');
    await dialog().getByLabel('Format').selectOption('mp4');
    const out = path.join(files.dir, 'long cut.mp4');
    await pathField().fill(out);
    await dialog().getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(status).toBe('running');
    expect(await page().locator('.export-button').textContent()).toMatch(/^Exporting \d+%$/);
    // closing the project does not stop it, and opening it again finds it running
    await dialog().getByRole('button', { name: 'Close' }).click();
    await page().getByRole('button', { name: 'Back to projects' }).click();
    await page().getByRole('button', { name: 'Open Export film' }).click();
    await expect.poll(() => page().locator('.export-button').textContent()).toMatch(/^Exporting \d+%$/);
    await page().locator('.export-button').click();
    await expect.poll(status).toBe('running');
    await progress().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(status, { timeout: 60_000 }).toBe('cancelled');
    expect(await progress().textContent()).toContain('Cancelled: nothing was written');
    expect(fs.readdirSync(files.dir).filter((f) => f.includes('long cut'))).toEqual([]); // nor its .part
  });

  it('removes the sound, and the player has nothing to play for it', async () => {
    await dialog().getByRole('button', { name: 'Close' }).click();
    await page().getByRole('button', { name: 'Sound (1)' }).click();
    await soundDialog().getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => soundDialog().textContent()).toContain('No sound yet');
    await soundDialog().getByRole('button', { name: 'Close' }).click();
    expect(await player().locator('audio').count()).toBe(0);
    expect(await timelineSound().count()).toBe(0);
    expect(await page().getByRole('button', { name: 'Sound', exact: true }).count()).toBe(1);
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
