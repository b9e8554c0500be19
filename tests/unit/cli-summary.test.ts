/**
 * The arithmetic behind `directa eval`'s summary (pure, on hand-made metrics: the tiny
 * random package cannot show whether the figures are counted right): camera figures over
 * the takes that ask for a move only (an unreadable one scored as no move), still-camera
 * drift apart (unreadable ones left out and counted), box IoU with missing frames as 0 and over located frames, and each
 * figure's do-nothing baseline on the same takes. Plus the CLI's field paths and output
 * file names.
 */
import { describe, expect, it } from 'vitest';
import { fieldPath } from '../../electron/cli/inputs';
import { slug } from '../../electron/cli/render-project';
import { asksForMove, figure, panAxes, summarise } from '../../electron/cli/summary';
import { metricsLine, summaryLines } from '../../electron/cli/summary-lines';
import type { ObjectMetrics, TakeMetrics } from '../../electron/engine/metrics';

type Move = { cx: number; cy: number; cz: number };
const STILL: Move = { cx: 0, cy: 0, cz: 1 };

interface Extra { objects?: Partial<ObjectMetrics>[]; colours?: { colour: string; found: number }[]; reliable?: boolean; frames?: number }

function take(requested: Move, measured: Move, extra: Extra = {}): TakeMetrics {
  return {
    frames: extra.frames ?? 16,
    camera: {
      requested, measured, inliers: 1, confidence: extra.reliable === false ? 0.1 : 1, reliable: extra.reliable ?? true,
      error: {
        cx: Math.abs(measured.cx - requested.cx), cy: Math.abs(measured.cy - requested.cy),
        log2cz: Math.abs(Math.log2(measured.cz) - Math.log2(requested.cz)),
      },
    },
    objects: (extra.objects ?? []).map((o, i) => ({
      phrase: `object ${i}`, colour: 'red', iou: null, iouLocated: null, found: null, heldIou: null, heldIouLocated: null, ...o,
    })),
    meanIou: null,
    colours: extra.colours ?? [],
  };
}

describe('pan direction', () => {
  it('counts each axis asking for |c| >= 0.3 once, right when the measured move has its sign', () => {
    expect(panAxes(take({ cx: 0.5, cy: 0.1, cz: 1 }, { cx: 0.05, cy: -0.4, cz: 1 }))).toEqual([{ axis: 'cx', right: true }]);
    expect(panAxes(take({ cx: -0.4, cy: 0.4, cz: 1 }, { cx: 0.2, cy: 0.4, cz: 1 }))).toEqual([{ axis: 'cx', right: false }, { axis: 'cy', right: true }]);
    expect(panAxes(take({ cx: 0.3, cy: -0.3, cz: 1 }, STILL))).toEqual([{ axis: 'cx', right: false }, { axis: 'cy', right: false }]);
    expect(panAxes(take({ cx: 0.29, cy: -0.29, cz: 2 }, { cx: -1, cy: 1, cz: 1 }))).toEqual([]);
  });

  it('tells camera takes from still ones by the request', () => {
    expect(asksForMove(take(STILL, { cx: 0.3, cy: 0, cz: 1 }))).toBe(false);
    expect(asksForMove(take({ cx: 0, cy: 0, cz: 1.2 }, STILL))).toBe(true);
  });
});

describe('beating a baseline', () => {
  it('takes a clear margin, a tenth of the baseline, not noise', () => {
    expect(figure(0.95, 1, 'lower').beatsBaseline).toBe(false);
    expect(figure(0.85, 1, 'lower').beatsBaseline).toBe(true);
    expect(figure(0.54, 0.5, 'higher').beatsBaseline).toBe(false);
    expect(figure(0.56, 0.5, 'higher').beatsBaseline).toBe(true);
    expect(figure(0.3, null, 'higher').beatsBaseline).toBeNull();
  });
});

