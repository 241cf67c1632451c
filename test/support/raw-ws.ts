// A WebSocket client on a bare TCP socket, for tests of what a hostile client can do: it
// completes the handshake, then never reads another byte (the socket is paused, so the kernel's
// receive window fills and the server must buffer or drop), while it keeps sending frames.
import { connect } from 'node:net';
import type { Socket } from 'node:net';

/** A client that has upgraded and no longer reads. */
export interface NonReadingClient {
  readonly socket: Socket;
  /** Sends one masked text frame. False once the connection is gone. */
  sendText(text: string): boolean;
  /** Sends an unsolicited pong frame. */
  sendPong(payload?: Buffer): boolean;
  /** Whether the server has closed or reset the connection (seen through a failed write). */
  readonly gone: boolean;
  destroy(): void;
}

/** One client-to-server frame (FIN set, masked with a zero key, as RFC 6455 allows). */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : (() => {
            const b = Buffer.alloc(10);
            b[0] = 0x80 | opcode;
            b[1] = 0x80 | 127;
            b.writeBigUInt64BE(BigInt(length), 2);
            return b;
          })();
  return Buffer.concat([head, Buffer.alloc(4), payload]);
}

/** Upgrades to /api/stream with `token`, waits for the 101, then stops reading. */
export async function nonReadingClient(port: number, token: string): Promise<NonReadingClient> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Key: ${Buffer.alloc(16, 1).toString('base64')}\r\n` +
      `Authorization: Bearer ${token}\r\n\r\n`,
  );
  const response = await new Promise<string>((resolve) => {
    socket.once('data', (data: Buffer) => {
      resolve(data.toString('latin1'));
    });
  });
  if (!response.startsWith('HTTP/1.1 101')) {
    socket.destroy();
    throw new Error(`upgrade refused: ${response.split('\r\n')[0] ?? ''}`);
  }
  socket.pause();
  let gone = false;
  const mark = () => {
    gone = true;
  };
  socket.on('error', mark);
  socket.on('close', mark);
  const write = (frame: Buffer): boolean => {
    if (gone || socket.destroyed) return false;
    socket.write(frame);
    return true;
  };
  return {
    socket,
    sendText: (text) => write(clientFrame(0x1, Buffer.from(text, 'utf8'))),
    sendPong: (payload = Buffer.alloc(0)) => write(clientFrame(0xa, payload)),
    get gone() {
      return gone;
    },
    destroy: () => {
      socket.destroy();
    },
  };
}
