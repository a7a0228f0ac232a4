import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * How long a client may take to send one request, and how many connections one peer may hold
 * (issue 14, finding 6: 20 of 20 half-sent bodies were still open after 330 s).
 */
export interface ConnectionLimits {
  /** The whole request — headers and body — must have arrived within this (Node's `requestTimeout`). */
  requestTimeoutSeconds: number;
  /** Open connections one peer address may hold; 0 = no cap (behind a proxy the proxy caps). */
  maxConnectionsPerIp: number;
}

/**
 * Fastify server options for the limits. Node only checks `requestTimeout` every
 * `connectionsCheckingInterval` (30 s by default), so the interval is made a quarter of the
 * timeout (250 ms to 5 s): a half-sent request is closed within 1¼ × the timeout.
 * `headersTimeout` equals the request timeout (Node refuses a larger one).
 * `return503OnClosing` is off: the platform's own hook answers the coded 503 during a stop.
 */
export function connectionOptions(limits: ConnectionLimits) {
  const requestTimeout = limits.requestTimeoutSeconds * 1000;
  const http: ServerOptions = {
    requestTimeout,
    headersTimeout: requestTimeout,
    connectionsCheckingInterval: Math.min(5000, Math.max(250, Math.floor(requestTimeout / 4))),
  };
  return { requestTimeout, http, return503OnClosing: false } as const;
}

/**
 * Caps open connections per peer address: one over the cap is destroyed before any byte is
 * read. Node and Fastify only offer a global `maxConnections`, so the count is kept here.
 */
export function capConnectionsPerIp(server: Server, max: number) {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? '';
    const count = (open.get(peer) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(peer, count);
    socket.once('close', () => {
      const left = (open.get(peer) ?? 1) - 1;
      if (left <= 0) open.delete(peer);
      else open.set(peer, left);
    });
  });
}

/**
 * During a graceful stop, requests that still arrive on kept-alive connections answer the
 * platform's coded 503 `{ code, message }` with `Connection: close`, before any other hook
 * (no session look-up against a database that is about to close).
 */
export function registerClosingGuard(app: FastifyInstance) {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Callback style, as the other hooks every request runs: no promise per request.
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    void reply.header('connection', 'close');
    done(new AppError('server.shutting_down'));
  });
}
