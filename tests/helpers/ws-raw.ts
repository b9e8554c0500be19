/**
 * WebSocket by hand, for tests that send what no client library would: a raw upgrade,
 * hand-built frames (bad masks, lengths, opcodes, UTF-8), and resets (RST, SO_LINGER 0).
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { SECRET_HEADER } from '../../electron/host/server';

export interface HostAddress { port: number; secret: string }

/** The headers a same-origin page with the secret sends on its events socket (the one place that knows how the host authorises it). */
export function eventSocketHeaders(host: HostAddress): Record<string, string> {
  return {
    Host: `127.0.0.1:${host.port}`,
    Origin: `http://127.0.0.1:${host.port}`,
    [SECRET_HEADER]: host.secret,
  };
}

export function upgradeRequest(path: string, headers: Record<string, string>): string {
  const lines = [
    `GET ${path} HTTP/1.1`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Opens an events socket by hand; resolves with the TCP socket once the host answered 101. */
export function openRaw(host: HostAddress, path = '/api/events'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(host.port, '127.0.0.1', () => socket.write(upgradeRequest(path, eventSocketHeaders(host))));
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
      } else {
        resolve(socket);
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

export interface FrameOptions {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  rsv1?: boolean;
  /** false: send it unmasked (a client must mask) */
  mask?: boolean;
  /** the length the header claims, if not the payload's (bigint for 64-bit lengths) */
  claimedLength?: bigint;
}

export function frame(o: FrameOptions): Buffer {
  const payload = o.payload ?? Buffer.alloc(0);
  const length = o.claimedLength ?? BigInt(payload.length);
  const masked = o.mask ?? true;
  const first = ((o.fin ?? true) ? 0x80 : 0) | (o.rsv1 ? 0x40 : 0) | (o.opcode & 0x0f);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, (masked ? 0x80 : 0) | Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(Number(length), 2);
    header[1] = (masked ? 0x80 : 0) | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(length, 2);
    header[1] = (masked ? 0x80 : 0) | 127;
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
}

export function closePayload(code: number, reason = ''): Buffer {
  const b = Buffer.alloc(2 + Buffer.byteLength(reason));
  b.writeUInt16BE(code, 0);
  b.write(reason, 2);
  return b;
}

/** The opcodes of the complete server frames (unmasked) at the start of `bytes`, and how many bytes they used. */
export function serverOpcodes(bytes: Buffer): { opcodes: number[]; used: number } {
  const opcodes: number[] = [];
  let at = 0;
  for (;;) {
    if (bytes.length < at + 2) break;
    let length = bytes[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (bytes.length < at + 4) break;
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (bytes.length < at + 10) break;
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (bytes.length < at + header + length) break;
    opcodes.push(bytes[at]! & 0x0f);
    at += header + length;
  }
  return { opcodes, used: at };
}

/**
 * Resolves when the host ends the connection: it sends a close frame, or the socket
 * closes; rejects after `ms`.
 */
export function closed(socket: net.Socket, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(() => reject(new Error(`the host left the socket open for ${ms} ms`)), ms);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    let pending = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      const { opcodes, used } = serverOpcodes(pending);
      pending = pending.subarray(used);
      if (opcodes.includes(8)) done();
    });
    socket.once('close', done);
  });
}

/** Sends `bytes` and resets the connection at once (SO_LINGER 0: the peer sees RST, not FIN). */
export function sendAndReset(port: number, bytes: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      socket.resetAndDestroy();
    });
    socket.on('error', () => undefined);
    socket.once('close', () => resolve());
  });
}
