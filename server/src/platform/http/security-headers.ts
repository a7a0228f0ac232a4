import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * Security headers (SECURITY 40): a CSP that forbids framing, `nosniff`, no referrer; HSTS (and,
 * on pages, upgrade-insecure-requests) only when served over HTTPS. Two sets:
 *
 * - **Pages** (the console, its files, the API docs at /api/docs): helmet's, with a CSP that
 *   allows our own scripts and styles only.
 * - **API answers** (JSON and text: /api/…, /open/…, /healthz, /readyz, /metrics): what OWASP's
 *   REST Security Cheat Sheet lists for an API, with the strictest CSP
 *   (`default-src 'none'; frame-ancestors 'none'`: nothing may load from, or frame, an answer).
 *   The rest of helmet's set steers documents (cross-origin isolation, IE's download and XSS
 *   switches, DNS prefetching, Flash policies) and means nothing to JSON. Without it a `/me`
 *   answer is 748 bytes instead of 1,122, each header validated and written once less
 *   (docs/benchmark.md, "What changed (2026-12-03)").
 *
 * Both are computed once: helmet's middleware runs here against a recorder, and each request
 * gets its set as Fastify reply headers, written with the rest in one `writeHead`. (@fastify/helmet,
 * used before, built the middleware on every request: 4 % of a `GET /me`'s server CPU.)
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }) {
  const page = securityHeaders(options);
  const api = apiSecurityHeaders(options);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isApiAnswer(request.url) ? api : page);
    done();
  });
}

const API_PREFIXES = ['/api/', '/open/', '/healthz', '/readyz', '/metrics'];

/** True for what the API answers (JSON, or Prometheus' text), false for pages and their files. */
export const isApiAnswer = (url: string) =>
  API_PREFIXES.some((prefix) => url.startsWith(prefix)) && !url.startsWith('/api/docs');

/** The headers of an API answer, by lower-case name. */
export function apiSecurityHeaders({ https }: { https: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  });
}

/** The headers of a page: helmet's, with this platform's options, by lower-case name. */
export function securityHeaders({ https }: { https: boolean }): Readonly<Record<string, string>> {
  const apply = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const recorded: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      recorded[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    // helmet removes X-Powered-By; Fastify never sets it.
    removeHeader: () => undefined,
  };
  let done = false;
  apply({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    done = true;
  });
  // helmet's middleware is synchronous; if a version were not, the recording would be partial.
  if (!done) throw new Error('helmet did not finish its headers synchronously');
  return Object.freeze(recorded);
}

/**
 * Personal data must not sit in a browser's or a proxy's cache (issue 14, finding 5): every
 * answer of the console API and the open API is `Cache-Control: no-store` unless its route set
 * a policy of its own. One hook, so a new route cannot forget it.
 */
export function registerNoStore(app: FastifyInstance) {
  app.addHook('onSend', (request, reply, payload, done) => {
    const url = request.url;
    if ((url.startsWith('/api/') || url.startsWith('/open/')) && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