describe('summarise: the camera', () => {
  const takes = [
    take({ cx: 0.6, cy: 0, cz: 1 }, { cx: 0.4, cy: 0.1, cz: 2 }), // camera: errors 0.2, 0.1, 1
    take({ cx: 0, cy: -0.5, cz: 1 }, { cx: 0, cy: 0.3, cz: 1 }), // camera: errors 0, 0.8, 0
    take({ cx: 0, cy: 0, cz: 2 }, { cx: 0.1, cy: 0, cz: 2 }), // camera: errors 0.1, 0, 0
    take({ cx: 0.9, cy: 0.9, cz: 0.5 }, STILL, { reliable: false }), // camera, unreadable: scored as no move, errors 0.9, 0.9, 1
    take(STILL, { cx: 0.1, cy: -0.2, cz: 0.5 }), // still: drift 0.1, 0.2, 1
    take(STILL, { cx: 0.3, cy: 0, cz: 1 }), // still: drift 0.3, 0, 0
    take(STILL, { cx: 5, cy: 5, cz: 2 }, { reliable: false }), // still, unreadable: left out
  ];
  const s = summarise(takes);

  it('averages camera errors over the takes that ask for a move only, an unreadable one as no move', () => {
    expect(s.measured).toBe(7);
    expect(s.camera).toMatchObject({ cases: 4, unreliable: 1, scored: 4 });
    expect(s.camera.errorCx.value).toBeCloseTo((0.2 + 0 + 0.1 + 0.9) / 4, 12);
    expect(s.camera.errorCy.value).toBeCloseTo((0.1 + 0.8 + 0 + 0.9) / 4, 12);
    expect(s.camera.errorLog2Cz.value).toBeCloseTo((1 + 0 + 0 + 1) / 4, 12);
  });

  it('puts each beside a still camera on the same takes', () => {
    expect(s.camera.errorCx.baseline).toBeCloseTo((0.6 + 0 + 0 + 0.9) / 4, 12);
    expect(s.camera.errorCy.baseline).toBeCloseTo((0 + 0.5 + 0 + 0.9) / 4, 12);
    expect(s.camera.errorLog2Cz.baseline).toBeCloseTo((0 + 0 + 1 + 1) / 4, 12);
    expect(s.camera.errorCx).toMatchObject({ better: 'lower', beatsBaseline: true });
    expect(s.camera.errorCy.beatsBaseline).toBe(false);
    expect(s.camera.errorLog2Cz.beatsBaseline).toBe(false);
  });

  it('scores pan direction per axis against a coin toss', () => {
    expect(s.camera.pan).toMatchObject({ axes: 4, right: 1 }); // the unreadable take's two axes show no move: wrong
    expect(s.camera.pan.share).toEqual({ value: 0.25, baseline: 0.5, better: 'higher', beatsBaseline: false });
  });

  it('reports the drift of still-camera takes apart', () => {
    expect(s.still).toMatchObject({ cases: 3, unreliable: 1, scored: 2 });
    expect(s.still.driftCx).toBeCloseTo(0.2, 12);
    expect(s.still.driftCy).toBeCloseTo(0.1, 12);
    expect(s.still.driftLog2Cz).toBeCloseTo(0.5, 12);
  });

  it('prints every camera figure beside its baseline, and says what was left out', () => {
    const lines = summaryLines(s);
    expect(lines).toContain('camera, takes that ask for a move: 4 (1 unreliable reading scored as no move: frames too textureless or incoherent to read; 4 scored)');
    expect(lines.find((l) => l.includes('mean |cx error|'))).toMatch(/0\.300 {2}still camera 0\.375 {2}beats baseline: yes$/);
    expect(lines.find((l) => l.includes('mean |cy error|'))).toMatch(/beats baseline: no$/);
    expect(lines.find((l) => l.includes('pan direction right'))).toContain('0.250  coin toss 0.500  beats baseline: no  (1 of 4 axes');
    expect(lines.find((l) => l.includes('drift'))).toContain('drift |cx| 0.200  |cy| 0.100  |log2 cz| 0.500');
  });

  it('answers null where nothing was measured', () => {
    const empty = summarise([]);
    expect(empty.camera).toMatchObject({ cases: 0, scored: 0, errorCx: { value: null, baseline: null, beatsBaseline: null } });
    expect(empty.boxes).toMatchObject({ objects: 0, found: null, iou: { value: null } });
    expect(summaryLines(empty)).toContain('palette colours named in prompts: none');
    const failedFit = summarise([take({ cx: 0.5, cy: 0, cz: 1 }, { cx: Number.NaN, cy: 0, cz: 1 })]);
    expect(failedFit.camera).toMatchObject({ cases: 1, unreliable: 1, scored: 0 });
    expect(summaryLines(failedFit)).toContain('  no camera figure: no reading could be scored');
  });
});

