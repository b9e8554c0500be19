/**
 * Edit lists, the pure parts (issue 13, part 3): rational seconds for FCPXML, timecode for
 * EDLs (drop-frame only at 29.97/59.94), XML escaping, and what each writer refuses.
 * tests/integration/edit-lists.test.ts reads the files back with OpenTimelineIO.
 */
import { describe, expect, it } from 'vitest';
import { edlText, fcpxmlText, otioTimeline } from '../../electron/export/edit-lists';
import { ExportError } from '../../electron/export/errors';
import { clip, describeCamera, oneLine } from '../../electron/export/edit-lists/describe';
import { hasTimecode, hourOne, isDropFrame, rationalSeconds, timecode } from '../../electron/export/edit-lists/time';
import { escapeAttribute, escapeText, renderXml } from '../../electron/export/edit-lists/xml';
import { framesToTimecode, timecodeToFrames } from '../../renderer/src/lib/timecode';
import { makePlan, TRICKY_SHOTS } from '../helpers/export-docs-plan';

const NTSC = { num: 24000, den: 1001 };
const DF30 = { num: 30000, den: 1001 };
const DF60 = { num: 60000, den: 1001 };

describe('rational seconds (FCPXML)', () => {
  it('writes whole frames as reduced fractions of a second, never decimals', () => {
    expect(rationalSeconds(0, NTSC)).toBe('0s');
    expect(rationalSeconds(1, NTSC)).toBe('1001/24000s');
    expect(rationalSeconds(48, NTSC)).toBe('1001/500s');
    expect(rationalSeconds(24000, NTSC)).toBe('1001s');
    expect(rationalSeconds(48, { num: 24, den: 1 })).toBe('2s');
    expect(rationalSeconds(1, { num: 25, den: 1 })).toBe('1/25s');
    expect(rationalSeconds(3, { num: 30000, den: 1001 })).toBe('1001/10000s');
  });

  it('refuses fractional or negative frames and bad rates', () => {
    expect(() => rationalSeconds(1.5, NTSC)).toThrow(RangeError);
    expect(() => rationalSeconds(-1, NTSC)).toThrow(RangeError);
    expect(() => rationalSeconds(1, { num: 0, den: 1 })).toThrow(RangeError);
  });
});

describe('timecode (EDL)', () => {
  it('counts 23.976 non-drop at 24 and 29.97/59.94 drop-frame', () => {
    expect(isDropFrame(NTSC)).toBe(false);
    expect(isDropFrame(DF30)).toBe(true);
    expect(isDropFrame(DF60)).toBe(true);
    expect(isDropFrame({ num: 30, den: 1 })).toBe(false);
    expect(timecode(86400, NTSC)).toBe('01:00:00:00');
    expect(timecode(1799, DF30)).toBe('00:00:59;29');
    expect(timecode(1800, DF30)).toBe('00:01:00;02'); // labels ;00 and ;01 are skipped at minute 1
    expect(timecode(17982, DF30)).toBe('00:10:00;00'); // but not at minute 10
    expect(timecode(3600, DF60)).toBe('00:01:00;04');
    expect(timecode(120, { num: 120, den: 1 })).toBe('00:00:01:000');
  });

  it('agrees with the renderer\'s timecode labels frame by frame across the first hour', () => {
    for (const rate of [{ num: 24, den: 1 }, { num: 25, den: 1 }, NTSC, DF30, DF60]) {
      for (let f = 0; f < 3600 * 61; f += 31) {
        const label = timecode(f, rate);
        expect(label).toBe(framesToTimecode(f, rate));
        if (f % 700 === 0) expect(timecodeToFrames(label, rate)).toBe(f);
      }
    }
  });

  it('starts record timelines at 01:00:00:00', () => {
    expect(hourOne({ num: 24, den: 1 })).toBe(86400);
    expect(hourOne(NTSC)).toBe(86400);
    expect(hourOne(DF30)).toBe(107892);
    expect(timecode(hourOne(DF30), DF30)).toBe('01:00:00;00');
    expect(timecode(hourOne(DF60), DF60)).toBe('01:00:00;00');
  });

  it('has no timecode for rates that are neither whole nor 1000/1001 ones', () => {
    expect(hasTimecode({ num: 25, den: 2 })).toBe(false);
    expect(hasTimecode({ num: 15000, den: 1001 })).toBe(true);
    expect(() => timecode(0, { num: 25, den: 2 })).toThrow(/cannot count 25\/2/);
  });
});

