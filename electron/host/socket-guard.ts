/**
 * The sockets the host takes over from Node's http server. An upgrade request's socket
 * comes with no 'error' listener (the http server lets go of it), and a `ws` connection
 * emits 'error' for every malformed frame (over-size, invalid UTF-8, unmasked, RSV1,
 * unknown opcode, bad close code, a 2^63 length): an 'error' event without a listener
 * ends the process. Here each gets one, and a bad peer ends its own connection only.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

export type HostLog = (message: string) => void;

/** Call first thing in an 'upgrade' listener: a reset (ECONNRESET, EPIPE) then closes this socket only. */
export function guardUpgradeSocket(socket: Duplex, log: HostLog = console.error): void {
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') log(`host: upgrade socket: ${err.message}`);
    socket.destroy();
  });
}

/** Refuses an upgrade with `status` and closes the socket; a peer that reset it meanwhile is no error. */
export function refuseUpgrade(socket: Duplex, status = '403 Forbidden'): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

/** A malformed frame: `ws` has already queued the close frame with its status code; the connection is then cut. */
export function guardWebSocket(ws: WebSocket, log: HostLog = console.error): void {
  ws.on('error', (err: Error & { code?: string }) => {
    log(`host: events socket closed after a bad frame: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' ').slice(0, 300));
    ws.terminate();
  });
}
