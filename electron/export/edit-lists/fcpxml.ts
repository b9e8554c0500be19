/**
 * FCPXML 1.8 (`.fcpxml`): a library with one event and one project whose sequence's
 * spine holds one item per shot in timeline order. Read by Final Cut Pro 10.4 and later
 * and by DaVinci Resolve.
 *
 * Every time is rational seconds (`1001/24000s`), never a decimal: offsets, durations and
 * the format's frame duration are whole frames at the project's rate. The sequence starts
 * at 0s (`tcStart="0s"`), with `tcFormat` DF at 29.97/59.94 and NDF otherwise.
 *
 * A shot with a take is an `asset-clip` of its take's video (one `asset` per take, `src`
 * its file URL) from the media's start for the shot's length; a shot without a take is a
 * `gap` of its length named after the shot. Each carries a `note` (prompt, camera, seed),
 * a one-frame `marker` on its first frame whose value is the prompt, and `metadata`: the
 * scene (FCP's Scene field) and the prompt, camera and seed under `com.directa.*` keys.
 */
import { pathToFileURL } from 'node:url';
import type { ExportPlan, PlannedShot } from '../plan';
import { clip, describeCamera, oneLine, shotSummaryLines } from './describe';
import { isDropFrame, rationalSeconds, type Rate } from './time';
import { renderXml, type XmlNode } from './xml';

export const FCPXML_VERSION = '1.8';

const FORMAT_ID = 'r1';
const assetId = (shot: PlannedShot) => `r${shot.index + 2}`;

function metadata(shot: PlannedShot): XmlNode {
  const md = (key: string, value: string): XmlNode => ({ name: 'md', attrs: [['key', key], ['value', value]] });
  return {
    name: 'metadata',
    children: [
      md('com.apple.proapps.studio.scene', shot.sceneName),
      md('com.directa.shotName', shot.name),
      md('com.directa.prompt', shot.prompt),
      md('com.directa.camera', `${describeCamera(shot.camera)} (cx ${shot.camera.cx}, cy ${shot.camera.cy}, cz ${shot.camera.cz})`),
      md('com.directa.seed', String(shot.seed)),
      ...(shot.take ? [md('com.directa.takeId', shot.take.id)] : []),
    ],
  };
}

function spineItem(shot: PlannedShot, rate: Rate, tcFormat: string): XmlNode {
  const children: XmlNode[] = [
    { name: 'note', text: shotSummaryLines(shot).join('\n') },
    {
      name: 'marker',
      attrs: [['start', '0s'], ['duration', rationalSeconds(1, rate)], ['value', clip(oneLine(shot.prompt), 200) || shot.name]],
    },
    metadata(shot),
  ];
  const timing: [string, string][] = [['offset', rationalSeconds(shot.startFrame, rate)], ['duration', rationalSeconds(shot.durationFrames, rate)]];
  if (!shot.take) return { name: 'gap', attrs: [['name', shot.name], ...timing], children };
  return {
    name: 'asset-clip',
    attrs: [['ref', assetId(shot)], ['name', shot.name], timing[0]!, ['start', '0s'], timing[1]!, ['format', FORMAT_ID], ['tcFormat', tcFormat]],
    children,
  };
}

function asset(shot: PlannedShot & { take: NonNullable<PlannedShot['take']> }, rate: Rate): XmlNode {
  return {
    name: 'asset',
    attrs: [
      ['id', assetId(shot)], ['name', shot.name], ['src', pathToFileURL(shot.take.mediaPath).href],
      ['start', '0s'], ['duration', rationalSeconds(shot.durationFrames, rate)], ['hasVideo', '1'], ['format', FORMAT_ID],
    ],
  };
}

/** The plan as an FCPXML 1.8 document. */
export function fcpxmlText(plan: ExportPlan): string {
  const rate = plan.project.fps;
  const tcFormat = isDropFrame(rate) ? 'DF' : 'NDF';
  const withTakes = plan.shots.filter((s): s is PlannedShot & { take: NonNullable<PlannedShot['take']> } => s.take !== null);
  const root: XmlNode = {
    name: 'fcpxml',
    attrs: [['version', FCPXML_VERSION]],
    children: [
      {
        name: 'resources',
        children: [
          { name: 'format', attrs: [['id', FORMAT_ID], ['frameDuration', rationalSeconds(1, rate)], ['width', plan.project.width], ['height', plan.project.height]] },
          ...withTakes.map((s) => asset(s, rate)),
        ],
      },
      {
        name: 'library',
        children: [{
          name: 'event',
          attrs: [['name', plan.project.name]],
          children: [{
            name: 'project',
            attrs: [['name', plan.title]],
            children: [{
              name: 'sequence',
              attrs: [['format', FORMAT_ID], ['duration', rationalSeconds(plan.durationFrames, rate)], ['tcStart', '0s'], ['tcFormat', tcFormat]],
              children: [{ name: 'spine', children: plan.shots.map((s) => spineItem(s, rate, tcFormat)) }],
            }],
          }],
        }],
      },
    ],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n${renderXml(root)}\n`;
}
