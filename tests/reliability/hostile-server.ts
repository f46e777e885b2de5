/**
 * A small HTTP server that misbehaves on purpose, for the hostile-server tests: each test gives it a handler, and
 * it counts requests and the bytes it managed to write. Loopback only; every socket is destroyed on close, so a
 * test that leaves an endless body running cannot keep the process alive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

export type HostileHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

export interface HostileServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Replaces the handler (between cases of one test). */
  handle(handler: HostileHandler): void;
  /** Requests received since the start or the last reset, by path. */
  requests(pathPrefix?: string): number;
  reset(): void;
  /** Response body bytes handed to sockets (before any compression this server applied). */
  bytesOffered(): number;
  close(): Promise<void>;
}

export async function startHostileServer(initial: HostileHandler): Promise<HostileServer> {
  let handler = initial;
  let paths: string[] = [];
  let offered = 0;
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    paths.push(url.pathname);
    Promise.resolve(handler(request, response, url)).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api: HostileServer = {
    origin: `http://127.0.0.1:${port}`,
    handle(next) {
      handler = next;
    },
    requests: (prefix = '') => paths.filter((path) => path.startsWith(prefix)).length,
    reset() {
      paths = [];
      offered = 0;
    },
    bytesOffered: () => offered,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  countOffered = (bytes) => {
    offered += bytes;
  };
  return api;
}

// The streaming helpers report what they offered to the most recently started server (tests use one at a time).
let countOffered: (bytes: number) => void = () => {};

/** Sends a JSON body with a status and extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
}

/**
 * Streams `total` bytes (Infinity: without end) as fast as the client reads: a JSON array opening followed by
 * spaces, so that it would parse if it ever ended. Stops when the client goes away. Returns when done.
 */
export function streamBody(
  response: ServerResponse,
  total: number,
  options: { gzip?: boolean; contentLength?: boolean; chunkBytes?: number; json?: boolean } = {},
): Promise<void> {
  const chunkBytes = options.chunkBytes ?? 256 * 1024;
  // Spaces between `{"tickets":[` and `]}` make a body that is valid JSON however long it is.
  const filler = Buffer.alloc(chunkBytes, options.gzip ? 0 : 0x20);
  const [head, tail] = options.json ? ['{"tickets":[', ']}'] : ['', ''];
  let sent = 0;
  let started = false;
  let ended = false;
  const source = new Readable({
    read() {
      if (!started && head) {
        started = true;
        this.push(head);
        return;
      }
      if (sent >= total) {
        if (!ended && tail) {
          ended = true;
          this.push(tail);
          return;
        }
        this.push(null);
        return;
      }
      const size = Math.min(chunkBytes, total - sent);
      sent += size;
      countOffered(size);
      this.push(size === chunkBytes ? filler : filler.subarray(0, size));
    },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.gzip) headers['content-encoding'] = 'gzip';
  if (options.contentLength && Number.isFinite(total)) {
    headers['content-length'] = String(total + head.length + tail.length);
  }
  response.writeHead(200, headers);
  const stream = options.gzip ? source.pipe(createGzip({ level: 1 })) : source;
  stream.pipe(response);
  return new Promise((resolve) => {
    const done = () => {
      source.destroy();
      resolve();
    };
    response.on('close', done);
    response.on('error', done);
  });
}

/** Samples this process's RSS while `work` runs; resolves with the work's outcome and the peak growth in bytes. */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growth: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}
