import { describe, expect, it } from 'vitest';
import { conformChain, DEFAULT_CONFORM } from '../../electron/export/conform';

const target = { durationFrames: 72, fps: { num: 24000, den: 1001 }, width: 1280, height: 720 };
const ntsc = { num: 24000, den: 1001 };

describe('conformChain', () => {
  it('only resamples a take that already lasts the shot, and always ends in exactly D frames at the project size', () => {
    const chain = conformChain({ frames: 72, fps: ntsc }, target);
    expect(chain.action).toBe('exact');
    expect(chain.factor).toEqual({ num: 1, den: 1 });
    expect(chain.inputArgs).toEqual([]);
    expect(chain.filters).toEqual([
      'setpts=PTS-STARTPTS', 'fps=fps=24000/1001', 'tpad=stop_mode=clone:stop=72', 'trim=end_frame=72', 'setpts=N/FRAME_RATE/TB',
      'scale=1280:720:force_original_aspect_ratio=decrease:flags=bicubic:out_color_matrix=bt709:out_range=tv',
      'pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=black', 'setsar=1', 'format=yuv420p',
    ]);
  });

  it('treats the same duration at another rate as exact (3 s at 8 fps into 72 frames at 24)', () => {
    expect(conformChain({ frames: 24, fps: { num: 8, den: 1 } }, { ...target, fps: { num: 24, den: 1 } }).action).toBe('exact');
  });

  it('stretches by the exact rational factor, holding frames for a small slow-down and interpolating a large one', () => {
    // 60 frames at 24000/1001 into 72: k = 72/60 = 6/5, below 1.5
    const small = conformChain({ frames: 60, fps: ntsc }, target, DEFAULT_CONFORM);
    expect(small).toMatchObject({ action: 'stretch', factor: { num: 6, den: 5 } });
    expect(small.filters).toContain('setpts=(PTS-STARTPTS)*6/5');
    expect(small.filters.some((f) => f.startsWith('minterpolate'))).toBe(false);
    // 16 frames at 8 fps (2 s) into 72 frames at 23.976 (3.003 s): k = 3003/2000
    const large = conformChain({ frames: 16, fps: { num: 8, den: 1 } }, target);
    expect(large).toMatchObject({ action: 'interpolate', factor: { num: 3003, den: 2000 } });
    expect(large.filters.slice(1, 4)).toEqual(['mpdecimate=max=4', 'setpts=(PTS-STARTPTS)*3003/2000', 'minterpolate=fps=24000/1001:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1']);
  });

  it('never motion-interpolates fewer than 3 frames, and keeps 3 or more through mpdecimate', () => {
    expect(conformChain({ frames: 2, fps: ntsc }, target).action).toBe('stretch');
    const few = conformChain({ frames: 5, fps: ntsc }, target);
    expect(few.action).toBe('interpolate');
    expect(few.filters.some((f) => f.startsWith('mpdecimate'))).toBe(false);
    expect(conformChain({ frames: 9, fps: ntsc }, target).filters).toContain('mpdecimate=max=2');
  });

  it('speeds up a longer take by the stretch policy, or cuts its end by trim', () => {
    const fast = conformChain({ frames: 96, fps: ntsc }, target);
    expect(fast).toMatchObject({ action: 'stretch', factor: { num: 3, den: 4 } });
    expect(fast.filters).toContain('setpts=(PTS-STARTPTS)*3/4');
    const cut = conformChain({ frames: 96, fps: ntsc }, target, { shorter: 'hold', longer: 'trim' });
    expect(cut.action).toBe('trim');
    expect(cut.filters.some((f) => f.includes('*'))).toBe(false);
    expect(cut.filters).toContain('trim=end_frame=72');
  });

  it('holds the last frame or loops a shorter take at its own speed', () => {
    const hold = conformChain({ frames: 24, fps: ntsc }, target, { shorter: 'hold', longer: 'trim' });
    expect(hold).toMatchObject({ action: 'hold', inputArgs: [] });
    expect(hold.filters).toContain('tpad=stop_mode=clone:stop=72');
    const loop = conformChain({ frames: 24, fps: ntsc }, target, { shorter: 'loop', longer: 'trim' });
    expect(loop).toMatchObject({ action: 'loop', inputArgs: ['-stream_loop', '-1'] });
  });

  it('refuses a take without frames or a shot without duration', () => {
    expect(() => conformChain({ frames: 0, fps: ntsc }, target)).toThrow(RangeError);
    expect(() => conformChain({ frames: 3, fps: ntsc }, { ...target, durationFrames: 0 })).toThrow(RangeError);
  });
});