describe('XML escaping', () => {
  it('escapes markup, keeps newlines in attributes, drops characters XML cannot hold', () => {
    expect(escapeText('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
    expect(escapeAttribute('say "hi"\nthen\tgo')).toBe('say &quot;hi&quot;&#10;then&#9;go');
    expect(escapeText('bell\u0007 and \u0000nul\uffff')).toBe('bell and nul');
    expect(escapeText('Zoë 🎬 城市')).toBe('Zoë 🎬 城市');
    expect(renderXml({ name: 'a', attrs: [['x', '1'], ['skip', undefined], ['y', 2]], children: [{ name: 'b', text: '<t>' }] }))
      .toBe('<a x="1" y="2">\n    <b>&lt;t&gt;</b>\n</a>');
  });
});

describe('shot descriptions', () => {
  it('puts the camera move into words', () => {
    expect(describeCamera({ cx: 0, cy: 0, cz: 1 })).toBe('static');
    expect(describeCamera({ cx: 0.2, cy: -0.05, cz: 1.5 })).toBe('pan right 20%, tilt up 5%, zoom in ×1.50');
    expect(describeCamera({ cx: -1, cy: 1, cz: 0.5 })).toBe('pan left 100%, tilt down 100%, zoom out ×0.50');
  });

  it('flattens text to one line and cuts it on code points', () => {
    expect(oneLine(' a\n\tb\r\nc\u0007 ')).toBe('a b c');
    expect(clip('ab🎬cd', 4)).toBe('ab🎬…');
    expect(clip('abc', 3)).toBe('abc');
  });
});

describe('edit list writers', () => {
  const plan = makePlan(TRICKY_SHOTS, { fps: NTSC, mediaDir: '/films/a b/media' });

  it('EDL: fixed columns, CRLF, one event per shot, black for a shot without a take', () => {
    const text = edlText(plan);
    expect(text.split('\r\n').filter((l) => /^\d{3} {2}/.test(l))).toEqual([
      '001  AX       V     C        00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00',
      '002  BL       V     C        00:00:00:00 00:00:01:06 01:00:02:00 01:00:03:06',
      '003  AX       V     C        00:00:00:00 00:00:00:13 01:00:03:06 01:00:03:19',
    ]);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare line ends from multi-line prompts
    expect(text).toContain('* FROM CLIP NAME: Close — Zoë 🎬\r\n');
  });

  it('EDL: refuses rates without timecode and more than 999 events, before writing anything', () => {
    expect(() => edlText(makePlan(TRICKY_SHOTS, { fps: { num: 25, den: 2 }, mediaDir: '/m' }))).toThrow(ExportError);
    const many = makePlan(Array.from({ length: 1000 }, (_, i) => ({ name: `s${i}`, durationFrames: 1 })), { fps: NTSC, mediaDir: '/m' });
    expect(() => edlText(many)).toThrow(expect.objectContaining({ code: 'INVALID', message: expect.stringMatching(/at most 999 events/) }));
    expect(() => edlText({ ...many, shots: many.shots.slice(0, 999) })).not.toThrow();
  });

  it('OTIO: the schema versions OpenTimelineIO 0.18 writes, times at the project rate as a double', () => {
    const tl = otioTimeline(plan) as { OTIO_SCHEMA: string; global_start_time: { rate: number; value: number }; tracks: { OTIO_SCHEMA: string; children: { OTIO_SCHEMA: string; kind: string; children: { OTIO_SCHEMA: string; markers: { OTIO_SCHEMA: string }[]; media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: string; target_url?: string } } }[] }[] } };
    expect(tl.OTIO_SCHEMA).toBe('Timeline.1');
    expect(tl.global_start_time).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate: 24000 / 1001, value: 86400 });
    expect(tl.tracks.OTIO_SCHEMA).toBe('Stack.1');
    const track = tl.tracks.children[0]!;
    expect([track.OTIO_SCHEMA, track.kind]).toEqual(['Track.1', 'Video']);
    expect(track.children.map((c) => [c.OTIO_SCHEMA, c.markers[0]!.OTIO_SCHEMA, c.media_references.DEFAULT_MEDIA.OTIO_SCHEMA])).toEqual([
      ['Clip.2', 'Marker.2', 'ExternalReference.1'],
      ['Clip.2', 'Marker.2', 'MissingReference.1'],
      ['Clip.2', 'Marker.2', 'ExternalReference.1'],
    ]);
    expect(track.children[0]!.media_references.DEFAULT_MEDIA.target_url).toBe('file:///films/a%20b/media/takes/1/clip.mp4');
  });

  it('FCPXML: no decimal time anywhere', () => {
    const text = fcpxmlText(plan);
    const times = [...text.matchAll(/ (offset|start|duration|frameDuration|tcStart)="([^"]*)"/g)].map((m) => m[2]!);
    expect(times.length).toBeGreaterThan(10);
    for (const t of times) expect(t).toMatch(/^\d+(\/\d+)?s$/);
  });
});
