/** Generate's check of a shot's prompts against its model's limit (see limits.ts), asked of the main process. */
import type { Shot } from '../../../electron/ipc/schemas';
import { call } from '../lib/api';
import { generateRefusal } from './limits';

/** Why the shot must not be queued (a prompt over its model's limit), or null. */
export function promptRefusal(shot: Pick<Shot, 'prompt' | 'negativePrompt' | 'modelId'>): Promise<string | null> {
  return generateRefusal(shot, (query) => call('prompt.check', query));
}