describe('summarise: boxes and colours', () => {
  // Two takes of 16 frames and one of 8. Per object: iou (missing = 0), the share of frames found,
  // IoU over those frames, and the held-first-box baseline over all and over the found frames.
  const s = summarise([
    take(STILL, STILL, {
      objects: [
        { colour: 'red', iou: 0.4, found: 0.5, iouLocated: 0.8, heldIou: 0.3, heldIouLocated: 0.2 },
        { colour: 'pink', iou: 0, found: 0, iouLocated: null, heldIou: 0.5, heldIouLocated: null },
        { colour: null }, // cannot be located: in no box figure
      ],
      colours: [{ colour: 'red', found: 0.5 }, { colour: 'pink', found: 0 }],
    }),
    take({ cx: 0.5, cy: 0, cz: 1 }, STILL, {
      objects: [{ colour: 'red', iou: 0.6, found: 1, iouLocated: 0.6, heldIou: 0.9, heldIouLocated: 0.9 }],
      colours: [{ colour: 'red', found: 1 }],
    }),
    take(STILL, STILL, { frames: 8, objects: [{ colour: 'pink', iou: 0.2, found: 0.25, iouLocated: 0.8, heldIou: 0.4, heldIouLocated: 0.6 }], colours: [{ colour: 'pink', found: 0.25 }] }),
  ]);

  it('scores IoU with missing frames as 0 against each object held at its first box', () => {
    expect(s.boxes.objects).toBe(4);
    expect(s.boxes.iou.value).toBeCloseTo((0.4 + 0 + 0.6 + 0.2) / 4, 12);
    expect(s.boxes.iou.baseline).toBeCloseTo((0.3 + 0.5 + 0.9 + 0.4) / 4, 12);
    expect(s.boxes.iou.beatsBaseline).toBe(false);
  });

  it('pools IoU over the frames each object is found in, against the held box on the same frames', () => {
    // found frames: 8, 0, 16, 2
    expect(s.boxes.iouLocated.frames).toBe(26);
    expect(s.boxes.iouLocated.value).toBeCloseTo((0.8 * 8 + 0.6 * 16 + 0.8 * 2) / 26, 12);
    expect(s.boxes.iouLocated.baseline).toBeCloseTo((0.2 * 8 + 0.9 * 16 + 0.6 * 2) / 26, 12);
    expect(s.boxes.iouLocated.beatsBaseline).toBe(false); // 0.677 against 0.662: not clearly better
  });

  it('reports the share of frames each actor is found in, per colour, and the ones never found', () => {
    expect(s.boxes.found).toBeCloseTo(26 / 56, 12);
    expect(s.boxes.neverFound).toBe(1);
    expect(s.boxes.foundByColour).toEqual([{ colour: 'red', objects: 2, found: 24 / 32 }, { colour: 'pink', objects: 2, found: 2 / 24 }]);
  });

  it('reports per palette colour the share of frames found over the takes that name it', () => {
    expect(s.colours.byColour).toEqual([{ colour: 'red', takes: 2, frames: 32, found: 24 / 32 }, { colour: 'pink', takes: 2, frames: 24, found: 2 / 24 }]);
    expect(s.colours.found).toBeCloseTo(26 / 56, 12);
    const lines = summaryLines(s);
    expect(lines).toContain('    by colour: red 0.75 (2 actors) · pink 0.08 (2 actors)');
    expect(lines).toContain('  red 0.75 (2 takes) · pink 0.08 (2 takes)');
    expect(lines.find((l) => l.includes('frames without the actor = 0'))).toMatch(/0\.300 {2}held at first box 0\.525 {2}beats baseline: no$/);
    expect(lines.find((l) => l.includes('frames the actor is found in'))).toMatch(/beats baseline: no {2}\(26 frames\)$/);
    expect(lines.find((l) => l.includes('share of frames an actor is found in'))).toContain('0.464  (1 of 4 actors never found');
  });

  it('reads takes recorded before these fields existed (reliable, no found shares, no baseline)', () => {
    const legacy = take({ cx: 0.5, cy: 0, cz: 1 }, { cx: 0.4, cy: 0, cz: 1 }, { objects: [{ iou: 0.5 }] }) as unknown as Record<string, unknown>;
    delete legacy.frames;
    const camera = legacy.camera as Record<string, unknown>;
    delete camera.reliable;
    delete camera.confidence;
    const old = summarise([legacy as unknown as TakeMetrics]);
    expect(old.camera).toMatchObject({ cases: 1, scored: 1 });
    expect(old.boxes).toMatchObject({ objects: 1, found: null, iou: { value: 0.5, baseline: null, beatsBaseline: null } });
  });
});

describe('a take in a line', () => {
  it('shows requested → measured, and says when the camera could not be read', () => {
    const ok = take({ cx: 0.5, cy: 0, cz: 1 }, { cx: 0.4, cy: 0, cz: 1 }, { objects: [{ phrase: 'red car', iou: 0.5, heldIou: 0.4, found: 0.75 }] });
    expect(metricsLine({ ...ok, objects: [] })).toBe('cx 0.500→0.400  cy 0.000→0.000  cz 1.000→1.000  IoU n/a');
    expect(metricsLine({ ...ok, meanIou: 0.5 })).toContain('IoU 0.500  red car: IoU 0.50 (held box 0.40), found 0.75');
    const blank = take({ cx: 0.5, cy: 0, cz: 1 }, STILL, { reliable: false });
    expect(metricsLine(blank)).toBe('camera not readable (confidence 0.10; requested cx 0.500 cy 0.000 cz 1.000)  IoU n/a');
  });
});

describe('names', () => {
  it('field paths read like the JSON they point into', () => {
    expect(fieldPath([])).toBe('(root)');
    expect(fieldPath(['camera', 'cz'])).toBe('camera.cz');
    expect(fieldPath([1, 'spec', 'objects', 0, 'keyframes', 2, 'box'])).toBe('[1].spec.objects[0].keyframes[2].box');
  });

  it('output file names keep letters of any script and nothing a file system refuses', () => {
    expect(slug('Close up: the "car"!')).toBe('close-up-the-car');
    expect(slug('Сцена 2 / 夜')).toBe('сцена-2-夜');
    expect(slug('???')).toBe('untitled');
  });
});
