/**
 * The control summary and one take's metrics as plain text lines: every figure beside its
 * do-nothing baseline and whether it beats it.
 */
import type { TakeMetrics } from '../engine/metrics';
import { PAN_THRESHOLD, type ControlSummary, type Figure } from './summary';

export function summaryLines(s: ControlSummary): string[] {
  const { camera: c, still, boxes: b, colours } = s;
  const lines = [`measured takes: ${s.measured}`];
  lines.push(`camera, takes that ask for a move: ${c.cases}${unreliableNote(c.unreliable, 'scored as no move', c.scored)}`);
  if (c.scored === 0 && c.cases > 0) lines.push('  no camera figure: no reading could be scored');
  if (c.scored > 0) {
    lines.push(
      `  mean |cx error|        ${vs(c.errorCx, 'still camera')}`,
      `  mean |cy error|        ${vs(c.errorCy, 'still camera')}`,
      `  mean |log2 cz error|   ${vs(c.errorLog2Cz, 'still camera')}`,
      c.pan.axes === 0
        ? `  pan direction right    n/a (no scored take asks for |cx| or |cy| >= ${PAN_THRESHOLD})`
        : `  pan direction right    ${vs(c.pan.share, 'coin toss')}  (${c.pan.right} of ${c.pan.axes} axes; each axis asking |c| >= ${PAN_THRESHOLD} counts once)`,
    );
  }
  lines.push(`still camera, takes that ask for none: ${still.cases}${unreliableNote(still.unreliable, 'left out', still.scored)}`);
  if (still.scored > 0) {
    lines.push(`  drift |cx| ${fixed(still.driftCx)}  |cy| ${fixed(still.driftCy)}  |log2 cz| ${fixed(still.driftLog2Cz)}  (a still camera: 0)`);
  }
  lines.push(`boxes, actors the locator can find: ${b.objects}`);
  if (b.objects > 0) {
    lines.push(
      `  mean IoU, frames without the actor = 0   ${vs(b.iou, 'held at first box')}`,
      `  mean IoU, frames the actor is found in   ${vs(b.iouLocated, 'held at first box')}  (${plural(b.iouLocated.frames, 'frame')})`,
      `  share of frames an actor is found in     ${fixed(b.found)}  (${b.neverFound} of ${plural(b.objects, 'actor')} never found; no do-nothing baseline)`,
      `    by colour: ${b.foundByColour.map((f) => `${f.colour} ${fixed(f.found, 2)} (${plural(f.objects, 'actor')})`).join(' · ')}`,
    );
  }
  lines.push(colours.byColour.length === 0
    ? 'palette colours named in prompts: none'
    : `palette colours named in prompts, share of those frames found in: ${fixed(colours.found)} (no do-nothing baseline)`);
  if (colours.byColour.length > 0) {
    lines.push(`  ${colours.byColour.map((f) => `${f.colour} ${fixed(f.found, 2)} (${plural(f.takes, 'take')})`).join(' · ')}`);
  }
  return lines;
}

/** One take's camera and objects in a line: requested → measured per axis, and each located object. */
export function metricsLine(m: TakeMetrics): string {
  const { requested: r, measured: e } = m.camera;
  const axis = (name: 'cx' | 'cy' | 'cz') => `${name} ${fixed(r[name])}→${fixed(e[name])}`;
  const camera = (m.camera.reliable as boolean | undefined) === false
    ? `camera not readable (confidence ${fixed(m.camera.confidence, 2)}; requested cx ${fixed(r.cx)} cy ${fixed(r.cy)} cz ${fixed(r.cz)})`
    : `${axis('cx')}  ${axis('cy')}  ${axis('cz')}`;
  const located = m.objects.filter((o) => o.iou !== null);
  const boxes = located.length === 0
    ? 'IoU n/a'
    : `IoU ${fixed(m.meanIou)}${located.map((o) => `  ${o.phrase}: IoU ${fixed(o.iou, 2)} (held box ${fixed(o.heldIou ?? null, 2)}), found ${fixed(o.found ?? null, 2)}`).join('')}`;
  return `${camera}  ${boxes}`;
}

function unreliableNote(unreliable: number, treatment: string, scored: number): string {
  return unreliable === 0 ? '' : ` (${plural(unreliable, 'unreliable reading')} ${treatment}: frames too textureless or incoherent to read; ${scored} scored)`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `0.300  still camera 0.290  beats baseline: no` */
function vs(f: Figure, baseline: string): string {
  const beats = f.beatsBaseline === null ? 'n/a' : f.beatsBaseline ? 'yes' : 'no';
  return `${fixed(f.value)}  ${baseline} ${fixed(f.baseline)}  beats baseline: ${beats}`;
}

function fixed(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}
