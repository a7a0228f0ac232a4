import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/** Issue 14, findings 6 and 8 (graceful stop) and 3 (the X-Forwarded-For warning). */

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close().catch(() => undefined);
  t = null;
});

async function listening(env: Record<string, string> = {}, logs?: string[]) {
  t = await startTestApp({ env, logs });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as AddressInfo).port;
}

/** A raw socket; resolves with what the server sent and when it closed the connection. */
function rawSocket(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { socket, opened, closed, received: () => received };
}

const partialPost = (path: string) =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"identifier":"`;

describe('issue 14 finding 6: a request must arrive within REQUEST_TIMEOUT_SECONDS', () => {
  it('headers and a partial body, then a byte now and then: the server closes the connection within the bound', async () => {
    const port = await listening({ REQUEST_TIMEOUT_SECONDS: '1' });
    const c = rawSocket(port);
    await c.opened;
    const started = Date.now();
    c.socket.write(partialPost('/api/v1/sessions'));
    // Trickle: never idle, never finished (a slow-loris body).
    const trickle = setInterval(() => c.socket.writable && c.socket.write('a'), 100);
    const closedAt = await Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
    clearInterval(trickle);
    c.socket.destroy();
    expect(closedAt, 'the connection was still open after 5 s').toBeGreaterThan(0);
    // 1 s timeout, checked every 250 ms; some slack for a busy machine.
    expect(closedAt - started).toBeLessThan(3000);
    expect(closedAt - started).toBeGreaterThanOrEqual(900);
  });

  it('a silent half-sent body is closed too', async () => {
    const port = await listening({ REQUEST_TIMEOUT_SECONDS: '1' });
    const c = rawSocket(port);
    await c.opened;
    c.socket.write(partialPost('/api/v1/accounts'));
    const closedAt = await Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
    c.socket.destroy();
    expect(closedAt).toBeGreaterThan(0);
  });

  it('the default bound is 60 s (not unbounded)', async () => {
    const { loadConfig } = await import('../src/config.js');
    const { connectionOptions } = await import('../src/platform/http/connections.js');
    const options = connectionOptions(loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32), DATA_KEYS: '' }));
    expect(options.requestTimeout).toBe(60_000);
    expect(options.http.headersTimeout).toBe(60_000);
    expect(options.http.connectionsCheckingInterval).toBeLessThanOrEqual(5000);
  });
});

describe('issue 14 finding 6: open connections per IP are capped (MAX_CONNECTIONS_PER_IP)', () => {
  it('the connection over the cap is closed at once; the others stay usable', async () => {
    const port = await listening({ MAX_CONNECTIONS_PER_IP: '3' });
    const sockets = [rawSocket(port), rawSocket(port), rawSocket(port)];
    await Promise.all(sockets.map((s) => s.opened));
    // Give the server a moment to register the three 'connection' events.
    await new Promise((r) => setTimeout(r, 100));
    const extra = rawSocket(port);
    const closedAt = await Promise.race([extra.closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))]);
    if (closedAt < 0) for (const s of [...sockets, extra]) s.socket.destroy();
    expect(closedAt, 'the fourth connection was not closed').toBeGreaterThan(0);
    expect(extra.received()).toBe('');

    const first = sockets[0]!;
    first.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await expect.poll(() => first.received(), { timeout: 3000 }).toMatch(/^HTTP\/1\.1 200/);
    // Once one closes, a new connection is accepted again.
    sockets[1]!.socket.destroy();
    await sockets[1]!.closed;
    await new Promise((r) => setTimeout(r, 100));
    const again = rawSocket(port);
    await again.opened;
    again.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await expect.poll(() => again.received(), { timeout: 3000 }).toMatch(/^HTTP\/1\.1 200/);
    for (const s of [...sockets, again]) s.socket.destroy();
  });
});

describe('issue 14 finding 8: during a graceful stop, kept-alive requests get the coded 503', () => {
  it('a request pipelined on a busy kept-alive connection answers { code: server.shutting_down, message }', async () => {
    const port = await listening();
    const c = rawSocket(port);
    await c.opened;
    const login = JSON.stringify({ identifier: '+8613800000000', password: 'not-the-password-1' });
    // The first request is still being received when the stop begins (its body is half-sent),
    // so the connection is busy, not idle, and stays open; the second comes after the stop began.
    c.socket.write(
      `POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(login)}\r\n\r\n${login.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const closing = t!.app.close();
    await new Promise((r) => setTimeout(r, 50));
    c.socket.write(`${login.slice(10)}GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\n\r\n`);
    const closedAt = await Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
    c.socket.destroy();
    await closing;
    expect(closedAt, 'the server did not close the connection').toBeGreaterThan(0);
    const responses = c.received().split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 401/);
    const second = responses[1]!;
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/\r\nconnection: close\r\n/i);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'server.shutting_down', message: expect.stringMatching(/restarting/) });
  });
});

describe('issue 14 finding 3: X-Forwarded-For without TRUST_PROXY is warned about', () => {
  const warnings = (logs: string[]) =>
    logs
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level === 40 && /TRUST_PROXY/.test(l.msg));

  it('the first proxied request after start-up warns, then at most once an hour', async () => {
    const logs: string[] = [];
    t = await startTestApp({ logs });
    const proxied = () => t!.request({ url: '/healthz', headers: { 'x-forwarded-for': '203.0.113.9' } });
    await t.request({ url: '/healthz' });
    expect(warnings(logs)).toHaveLength(0);
    await proxied();
    expect(warnings(logs)).toHaveLength(1);
    await proxied();
    t.clock.advance(59 * 60);
    await proxied();
    expect(warnings(logs)).toHaveLength(1);
    t.clock.advance(61);
    await proxied();
    expect(warnings(logs)).toHaveLength(2);
  });

  it('no warning when TRUST_PROXY is set', async () => {
    const logs: string[] = [];
    t = await startTestApp({ logs, env: { TRUST_PROXY: '127.0.0.1' } });
    await t.request({ url: '/healthz', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(warnings(logs)).toHaveLength(0);
  });
});
