// The headless adapter: serves the built renderer over HTTP and the contract over a WebSocket,
// on loopback by default, admitting only connections that carry this launch's token from our own origin.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { isIPv4, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { Core } from '../core/create-core';
import { serveStatic } from './static-files';
import { webSocketTransport } from './ws-transport';

/** Largest WebSocket message accepted, in bytes: a 10 MB bad input must reach validation, not crash. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface HeadlessServerOptions {
  core: Core;
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to a fresh random token. */
  token?: string;
}

export interface HeadlessServer {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Whether `host` (an address to bind, or the host name of a Host header) is this machine's loopback:
 * `localhost`, `::1`, or an IPv4 address in 127.0.0.0/8 (also IPv4-mapped). A name that merely starts
 * with "127." (`127.0.0.1.example.com`) is a DNS name that can resolve anywhere, so it is not.
 */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return isIPv4(v4) && v4.startsWith('127.');
}

/** The host name of a Host header (`127.0.0.1:4870`, `[::1]:4870`), or null when it is not one. */
function hostNameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return null;
  }
}

function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHeadlessServer(opts: HeadlessServerOptions): Promise<HeadlessServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = resolve(opts.staticDir);
  const server: Server = createServer((req, res) => {
    serveStatic(root, req, res).catch(() => res.writeHead(500).end());
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const hostHeader = req.headers.host;
    const sameOrigin = origin === undefined || origin === `http://${hostHeader}`;
    // Bound to loopback, the page must have been reached as loopback too: a page of another site whose
    // name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name as Host and Origin.
    const hostName = hostNameOf(hostHeader);
    const reachedAsBound = !isLoopback(host) || (hostName !== null && isLoopback(hostName));
    if (url.pathname !== '/rpc' || !tokenMatches(token, url.searchParams.get('token')) || !sameOrigin || !reachedAsBound) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      opts.core.attach(webSocketTransport(ws));
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
