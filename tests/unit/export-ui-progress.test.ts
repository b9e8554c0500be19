/** The export dialog's progress line and time left, and how it reads export.start's refusals. */
import { describe, expect, it } from 'vitest';
import { ExportError } from '../../electron/export/errors';
import { ProgressClock } from '../../renderer/src/queue/eta';
import { isLater, progressView, recordProgress, timeLeftMs, type ExportJob } from '../../renderer/src/export/progress';
import { missingFiles, refusalOf } from '../../renderer/src/export/refusal';

const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const job = (over: Partial<ExportJob> = {}): ExportJob => ({
  id: '00000000-0000-4000-8000-000000000001', projectId: '00000000-0000-4000-8000-000000000002', format: 'mp4',
  scope: { kind: 'project' }, outPath: '/x/Film.mp4', status: 'running', progress: 0, stage: 'starting', error: null,
  createdAt: new Date(T0).toISOString(), finishedAt: null, ...over,
});

describe('export progress', () => {
  it('has no time left before any progress, then estimates it from the job’s start', () => {
    const clock = new ProgressClock();
    const first = job();
    recordProgress(clock, first, T0);
    expect(timeLeftMs(clock, first, T0 + 1000)).toBeNull();
    expect(progressView(first, null)).toEqual({ percent: 0, line: 'starting', running: true, done: false });
    const quarter = job({ progress: 0.25, stage: 'shot 1/4' });
    recordProgress(clock, quarter, T0 + 10_000);
    // one update with progress: from the start time, 10 s for a quarter → 30 s left
    expect(timeLeftMs(clock, quarter, T0 + 10_000)).toBeCloseTo(30_000, -2);
  });

  it('follows the rate between updates and counts down between them', () => {
    const clock = new ProgressClock();
    recordProgress(clock, job({ progress: 0.2 }), T0 + 4000);
    const half = job({ progress: 0.5, stage: 'shot 2/4' });
    recordProgress(clock, half, T0 + 7000); // 0.3 in 3 s: 0.1/s
    expect(timeLeftMs(clock, half, T0 + 7000)).toBeCloseTo(5000, -1);
    expect(timeLeftMs(clock, half, T0 + 9000)).toBeCloseTo(3000, -1);
    expect(progressView(half, timeLeftMs(clock, half, T0 + 7000))).toEqual({
      percent: 50, line: 'shot 2/4 · about 5 s left', running: true, done: false,
    });
  });

  it('knows a later state of a job from an earlier one (an event that beat the call’s answer)', () => {
    const started = job();
    expect(isLater(job({ progress: 0.3 }), started)).toBe(true);
    expect(isLater(job({ status: 'done', progress: 1 }), started)).toBe(true);
    expect(isLater(job({ status: 'cancelled', progress: 0 }), started)).toBe(true);
    expect(isLater(started, job({ progress: 0.3 }))).toBe(false);
    expect(isLater(started, started)).toBe(false);
  });

  it('says how a job ended', () => {
    const clock = new ProgressClock();
    const done = job({ status: 'done', progress: 1, stage: 'done' });
    recordProgress(clock, done, T0 + 9000);
    expect(timeLeftMs(clock, done, T0 + 9000)).toBe(0);
    expect(progressView(done, 0)).toEqual({ percent: 100, line: 'Exported', running: false, done: true });
    expect(progressView(job({ status: 'cancelled', progress: 0.4 }), null)).toMatchObject({ percent: 40, line: 'Cancelled: nothing was written', running: false });
    expect(progressView(job({ status: 'failed', progress: 0.7, error: { code: 'DISK_FULL', message: 'the disk is full' } }), null))
      .toMatchObject({ percent: 70, line: 'Failed: the disk is full', running: false, done: false });
  });
});

describe('export refusals', () => {
  it('offers Replace only for an existing output', () => {
    expect(refusalOf({ code: 'CONFLICT', reason: 'EXISTS', message: '/x/a.mp4 already exists' })).toEqual({ kind: 'exists', message: '/x/a.mp4 already exists' });
    expect(refusalOf({ code: 'CONFLICT', reason: 'UNWRITABLE', message: 'cannot write to /sys/a.mp4' }).kind).toBe('unwritable');
    expect(refusalOf({ code: 'CONFLICT', reason: 'DISK_FULL', message: 'the disk is full' }).kind).toBe('unwritable');
    expect(refusalOf({ code: 'CONFLICT', message: 'held' }).kind).toBe('other');
  });

  it('names every missing file on its own, as the main process lists them', async () => {
    const { checkInputs } = await import('../../electron/export/output');
    const plan = {
      shots: [
        { sceneName: 'Opening', name: 'A', take: { mediaPath: '/nowhere/a.mp4' } },
        { sceneName: 'Opening', name: 'B', take: null },
        { sceneName: 'Chase', name: 'C', take: { mediaPath: '/nowhere/c.mp4' } },
      ],
    } as unknown as Parameters<typeof checkInputs>[0];
    const thrown = await checkInputs(plan).then(() => null, (e: unknown) => e);
    expect(thrown).toBeInstanceOf(ExportError);
    const refusal = refusalOf({ code: 'NOT_FOUND', reason: (thrown as ExportError).code, message: (thrown as ExportError).message });
    expect(refusal).toMatchObject({ kind: 'missing', files: ["Opening / A: its take's file /nowhere/a.mp4", "Chase / C: its take's file /nowhere/c.mp4"] });
    expect(missingFiles('a file is missing: Opening / A: its take\'s file /nowhere/a.mp4')).toEqual(["Opening / A: its take's file /nowhere/a.mp4"]);
    expect(missingFiles('something else')).toEqual([]);
  });

  it('points at the path when the input was refused for it', () => {
    expect(refusalOf({ code: 'INVALID_INPUT', message: 'export.start: outPath: must be an absolute path', issues: [{ path: 'outPath', message: 'must be an absolute path' }] }).message)
      .toBe('The path must be an absolute path.');
  });
});
