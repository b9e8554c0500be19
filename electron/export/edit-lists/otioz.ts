/**
 * OTIOZ (`.otioz`): the OTIO timeline and its media in one zip, as OpenTimelineIO's
 * `otioz` adapter reads it: `version.txt` (the bundle version, 1.0.0) and `content.otio`
 * (deflated), and each take's video under `media/` (stored, not recompressed). The
 * timeline's media URLs are relative (`media/<take id>.mp4`), so the bundle opens
 * anywhere. Shots without a take keep their MissingReference and add no file.
 *
 * Zipped by yazl (ZIP64 where a bundle passes 4 GiB), streamed to a temporary name
 * beside the target and renamed at the end: a failed or cancelled export leaves no file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { ExportPlan, PlannedShot } from '../plan';
import { otioJson } from './otio';
import { writeExportFile, type ExportFileOptions } from './export-file';

export const OTIOZ_VERSION = '1.0.0';

/** The path a take's video has inside the bundle (unique per take, ASCII, posix separators). */
export function bundledMediaPath(shot: PlannedShot & { take: NonNullable<PlannedShot['take']> }): string {
  const ext = path.extname(shot.take.mediaPath).toLowerCase().replace(/[^.a-z0-9]/g, '') || '.mp4';
  return `media/${shot.take.id.replace(/[^A-Za-z0-9_-]/g, '_')}${ext}`;
}

/** Writes the plan and its takes' videos as an `.otioz` bundle at `outPath` (see export-file.ts); answers the path written. */
export async function writeOtioz(plan: ExportPlan, outPath: string, options: ExportFileOptions = {}): Promise<string> {
  const content = otioJson(plan, { mediaUrl: bundledMediaPath });
  return writeExportFile(plan, outPath, options, async (temp) => {
    const zip = new yazl.ZipFile();
    const failed = new Promise<never>((_, reject) => zip.on('error', reject));
    failed.catch(() => {}); // observed by the race below; a late error after success is moot
    zip.addBuffer(Buffer.from(OTIOZ_VERSION, 'utf8'), 'version.txt', { compress: true });
    zip.addBuffer(Buffer.from(content, 'utf8'), 'content.otio', { compress: true });
    const added = new Set<string>();
    for (const shot of plan.shots) {
      if (!shot.take) continue;
      const inBundle = bundledMediaPath({ ...shot, take: shot.take });
      if (added.has(inBundle)) continue;
      added.add(inBundle);
      zip.addFile(shot.take.mediaPath, inBundle, { compress: false });
    }
    zip.end();
    const written = pipeline(zip.outputStream, fs.createWriteStream(temp), { signal: options.signal });
    await Promise.race([written, failed]);
  });
}
