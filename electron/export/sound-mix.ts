/**
 * The export's sound as ffmpeg inputs and one filter graph (pure). Each sound is cut to
 * the part that falls inside its owner's frames, delayed to where that part starts,
 * levelled (gain in dB), and padded with silence to the export's length; all are summed
 * over a silent bed of exactly the export's length (amix scales each input by 1/n, undone
 * by `volume=n`, exact since every input lasts the same), so the audio ends with the video.
 */
import { fileArg } from '../media/ffmpeg';
import type { Rational } from '../media/rational';
import type { PlannedSound } from './sound-plan';

export const MIX_RATE = 48000;

export interface SoundMix {
  /** `-i` arguments, one per sound */
  inputArgs: string[];
  /** the -filter_complex graph, or null when there is no sound */
  filter: string | null;
  /** the graph's output pad */
  output: string;
}

const seconds = (frames: number, fps: Rational): number => (frames * fps.den) / fps.num;
const fixed = (s: number): string => s.toFixed(6);

/** `firstInput`: the ffmpeg input index of the first sound (inputs before it are the video). */
export function soundMix(sounds: readonly PlannedSound[], fps: Rational, totalFrames: number, firstInput: number): SoundMix {
  if (sounds.length === 0) return { inputArgs: [], filter: null, output: '' };
  const samples = Math.round((totalFrames * fps.den * MIX_RATE) / fps.num);
  const format = `aresample=${MIX_RATE},aformat=sample_fmts=fltp:sample_rates=${MIX_RATE}:channel_layouts=stereo`;
  const chains = sounds.map((s, i) => {
    const start = seconds(s.startFrame, fps);
    const from = seconds(s.fromFrame, fps);
    const to = seconds(s.toFrame, fps);
    // in the sound's own time: the part that plays, then where it goes in the export
    const cutStart = Math.max(0, from - start);
    const cutEnd = to - start;
    const delayMs = Math.round(Math.max(from, start) * 1000);
    return `[${firstInput + i}:a:0]${format},atrim=start=${fixed(cutStart)}:end=${fixed(cutEnd)},asetpts=PTS-STARTPTS,`
      + `volume=${s.gainDb}dB,adelay=${delayMs}|${delayMs},apad=whole_len=${samples},atrim=end_sample=${samples}[s${i}]`;
  });
  const n = sounds.length + 1;
  const bed = `anullsrc=r=${MIX_RATE}:cl=stereo,atrim=end_sample=${samples}[bed]`;
  const mix = `[bed]${sounds.map((_, i) => `[s${i}]`).join('')}amix=inputs=${n}:duration=first:dropout_transition=0,volume=${n},atrim=end_sample=${samples}[mix]`;
  return {
    inputArgs: sounds.flatMap((s) => ['-i', fileArg(s.path)]),
    filter: [bed, ...chains, mix].join(';'),
    output: '[mix]',
  };
}
