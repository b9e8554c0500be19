/**
 * The helper thread's side of guidance-half.ts: opens the UNet in a session of its own,
 * says `ready` (or `failed`), then answers each `run` with the prediction of its batch-1
 * inputs. A failed run is answered with its error; the thread keeps serving.
 */
import type { MessagePort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { FromHalf, HalfWorkerData, ToHalf } from './guidance-half';

export function serveGuidanceHalf(port: MessagePort, data: HalfWorkerData): void {
  const post = (message: FromHalf): void => port.postMessage(message);
  const opening = ort.InferenceSession.create(data.model, data.options);
  opening.then(() => post({ type: 'ready' }), (err: unknown) => post({ type: 'failed', message: (err as Error).message }));
  port.on('message', (message: ToHalf) => {
    void opening.then(async (session) => {
      try {
        const feeds = Object.fromEntries(Object.entries(message.feeds)
          .map(([name, input]) => [name, new ort.Tensor('float32', input.data, input.dims)]));
        const out = await session.run(feeds);
        const prediction = out[message.output];
        if (!prediction || !(prediction.data instanceof Float32Array)) throw new Error(`the graph gave no float32 output ${message.output}`);
        post({ type: 'result', id: message.id, prediction: prediction.data });
      } catch (err) {
        post({ type: 'error', id: message.id, message: (err as Error).message });
      }
    }, () => undefined);
  });
}
