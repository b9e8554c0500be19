/**
 * Issue 11, items 2 and 3: no connection, frame or reset may kill the browser host. The
 * host runs in a child process, so that a crash shows as its exit (and not as this
 * runner's); after every attack it must still answer a call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleHostChild, startHostProcess, type HostProcess } from '../helpers/host-process';
import { iterations } from '../helpers/reliability';
import { tempDir } from '../helpers/tmp';
import { closePayload, closed, eventSocketHeaders, frame, openRaw, sendAndReset, serverOpcodes, upgradeRequest, type FrameOptions } from '../helpers/ws-raw';

let tmp: { dir: string; cleanup: () => void };
let child: { file: string; remove: () => void };
let host: HostProcess;

beforeAll(async () => {
  tmp = tempDir('directa-host-sockets-');
  child = await bundleHostChild();
});
// a host that an earlier case killed is started again, so that each case shows its own defect
beforeEach(async () => {
  if (host && (await host.answers())) return;
  await host?.stop();
  host = await startHostProcess(tmp.dir, child.file);
});
afterAll(async () => {
  await host?.stop();
  child?.remove();
  tmp.cleanup();
});

async function expectAlive(): Promise<void> {
  expect(await host.answers(), `the host died:\n${host.stderr()}`).toBe(true);
}

describe('the browser host, given resets on the upgrade path', () => {
  const resets = iterations(40, 1000);

  it(`survives ${resets} refused upgrades (wrong Host) reset with SO_LINGER 0`, async () => {
    const headers = { ...eventSocketHeaders(host), Host: 'evil.example' };
    for (let i = 0; i < resets; i++) await sendAndReset(host.port, upgradeRequest('/api/events', headers));
    await expectAlive();
  });

  it(`survives ${resets} refused upgrades (no secret, wrong path) reset in parallel`, async () => {
    const noSecret = { Host: `127.0.0.1:${host.port}`, Origin: `http://127.0.0.1:${host.port}` };
    await Promise.all(Array.from({ length: resets }, (_, i) => sendAndReset(host.port,
      i % 2 ? upgradeRequest('/api/events', noSecret) : upgradeRequest('/elsewhere', eventSocketHeaders(host)))));
    await expectAlive();
  });

  it(`survives ${resets} accepted upgrades reset during the handshake or right after it`, async () => {
    for (let i = 0; i < resets; i++) {
      if (i % 2) await sendAndReset(host.port, upgradeRequest('/api/events', eventSocketHeaders(host)));
      else (await openRaw(host)).resetAndDestroy();
    }
    await expectAlive();
  });
});

describe('the browser host, given malformed WebSocket frames from a client with the secret', () => {
  const text = (s: string | Buffer): Buffer => Buffer.from(s);
  const cases: [string, FrameOptions | Buffer][] = [
    ['a frame over the size limit', { opcode: 1, payload: Buffer.alloc(70_000, 0x61) }],
    ['a length over the limit with no payload yet', { opcode: 2, claimedLength: 1n << 20n }],
    ['a 2^63 length', { opcode: 2, claimedLength: 1n << 63n }],
    ['a 2^64 - 1 length', { opcode: 2, claimedLength: (1n << 64n) - 1n }],
    ['invalid UTF-8 in a text frame', { opcode: 1, payload: text(Buffer.from([0xc3, 0x28, 0xff, 0xfe])) }],
    ['an unmasked frame', { opcode: 1, payload: text('hello'), mask: false }],
    ['RSV1 set (no extension agreed)', { opcode: 1, payload: text('hello'), rsv1: true }],
    ['unknown opcode 3', { opcode: 3, payload: text('x') }],
    ['unknown opcode 0xB', { opcode: 0xb }],
    ['a continuation with nothing to continue', { opcode: 0, payload: text('x') }],
    ['a fragmented ping', { opcode: 9, fin: false }],
    ['a ping over 125 bytes', { opcode: 9, payload: Buffer.alloc(200) }],
    ['close code 999', { opcode: 8, payload: closePayload(999) }],
    ['close code 1005 (reserved)', { opcode: 8, payload: closePayload(1005) }],
    ['close code 5000', { opcode: 8, payload: closePayload(5000) }],
    ['a close frame of one byte', { opcode: 8, payload: Buffer.from([3]) }],
    ['a close reason with invalid UTF-8', { opcode: 8, payload: Buffer.concat([closePayload(1000), Buffer.from([0xff])]) }],
    ['a valid text message (events are one way)', { opcode: 1, payload: text('{"call":"project.delete"}') }],
    ['junk bytes', Buffer.from('GET / HTTP/1.1\r\n\r\n\x00\xff\xfe')],
  ];

  it.each(cases)('%s: the connection ends, the host lives', async (_, bad) => {
    const socket = await openRaw(host);
    socket.write(Buffer.isBuffer(bad) ? bad : frame(bad));
    await closed(socket, 60_000);
    await expectAlive();
  });

  it(`survives ${iterations(30, 600)} random frames, some reset mid-frame`, async () => {
    const rounds = iterations(30, 600);
    for (let i = 0; i < rounds; i++) {
      const socket = await openRaw(host);
      const bytes = Buffer.concat([frame({ opcode: i % 16, rsv1: i % 3 === 0, mask: i % 5 !== 0, payload: Buffer.alloc(i % 300, i) }), Buffer.alloc(i % 7, 0xff)]);
      if (i % 4 === 0) {
        socket.write(bytes.subarray(0, Math.max(1, bytes.length >> 1)));
        socket.resetAndDestroy();
      } else {
        socket.write(bytes);
        socket.end();
        await closed(socket, 60_000);
      }
    }
    await expectAlive();
  });

  it('still delivers events to a well-behaved socket afterwards', async () => {
    const socket = await openRaw(host);
    const got = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    expect(serverOpcodes(got).opcodes[0]).toBe(1); // a text frame: the host's broadcast
    expect(got.subarray(2).toString('utf8')).toContain('library.changed');
    socket.destroy();
  });
});
