/**
 * A browser host in a child process, for tests that try to kill it (a crash there ends
 * the child, not the test runner). The router is a stub: these tests are about sockets.
 * Prints one JSON line {port, secret} when it listens, then broadcasts an event every
 * 50 ms so that sockets always have something in flight.
 *
 *   node host-child.mjs STATIC_DIR
 */
import { startHost } from '../../electron/host/server';

const [staticDir] = process.argv.slice(2) as [string];
const host = await startHost({ router: async (name) => ({ ok: true, value: { name } }), staticDir, port: 0 });
process.stdout.write(`${JSON.stringify({ port: host.port, secret: host.secret })}\n`);
setInterval(() => host.broadcast('library.changed', {}), 50);
