/**
 * Reading the CLI's input files: a ShotSpec JSON file and an eval CASES.json, validated
 * with the engine's zod schema. Every error names the file and the field
 * (`spec.json: camera.cz: Too big: expected number to be <=2`).
 */
import fs from 'node:fs';
import { z } from 'zod';
import { ShotSpec } from '../engine/spec';
import { CliError } from './errors';

export interface EvalCase { name: string; spec: ShotSpec }

const Cases = z.array(z.strictObject({ name: z.string().min(1).optional(), spec: ShotSpec })).min(1, 'needs at least one case');

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${file}: is a folder, not a JSON file`);
    throw new CliError(`${file}: cannot read it (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

export function parseSpecFile(file: string): ShotSpec {
  return check(ShotSpec, readJsonFile(file), file, 'ShotSpec');
}

/** The cases of an eval file; a case without a name is called by its position (case-1…). */
export function parseCasesFile(file: string): EvalCase[] {
  return check(Cases, readJsonFile(file), file, 'cases file').map((c, i) => ({ name: c.name ?? `case-${i + 1}`, spec: c.spec }));
}

function check<T>(schema: z.ZodType<T>, raw: unknown, file: string, what: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 8).map((i) => `  ${fieldPath(i.path)}: ${i.message}`);
  const more = parsed.error.issues.length > 8 ? `\n  … and ${parsed.error.issues.length - 8} more` : '';
  throw new CliError(`${file}: not a valid ${what}:\n${issues.join('\n')}${more}`);
}

/** `["objects", 0, "keyframes", 1, "box"]` → `objects[0].keyframes[1].box`; the root is `(root)`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
