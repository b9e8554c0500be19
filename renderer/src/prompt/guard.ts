/** Generate's check of a shot's prompts and regions against its model's limits (see limits.ts), asked of the main process. */
import type { Shot } from '../../../electron/ipc/schemas';
import { call } from '../lib/api';
import { generateRefusal } from './limits';

/** Why the shot must not be queued (a prompt over its model's limit, or more actors than it directs), or null. */
export function promptRefusal(shot: Pick<Shot, 'prompt' | 'negativePrompt' | 'modelId' | 'objects' | 'background'>): Promise<string | null> {
  return generateRefusal(shot, (query) => call('prompt.check', query));
}
