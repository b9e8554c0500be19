/** Messages between the engine client (main process) and the engine worker thread. */
import type { TakeMetrics } from './metrics';
import type { GeneratedClip } from './pipeline';
import type { ProviderChoice } from './package/providers';
import type { ShotSpec } from './spec';

export type ToWorker = {
  type: 'generate';
  id: number;
  packageDir: string;
  spec: ShotSpec;
  provider: ProviderChoice;
  /** GenerateOptions.objectControl: false turns the object control off (evaluation only) */
  objectControl: boolean;
  /** GenerateOptions.cameraProjection: false turns the package's camera projection off (evaluation only) */
  cameraProjection: boolean;
  /** Int32Array over a SharedArrayBuffer: [0] = 1 asks the run to stop between steps */
  cancel: SharedArrayBuffer;
};

export type FromWorker =
  | { type: 'loaded'; id: number; provider: string }
  | { type: 'progress'; id: number; step: number; steps: number }
  | { type: 'done'; id: number; clip: GeneratedClip; metrics: TakeMetrics }
  | { type: 'error'; id: number; error: { name: string; message: string } };
