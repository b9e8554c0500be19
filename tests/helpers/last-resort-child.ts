/**
 * The child of tests/reliability/last-resort.test.ts: installs the last-resort handler,
 * then throws `count` uncaught errors and rejections from timers, sockets' kind of places
 * (an EventEmitter 'error' with no listener among them), and says "alive" at the end.
 *
 *   node last-resort-child.mjs COUNT
 */
import { EventEmitter } from 'node:events';
import { installLastResort } from '../../electron/last-resort';

const count = Number(process.argv[2]);
installLastResort({ log: (m) => process.stderr.write(`${m.split('\n')[0]}\n`), maxPerMinute: 20 });
let n = 0;
const next = (): void => {
  if (n === count) return void process.stdout.write('alive\n');
  n++;
  if (n % 3 === 0) void Promise.reject(new Error(`rejection ${n}`));
  else if (n % 3 === 1) new EventEmitter().emit('error', new Error(`emitter ${n}`));
  else throw new Error(`thrown ${n}`);
};
setInterval(next, 5);
setTimeout(() => process.exit(0), 60_000).unref();
