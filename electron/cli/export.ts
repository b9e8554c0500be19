/**
 * `directa export PROJECT (--scene NAME | --all) --format F --out PATH`: a scene or the
 * whole project of a NAME.directa folder written as a sequence MP4 (with the project's
 * sound), an edit list, a storyboard PDF or a shot list, through the same exporters as
 * the app (electron/export/). Ctrl+C cancels: nothing is left under the output's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BurnInOptions } from '../export/burn-in';
import { ExportError } from '../export/errors';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../export/formats';
import { planFromStore, PlanError, type ExportScope } from '../export/plan';
import { planSound } from '../export/sound-plan';
import { DB_FILE, Library } from '../store/library';
import type { ProjectStore } from '../store/project-store';
import type { ConformPolicy } from '../store/types';
import { parseCommand, positionals, stringOption } from './args';
import { CliError, UsageError } from './errors';
import { findProject } from './project-copy';
import type { ProgressReporter } from './progress';

export interface ExportArgs {
  project: string;
  /** null: the whole project (--all) */
  scene: string | null;
  format: ExportFormat;
  out: string;
  overwrite: boolean;
  burnIn: BurnInOptions;
  /** null: the project's own policy */
  conform: ConformPolicy | null;
}

const SHORTER = ['stretch', 'hold', 'loop'] as const;
const LONGER = ['stretch', 'trim'] as const;
const BURN_IN = ['label', 'timecode', 'dialogue'] as const;

/** Parses the command line; null for --help. */
export function parseExportArgs(argv: string[]): ExportArgs | null {
  const parsed = parseCommand('export', argv, {
    scene: { type: 'string' }, all: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' },
    overwrite: { type: 'boolean' }, 'burn-in': { type: 'string' }, conform: { type: 'string' },
  });
  if (parsed.values.help) return null;
  const [project] = positionals(parsed, 'export', ['PROJECT']) as [string];
  const scene = stringOption(parsed, 'scene');
  const all = parsed.values.all === true;
  if ((scene === undefined) === !all) throw new UsageError('give either --scene NAME or --all', 'export');
  const format = stringOption(parsed, 'format');
  if (format === undefined) throw new UsageError('--format is required', 'export');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`, 'export');
  const out = stringOption(parsed, 'out');
  if (out === undefined) throw new UsageError('--out PATH is required', 'export');
  return {
    project, scene: scene ?? null, format: format as ExportFormat, out: path.resolve(out), overwrite: parsed.values.overwrite === true,
    burnIn: burnInOption(stringOption(parsed, 'burn-in')), conform: conformOption(stringOption(parsed, 'conform')),
  };
}

/** `--burn-in label,timecode,dialogue` (any of them) or `all`. */
function burnInOption(raw: string | undefined): BurnInOptions {
  const parts = raw === undefined ? [] : raw === 'all' ? [...BURN_IN] : raw.split(',').map((p) => p.trim());
  for (const p of parts) {
    if (!(BURN_IN as readonly string[]).includes(p)) throw new UsageError(`--burn-in takes ${BURN_IN.join(', ')} or all, got "${p}"`, 'export');
  }
  return { label: parts.includes('label'), timecode: parts.includes('timecode'), dialogue: parts.includes('dialogue') };
}

/** `--conform SHORTER/LONGER`, e.g. `hold/trim`. */
function conformOption(raw: string | undefined): ConformPolicy | null {
  if (raw === undefined) return null;
  const [shorter, longer] = raw.split('/');
  if (!(SHORTER as readonly string[]).includes(shorter ?? '') || !(LONGER as readonly string[]).includes(longer ?? '')) {
    throw new UsageError(`--conform is SHORTER/LONGER with SHORTER one of ${SHORTER.join(', ')} and LONGER one of ${LONGER.join(', ')}, got "${raw}"`, 'export');
  }
  return { shorter, longer } as ConformPolicy;
}

/** The scope of `--scene NAME`: the scene of that exact name, else the one whose name matches ignoring case. */
function sceneScope(store: ProjectStore, name: string): ExportScope {
  const scenes = store.snapshot().scenes;
  let found = scenes.filter((s) => s.name === name);
  if (found.length === 0) found = scenes.filter((s) => s.name.toLowerCase() === name.toLowerCase());
  if (found.length === 1) return { kind: 'scene', sceneId: found[0]!.id };
  if (found.length > 1) throw new CliError(`${found.length} scenes are named "${name}": rename one, or export --all`);
  throw new CliError(`no scene "${name}" in the project (scenes: ${scenes.map((s) => `"${s.name}"`).join(', ') || 'none'})`);
}

/** Runs the export; answers whether it was written. */
export async function exportProject(args: ExportArgs, progress: ProgressReporter, print: (line: string) => void): Promise<boolean> {
  const folder = path.resolve(args.project);
  if (!fs.existsSync(path.join(folder, DB_FILE))) throw new CliError(`${args.project}: not a Directa project (no ${DB_FILE} in it)`);
  const warnings: string[] = [];
  const library = new Library(path.dirname(folder), (m) => warnings.push(m));
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    const store = findProject(library, folder, warnings);
    const scope: ExportScope = args.scene === null ? { kind: 'project' } : sceneScope(store, args.scene);
    const plan = planFromStore(store, scope);
    const sound = args.format === 'mp4' ? planSound(store.snapshot(), plan) : [];
    const label = `export ${args.format}`;
    const outcome = await writeExport(plan, {
      format: args.format, outPath: args.out, overwrite: args.overwrite, conform: args.conform ?? store.info().conform,
      burnIn: args.burnIn, sound, signal: controller.signal,
      onProgress: (fraction, stage) => progress(label, fraction, `${Math.round(100 * fraction)}% ${stage}`),
    });
    const { fps } = plan.project;
    const seconds = ((plan.durationFrames * fps.den) / fps.num).toFixed(2);
    const how = outcome.sequence ? `, ${outcome.sequence.streamCopied ? 'takes copied' : 're-encoded'}, ${sound.length} sound${sound.length === 1 ? '' : 's'}` : '';
    print(`wrote ${outcome.file}: "${plan.title}", ${plan.shots.length} shot${plan.shots.length === 1 ? '' : 's'}, ${plan.durationFrames} frames (${seconds} s) at ${fps.num}/${fps.den} fps${how}`);
    return true;
  } catch (err) {
    if (err instanceof ExportError) throw new CliError(err.code === 'CANCELLED' ? 'cancelled: nothing was written' : err.message);
    if (err instanceof PlanError) throw new CliError(err.message);
    throw err;
  } finally {
    process.removeListener('SIGINT', interrupt);
    library.close();
  }
}
