/**
 * The conform policy (how an export fits a take shorter or longer than its shot) as the
 * settings show it: each choice with what it does, and the default the main process gives
 * a new project (stretch both ways). Pure.
 */
import type { ConformPolicy } from '../../../electron/ipc/schemas';

export type ShorterChoice = ConformPolicy['shorter'];
export type LongerChoice = ConformPolicy['longer'];

export const DEFAULT_CONFORM: ConformPolicy = { shorter: 'stretch', longer: 'stretch' };

export const SHORTER_CHOICES: readonly { value: ShorterChoice; label: string; does: string }[] = [
  { value: 'stretch', label: 'Stretch', does: 'slowed down to fill the shot; motion-interpolated when slowed a lot, so it stays smooth' },
  { value: 'hold', label: 'Hold last frame', does: 'plays once at its speed, then its last frame stays until the shot ends' },
  { value: 'loop', label: 'Loop', does: 'plays again from its start until the shot ends' },
];

export const LONGER_CHOICES: readonly { value: LongerChoice; label: string; does: string }[] = [
  { value: 'stretch', label: 'Speed up', does: 'sped up so that all of it fits the shot' },
  { value: 'trim', label: 'Trim', does: 'plays at its speed and its end is cut where the shot ends' },
];

export function isDefaultConform(policy: ConformPolicy): boolean {
  return policy.shorter === DEFAULT_CONFORM.shorter && policy.longer === DEFAULT_CONFORM.longer;
}

/** "Shorter takes: loop · longer takes: trim (default: stretch both)". */
export function conformSummary(policy: ConformPolicy): string {
  const shorter = SHORTER_CHOICES.find((c) => c.value === policy.shorter)?.label ?? policy.shorter;
  const longer = LONGER_CHOICES.find((c) => c.value === policy.longer)?.label ?? policy.longer;
  return `Shorter takes: ${shorter.toLowerCase()} · longer takes: ${longer.toLowerCase()}${isDefaultConform(policy) ? ' (the default)' : ''}`;
}
