/**
 * `npm run bench -- --only steps`: fewer steps for the same result (issue 14 part 4). For a
 * fixed set of held-out cases (camera only, boxes only and both), each generated in-process
 * with its own seed at every setting, it compares every sampler at 8, 10, 15 and 20 steps
 * with a 50-step reference of the same case: image error (mean PSNR over frames, mean
 * absolute error in 8-bit levels), the engine's control metrics beside the reference's own
 * (camera error per axis against the requested move, box IoU with missing frames counted 0),
 * and the time per clip. One table, and the cheapest setting within a stated rule of the
 * reference (steps-figures.ts). Plain figures, no assertions.
 *
 * The reference is DPM-Solver++ (2M) at 50 steps: both samplers solve the same
 * deterministic sampling ODE, and the second-order solver gets closer to its solution in
 * 50 steps than DDIM (first order, "leading" spacing, which starts at t = 951 rather than
 * 999 at 50 steps). Add 50 to --steps to see how far DDIM's 50 steps are from it.
 *
 *   npm run bench -- --only steps [--model PACKAGE_DIR] [--cases N] [--steps 8,10,15,20]
 *     [--samplers ddim,dpmpp-2m] [--reference dpmpp-2m:50] [--cases-file FILE]
 *     [--min-psnr 30] [--iou-tolerance 0.02] [--camera-tolerance 0.03]
 *
 * --cases defaults to DIRECTA_BENCH_STEPS_CASES, else 12 (a run of the whole `npm run bench`
 * can be shortened with the variable).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCasesFile } from '../../electron/cli/inputs';
import { computeMetrics } from '../../electron/engine/metrics';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { generate, type GeneratedClip } from '../../electron/engine/pipeline';
import type { SchedulerName } from '../../electron/engine/schedulers';
import type { ShotSpec } from '../../electron/engine/spec';
import { bundleEngineWorker } from '../helpers/engine-worker';
import { benchPackage } from './packages';
import {
  caseKind, cheapest, DEFAULT_RULE, imageError, misses, pickCases, ruleText, settingLabel, settingRow,
  type Row, type Rule, type Run, type Setting,
} from './steps-figures';
import { tableLines } from './steps-table';

const ENGINE = { provider: 'cpu', threads: 2 } as const;
const SAMPLERS: readonly SchedulerName[] = ['ddim', 'dpmpp-2m'];
const CASES_FILE = 'native-models/eval/heldout-cases.json';
const print = (line: string): void => console.log(line);

function positiveInts(text: string, flag: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || !values.every((v) => Number.isInteger(v) && v >= 1)) throw new Error(`${flag}: whole numbers of at least 1, comma-separated; got "${text}"`);
  return values;
}

function samplers(text: string, flag: string): SchedulerName[] {
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) if (!(SAMPLERS as readonly string[]).includes(name)) throw new Error(`${flag}: samplers are ${SAMPLERS.join(', ')}; got "${name}"`);
  return names as SchedulerName[];
}

function number(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${flag}: a number of at least 0; got "${text}"`);
  return v;
}

function options() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' }, cases: { type: 'string' }, 'cases-file': { type: 'string' }, steps: { type: 'string' },
      samplers: { type: 'string' }, reference: { type: 'string' },
      'min-psnr': { type: 'string' }, 'iou-tolerance': { type: 'string' }, 'camera-tolerance': { type: 'string' },
    },
  });
  const [refSampler = '', refSteps = '', ...rest] = (values.reference ?? 'dpmpp-2m:50').split(':');
  if (rest.length) throw new Error(`--reference: SAMPLER:STEPS, e.g. dpmpp-2m:50; got "${values.reference}"`);
  const reference: Setting = { sampler: samplers(refSampler, '--reference')[0]!, steps: positiveInts(refSteps, '--reference steps')[0]! };
  const steps = positiveInts(values.steps ?? '8,10,15,20', '--steps');
  const settings = samplers(values.samplers ?? SAMPLERS.join(','), '--samplers')
    .flatMap((sampler) => steps.map((s) => ({ sampler, steps: s })))
    .filter((s) => s.sampler !== reference.sampler || s.steps !== reference.steps);
  const rule: Rule = {
    minPsnr: number(values['min-psnr'], '--min-psnr', DEFAULT_RULE.minPsnr),
    iouTolerance: number(values['iou-tolerance'], '--iou-tolerance', DEFAULT_RULE.iouTolerance),
    cameraTolerance: number(values['camera-tolerance'], '--camera-tolerance', DEFAULT_RULE.cameraTolerance),
  };
  const count = positiveInts(values.cases ?? process.env.DIRECTA_BENCH_STEPS_CASES ?? '12', '--cases (or DIRECTA_BENCH_STEPS_CASES)')[0]!;
  return { model: values.model, casesFile: values['cases-file'] ?? CASES_FILE, count, reference, settings, rule };
}

async function runOnce(pkg: ModelPackage, spec: ShotSpec, setting: Setting): Promise<{ clip: GeneratedClip; seconds: number }> {
  const started = performance.now();
  const clip = await generate(pkg, { ...spec, sampler: { ...spec.sampler, scheduler: setting.sampler, steps: setting.steps } });
  return { clip, seconds: (performance.now() - started) / 1000 };
}

function metricsOf(pkg: ModelPackage, spec: ShotSpec, clip: GeneratedClip) {
  const frames = clip.frames.map((data) => ({ width: clip.width, height: clip.height, data }));
  return computeMetrics(frames, clip.boxes, spec, pkg.manifest.locator);
}

async function main(): Promise<void> {
  const o = options();
  const chosen = benchPackage(o.model);
  const cases = pickCases(parseCasesFile(o.casesFile), o.count);
  const kinds = ['camera', 'boxes', 'both', 'neither'].map((k) => [k, cases.filter((c) => caseKind(c.spec) === k).length] as const).filter(([, n]) => n > 0);
  print(`steps against a ${o.reference.steps}-step reference: package ${chosen.id} (${path.relative(process.cwd(), chosen.dir)}), CPU provider, ${ENGINE.threads} threads; `
    + `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})`);
  if (chosen.note) print(`note: ${chosen.note}`);
  print(`cases: ${cases.length} from ${o.casesFile} (${kinds.map(([k, n]) => `${n} ${k}`).join(', ')}), each with its own seed at every setting, guidance and the rest as the case and package say`);
  print(`reference: ${settingLabel(o.reference)} (the second-order solver comes closest to the sampling ODE's solution; add ${o.reference.steps} to --steps to compare the other sampler's)`);
  const load = os.loadavg()[0]!;
  if (load > os.cpus().length / 2) print(`note: load average ${load.toFixed(1)} on ${os.cpus().length} cores: times are pessimistic (the image and control figures are not affected)`);

  const pkg = await loadPackage(chosen.dir, ENGINE, { halfWorker: bundleEngineWorker() });
  const refRuns: Run[] = [];
  const runs = o.settings.map(() => [] as Run[]);
  const started = performance.now();
  try {
    for (const [i, c] of cases.entries()) {
      const label = `[${i + 1}/${cases.length}] ${c.name} (${caseKind(c.spec)})`;
      try {
        const ref = await runOnce(pkg, c.spec, o.reference);
        const caseRuns: Run[] = [];
        for (const setting of o.settings) {
          const got = await runOnce(pkg, c.spec, setting);
          caseRuns.push({ seconds: got.seconds, error: imageError(got.clip.frames, ref.clip.frames), metrics: metricsOf(pkg, c.spec, got.clip) });
        }
        refRuns.push({ seconds: ref.seconds, error: null, metrics: metricsOf(pkg, c.spec, ref.clip) });
        caseRuns.forEach((r, k) => runs[k]!.push(r));
        const elapsed = (performance.now() - started) / 1000;
        const left = (elapsed / (i + 1)) * (cases.length - i - 1);
        print(`${label}: PSNR ${caseRuns.map((r, k) => `${settingLabel(o.settings[k]!)} ${r.error!.psnr.toFixed(1)}`).join(', ')} dB; ${(elapsed / 60).toFixed(1)} min so far, about ${(left / 60).toFixed(1)} min left`);
      } catch (err) {
        print(`${label}: FAILED, left out of every row: ${(err as Error).message}`);
      }
    }
  } finally {
    await pkg.release();
  }
  if (refRuns.length === 0) throw new Error('no case ran: nothing to compare');

  const reference = settingRow(o.reference, refRuns);
  const rows = o.settings.map((s, k) => settingRow(s, runs[k]!));
  const pick = cheapest(rows, reference, o.rule);
  const notes = new Map<Row, string>();
  for (const r of rows) if (r.setting.steps === pkg.manifest.defaults.steps) notes.set(r, 'default steps');
  if (pick) notes.set(pick, [notes.get(pick), 'PICK'].filter(Boolean).join(', '));
  print('');
  print(`over ${reference.cases} cases; PSNR and MAE against the reference (mean over cases, worst case in brackets); camera error |measured - requested| per axis over the cases that ask for a move`
    + ' (unreadable readings scored as no move, as directa eval does; unread: unreadable / camera cases); box IoU with frames where the object is not found counted 0; found: share of frames');
  for (const text of tableLines(reference, rows, notes)) print(text);
  print('');
  print(`rule: ${ruleText(o.rule)}`);
  if (pick) print(`cheapest within the rule: ${settingLabel(pick.setting)} (${pick.seconds.toFixed(2)} s per clip against ${reference.seconds.toFixed(2)} s for the reference)`);
  else print('cheapest within the rule: none of the settings meets it');
  for (const sampler of new Set(o.settings.map((s) => s.sampler))) {
    const own = cheapest(rows.filter((r) => r.setting.sampler === sampler), reference, o.rule);
    const most = rows.filter((r) => r.setting.sampler === sampler).reduce((a, b) => (b.setting.steps > a.setting.steps ? b : a));
    print(`  ${sampler}: ${own ? `${own.setting.steps} steps` : `none (at ${most.setting.steps} steps: ${misses(most, reference, o.rule).join('; ')})`}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
