// Child process of the connection holder, run inside a lab namespace under `mptcpize run`:
// `server` accepts and keeps connections; `client` opens N and keeps them until SIGTERM.
// It reports on stdout as JSON lines: {"event":"listening"|"connected"|"error", ...}.
import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';

/** A progress line of the holder (one JSON object per line on stdout). */
export type HolderEvent =
  | { readonly event: 'listening'; readonly port: number }
  | { readonly event: 'connected'; readonly count: number; readonly seconds: number }
  | { readonly event: 'error'; readonly message: string };

function report(event: HolderEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function fail(message: string): never {
  report({ event: 'error', message });
  process.exit(1);
}

function runServer(host: string, port: number, backlog: number): void {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    // One byte each way makes the MPTCP connection fully established at both ends.
    socket.write('h');
  });
  server.on('error', (err) => {
    fail(`server: ${err.message}`);
  });
  server.listen({ host, port, backlog }, () => {
    report({ event: 'listening', port });
  });
  process.once('SIGTERM', () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    process.exit(0);
  });
}

function runClient(host: string, port: number, count: number, concurrency: number): void {
  const sockets: Socket[] = [];
  const started = performance.now();
  let opened = 0;
  let connected = 0;
  const openNext = (): void => {
    if (opened >= count) return;
    opened += 1;
    const index = opened;
    const socket = createConnection({ host, port });
    sockets.push(socket);
    socket.once('connect', () => {
      socket.write('h');
      connected += 1;
      if (connected === count) {
        report({ event: 'connected', count, seconds: (performance.now() - started) / 1000 });
      }
      openNext();
    });
    socket.on('error', (err) => {
      if (connected < count) fail(`connection ${String(index)}: ${err.message}`);
    });
    socket.on('data', () => undefined);
  };
  for (let i = 0; i < Math.min(concurrency, count); i += 1) openNext();
  process.once('SIGTERM', () => {
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  });
}

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      count: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '200' },
    },
  });
  const host = values.host ?? fail('--host is required');
  const port = Number(values.port);
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  if (![port, count, concurrency].every((n) => Number.isInteger(n) && n > 0)) {
    fail('--port, --count and --concurrency must be positive whole numbers');
  }
  if (positionals[0] === 'server') runServer(host, port, count);
  else if (positionals[0] === 'client') runClient(host, port, count, concurrency);
  else fail('usage: hold-connections server|client --host A --port P [--count N]');
}

main();
