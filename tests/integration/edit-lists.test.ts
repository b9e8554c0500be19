/**
 * Issue 13, part 3: our edit lists open in the real tools. OpenTimelineIO (pinned in
 * native-models/requirements.txt) reads our `.otio`, `.otioz` and `.edl` (its cmx_3600
 * adapter) back with one clip per shot at the right ranges, names, media and markers, at
 * 24, 24000/1001 and (EDL drop-frame) 30000/1001 fps. FCPXML has no freely licensed DTD
 * to ship, so it gets a structural check: ElementTree parses it, every time is rational
 * seconds and a whole number of frames, the spine's items follow one another with no gap
 * or overlap and their durations add up to the sequence's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edlText, writeEditList } from '../../electron/export/edit-lists';
import type { ExportPlan } from '../../electron/export/plan';
import { encodeClip } from '../../electron/media';
import { makePlan, TRICKY_SHOTS } from '../helpers/export-docs-plan';
import { tempDir } from '../helpers/tmp';
import { python } from '../helpers/tiny-package';

interface ReadItem {
  schema: string;
  name: string;
  source_range?: [number, number];
  range_in_parent: [number, number];
  media?: { schema: string; target_url: string | null; path?: string; generator_kind?: string };
  metadata?: { directa?: Record<string, unknown>; cmx_3600?: { comments?: string[]; reel?: string } };
  markers?: { name: string; comment: string; color: string; start: number; metadata: Record<string, unknown> }[];
}
interface ReadTimeline {
  name: string;
  global_start: number;
  duration: number;
  start_timecode: string;
  tracks: { name: string; kind: string; items: ReadItem[]; source_start: number | null }[];
  metadata: Record<string, unknown>;
  entries?: { name: string; stored: boolean }[];
  version?: string;
  adapter_module?: string;
  otio_version: string;
}

const tmp = tempDir('directa-edit-lists-');
afterAll(() => tmp.cleanup());

function read<T = ReadTimeline>(kind: string, file: string, fps: { num: number; den: number }, extra: string[] = []): T {
  const out = execFileSync(python(), [path.resolve('tests/tools/read_edit_lists.py'), kind, file, `${fps.num}/${fps.den}`, ...extra], { encoding: 'utf8' });
  return JSON.parse(out) as T;
}

/** Tiny real clips for the shots that have takes (the .otioz bundles them). */
async function writeTakes(plan: ExportPlan): Promise<void> {
  for (const shot of plan.shots) {
    if (!shot.take) continue;
    const frame = new Uint8Array(16 * 16 * 3).fill(40 + shot.index * 60);
    await encodeClip({ frames: Array.from({ length: shot.durationFrames }, () => frame), width: 16, height: 16, fps: plan.project.fps, outFile: shot.take.mediaPath });
  }
}

const RATES = [
  { label: '24', fps: { num: 24, den: 1 }, hourOne: 86400, tc: '01:00:00:00' },
  { label: '24000/1001', fps: { num: 24000, den: 1001 }, hourOne: 86400, tc: '01:00:00:00' },
];

