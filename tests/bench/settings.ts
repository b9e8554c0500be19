/**
 * The UNet step under other session settings than the engine's, each in a session of its
 * own, measured in rounds that visit every setting in turn (so that a change in the
 * machine's load touches all of them alike): threads, spinning worker threads, onnxruntime's
 * memory arena and pattern planning; the guidance batch as one run of batch 2, as two runs of
 * batch 1 in turn, and (the engine's way) as its two halves at once, each in a session of its
 * own on half of the threads, the second on the engine worker's helper thread.
 */
import * as ort from 'onnxruntime-node';
import { GuidanceHalf, splitThreads } from '../../electron/engine/guidance-half';
import type { Manifest } from '../../electron/engine/package/manifest';
import { sessionOptions, type ProviderChoice } from '../../electron/engine/package/providers';
import { engineStep, unetFeeds } from './unet-feeds';

export interface SettingTime { label: string; median: number; min: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Variant { label: string; options: ort.InferenceSession.SessionOptions; batchOfOne?: boolean; split?: number }

export function variants(engine: ProviderChoice): Variant[] {
  const threads = engine.threads ?? 2;
  const base = sessionOptions('cpu', engine);
  const [own, helper] = splitThreads(threads);
  return [
    { label: `one session, ${threads} threads, no spinning (batch 2)`, options: base },
    { label: 'the same session, two runs of batch 1 (cond, then uncond)', options: base, batchOfOne: true },
    { label: `engine: the halves at once, ${own} + ${helper} threads, no spinning`, options: sessionOptions('cpu', { ...engine, threads: own }), split: helper },
    { label: `${threads} threads, spinning`, options: sessionOptions('cpu', { ...engine, spinning: true }) },
    { label: '1 thread', options: sessionOptions('cpu', { ...engine, threads: 1 }) },
    { label: `${threads} threads, no memory arena or pattern`, options: { ...base, enableCpuMemArena: false, enableMemPattern: false } },
  ];
}

/** `halfWorker`: the engine worker's bundle, the helper thread of the split variant. */
export async function compareSettings(graph: string, m: Manifest, engine: ProviderChoice, rounds: number, halfWorker: string): Promise<SettingTime[]> {
  const list = variants(engine);
  const sessions: ort.InferenceSession[] = [];
  const helpers: GuidanceHalf[] = [];
  try {
    for (const v of list) sessions.push(v.batchOfOne ? sessions[0]! : await ort.InferenceSession.create(graph, v.options));
    const pair = unetFeeds(m, 2);
    const halves = [unetFeeds(m, 1, 0, 'cond'), unetFeeds(m, 1, 0, 'uncond')];
    const steps = await Promise.all(list.map(async (v, i) => {
      if (v.split === undefined) return null;
      const half = await GuidanceHalf.open(halfWorker, graph, sessionOptions('cpu', { ...engine, threads: v.split }));
      helpers.push(half);
      return engineStep(sessions[i]!, m, half);
    }));
    const once = async (i: number): Promise<number> => {
      const started = performance.now();
      if (steps[i]) await steps[i]();
      else if (list[i]!.batchOfOne) for (const feeds of halves) await sessions[i]!.run(feeds);
      else await sessions[i]!.run(pair);
      return (performance.now() - started) / 1000;
    };
    for (let i = 0; i < list.length; i++) await once(i); // warm-up
    const times = list.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) for (let i = 0; i < list.length; i++) times[i]!.push(await once(i));
    return list.map((v, i) => ({ label: v.label, median: median(times[i]!), min: Math.min(...times[i]!) }));
  } finally {
    for (const s of new Set(sessions)) await s.release();
    for (const h of helpers) await h.release();
  }
}