describe.each(RATES)('edit lists at $label fps', ({ label, fps, hourOne, tc }) => {
  let plan: ExportPlan;
  let dir: string;
  beforeAll(async () => {
    dir = path.join(tmp.dir, label.replace('/', '_'), 'dir with spaces é');
    plan = makePlan(TRICKY_SHOTS, { fps, mediaDir: path.join(dir, 'media') });
    await writeTakes(plan);
  });

  function expectOneClipPerShot(items: ReadItem[]): void {
    expect(items.map((i) => i.schema.split('.')[0])).toEqual(plan.shots.map(() => 'Clip'));
    items.forEach((item, i) => {
      const shot = plan.shots[i]!;
      expect(item.range_in_parent, shot.name).toEqual([shot.startFrame, shot.durationFrames]);
      expect(item.source_range, shot.name).toEqual([0, shot.durationFrames]);
    });
  }

  it('OTIO reads our .otio: one clip per shot at its range, its take, its prompt, camera and seed', () => {
    const file = path.join(dir, 'film.otio');
    return writeEditList(plan, 'otio', file).then(() => {
      const tl = read('otio', file, fps);
      expect(tl.otio_version).toBe('0.18.1');
      expect(tl.name).toBe(plan.title);
      expect(tl.global_start).toBe(hourOne);
      expect(tl.start_timecode).toBe(tc);
      expect(tl.duration).toBe(plan.durationFrames);
      expect(tl.tracks).toHaveLength(1);
      expect(tl.tracks[0]!.kind).toBe('Video');
      const items = tl.tracks[0]!.items;
      expectOneClipPerShot(items);
      items.forEach((item, i) => {
        const shot = plan.shots[i]!;
        expect(item.name).toBe(shot.name);
        if (shot.take) {
          expect(item.media?.schema).toBe('ExternalReference');
          expect(item.media?.path).toBe(shot.take.mediaPath);
        } else {
          expect(item.media?.schema).toBe('MissingReference');
        }
        expect(item.metadata?.directa).toMatchObject({ prompt: shot.prompt, camera: shot.camera, seed: shot.seed, shot_id: shot.shotId, dialogue: shot.dialogue });
        expect(item.markers).toHaveLength(1);
        expect(item.markers![0]!.start).toBe(0);
        expect(item.markers![0]!.comment).toContain(`Seed: ${shot.seed}`);
        expect(item.markers![0]!.metadata).toEqual({ directa: { prompt: shot.prompt, camera: shot.camera, seed: shot.seed } });
      });
    });
  });

  it('OTIO reads our .otioz: the same timeline with each take bundled (stored) under media/', async () => {
    const file = path.join(dir, 'film.otioz');
    await writeEditList(plan, 'otioz', file);
    const extract = path.join(dir, 'unpacked');
    fs.mkdirSync(extract);
    const tl = read('otioz', file, fps, [extract]);
    expect(tl.version).toBe('1.0.0');
    expectOneClipPerShot(tl.tracks[0]!.items);
    const withTakes = plan.shots.filter((s) => s.take);
    expect(tl.entries!.map((e) => e.name).sort()).toEqual(['content.otio', 'version.txt', ...withTakes.map((s) => `media/${s.take!.id}.mp4`)].sort());
    expect(tl.entries!.filter((e) => e.name.startsWith('media/')).every((e) => e.stored)).toBe(true);
    tl.tracks[0]!.items.forEach((item, i) => {
      const shot = plan.shots[i]!;
      if (!shot.take) return expect(item.media?.schema).toBe('MissingReference');
      expect(item.media?.path).toBe(`media/${shot.take.id}.mp4`);
      expect(fs.readFileSync(path.join(extract, item.media!.path!))).toEqual(fs.readFileSync(shot.take.mediaPath));
    });
  });

  it('OTIO\'s cmx_3600 adapter reads our .edl: one event per shot at its record range, source from 00:00:00:00', async () => {
    const file = path.join(dir, 'film.edl');
    await writeEditList(plan, 'edl', file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('FCM: NON-DROP FRAME');
    const tl = read('edl', file, fps);
    expect(tl.adapter_module).toContain('otio_cmx3600_adapter');
    expect(tl.tracks[0]!.source_start).toBe(-hourOne); // the first record timecode is 01:00:00:00
    expect(tl.name).toBe(plan.title);
    const items = tl.tracks[0]!.items;
    expectOneClipPerShot(items);
    items.forEach((item, i) => {
      const shot = plan.shots[i]!;
      expect(item.name).toBe(shot.name);
      if (shot.take) {
        expect(item.media?.target_url).toBe(shot.take.mediaPath);
      } else {
        expect(item.media).toMatchObject({ schema: 'GeneratorReference', generator_kind: 'black' });
      }
      expect(item.markers![0]).toMatchObject({ start: 0, name: shot.prompt.replace(/\s+/g, ' ') });
      const comments = item.metadata?.cmx_3600?.comments ?? [];
      expect(comments).toContain(`SEED: ${shot.seed}`);
      expect(comments.some((c) => c.startsWith('CAMERA: ') && c.includes(`cz ${shot.camera.cz}`))).toBe(true);
    });
  });

  it('FCPXML: rational times only, whole frames, a spine whose items follow one another and add up', async () => {
    const file = path.join(dir, 'film.fcpxml');
    await writeEditList(plan, 'fcpxml', file);
    const x = read<FcpxmlDump>('fcpxml', file, fps);
    expect(x.root).toBe('fcpxml');
    expect(x.version).toBe('1.8');
    expect(x.project).toBe(plan.title);
    const frame = toFraction(x.format.frameDuration!);
    expect(frame).toEqual(reduce(BigInt(fps.den), BigInt(fps.num)));
    for (const t of x.timed) {
      expect(t.value, `${t.tag}@${t.attr}`).toMatch(/^(0|[1-9]\d*)(\/[1-9]\d*)?s$/);
      if (t.attr !== 'frameDuration') expect(wholeFrames(toFraction(t.value), frame), `${t.tag}@${t.attr}=${t.value}`).not.toBeNull();
    }
    expect(x.spine).toHaveLength(plan.shots.length);
    let offset = 0n;
    x.spine.forEach((item, i) => {
      const shot = plan.shots[i]!;
      expect(item.tag).toBe(shot.take ? 'asset-clip' : 'gap');
      expect(item.attrs.name).toBe(shot.name);
      expect(wholeFrames(toFraction(item.attrs.offset!), frame)).toBe(offset);
      const duration = wholeFrames(toFraction(item.attrs.duration!), frame)!;
      expect(duration).toBe(BigInt(shot.durationFrames));
      offset += duration;
      expect(item.children[0]).toBe('note');
      expect(item.children.at(-1)).toBe('metadata');
      expect(item.note).toContain(`Seed: ${shot.seed}`);
      expect(item.markers).toEqual([{ start: '0s', duration: x.format.frameDuration, value: shot.prompt.replace(/\s+/g, ' ') }]);
      expect(item.md).toMatchObject({ 'com.directa.prompt': shot.prompt, 'com.directa.seed': String(shot.seed), 'com.apple.proapps.studio.scene': shot.sceneName });
      if (shot.take) {
        const asset = x.assets.find((a) => a.id === item.attrs.ref)!;
        expect(new URL(asset.src!).protocol).toBe('file:');
        expect(decodeURIComponent(new URL(asset.src!).pathname)).toBe(shot.take.mediaPath);
      }
    });
    expect(wholeFrames(toFraction(x.sequence.duration!), frame)).toBe(offset);
    expect(offset).toBe(BigInt(plan.durationFrames));
  });
});

describe('EDL at 30000/1001 fps', () => {
  it('counts drop-frame, and OpenTimelineIO reads the ranges back past the first minute', async () => {
    const fps = { num: 30000, den: 1001 };
    // 1 min 10 s of shots: record timecodes cross minute 1, where drop-frame skips labels
    const plan = makePlan([{ name: 'A', durationFrames: 1000 }, { name: 'B', durationFrames: 900 }, { name: 'C', durationFrames: 200, take: false }], { fps, mediaDir: path.join(tmp.dir, 'df', 'media') });
    const file = path.join(tmp.dir, 'df', 'film.edl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, edlText(plan)); // the takes need not exist to check timing
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('FCM: DROP FRAME');
    expect(text).toMatch(/^002 {2}AX {7}V {5}C {8}00:00:00;00 00:00:30;00 01:00:33;10 01:01:03;12\r$/m);
    const tl = read('edl', file, fps);
    expect(tl.tracks[0]!.items.map((i) => i.range_in_parent)).toEqual([[0, 1000], [1000, 900], [1900, 200]]);
  });
});

describe('edit list failures', () => {
  it('a missing take file is named with its shot, for every format, and nothing is written', async () => {
    const plan = makePlan(TRICKY_SHOTS, { fps: { num: 24, den: 1 }, mediaDir: path.join(tmp.dir, 'gone', 'media') });
    const out = path.join(tmp.dir, 'gone', 'out');
    for (const format of ['otio', 'otioz', 'edl', 'fcpxml'] as const) {
      const error = await writeEditList(plan, format, path.join(out, `film.${format}`)).catch((e: unknown) => e);
      expect(error, format).toMatchObject({ name: 'ExportError', code: 'MISSING_MEDIA' });
      expect((error as Error).message).toContain('Wide, "establishing"');
      expect((error as Error).message).toContain('城市 night run');
    }
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });

  it('a cancelled .otioz leaves no file, not even its temporary one', async () => {
    const plan = makePlan(TRICKY_SHOTS, { fps: { num: 24, den: 1 }, mediaDir: path.join(tmp.dir, 'cancel', 'media') });
    await writeTakes(plan);
    const out = path.join(tmp.dir, 'cancel', 'out');
    fs.mkdirSync(out);
    const controller = new AbortController();
    const writing = writeEditList(plan, 'otioz', path.join(out, 'film.otioz'), { signal: controller.signal });
    controller.abort();
    await expect(writing).rejects.toMatchObject({ name: 'ExportError', code: 'CANCELLED' });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('refuses to replace an existing file unless asked, and then replaces it whole', async () => {
    const plan = makePlan(TRICKY_SHOTS, { fps: { num: 24, den: 1 }, mediaDir: path.join(tmp.dir, 'exists', 'media') });
    await writeTakes(plan);
    const file = path.join(tmp.dir, 'exists', 'film.edl');
    fs.writeFileSync(file, 'keep me');
    await expect(writeEditList(plan, 'edl', file)).rejects.toMatchObject({ code: 'EXISTS' });
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    await writeEditList(plan, 'edl', file, { overwrite: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(edlText(plan));
  });
});

interface FcpxmlDump {
  root: string;
  version: string;
  project: string;
  format: Record<string, string | undefined>;
  assets: Record<string, string | undefined>[];
  sequence: Record<string, string | undefined>;
  timed: { tag: string; attr: string; value: string }[];
  spine: { tag: string; attrs: Record<string, string | undefined>; note: string | null; markers: Record<string, string>[]; md: Record<string, string>; children: string[] }[];
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
function reduce(n: bigint, d: bigint): [bigint, bigint] {
  const g = gcd(n, d);
  return [n / g, d / g];
}
function toFraction(t: string): [bigint, bigint] {
  const [n, d = '1'] = t.slice(0, -1).split('/');
  return reduce(BigInt(n!), BigInt(d));
}
/** `t` in frames of length `frame`, or null when it is not a whole number of frames. */
function wholeFrames(t: [bigint, bigint], frame: [bigint, bigint]): bigint | null {
  const n = t[0] * frame[1];
  const d = t[1] * frame[0];
  return n % d === 0n ? n / d : null;
}
