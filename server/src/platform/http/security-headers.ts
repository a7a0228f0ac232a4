import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * Security headers (SECURITY 40): a CSP that forbids framing and foreign scripts, `nosniff`,
 * no referrer; HSTS and upgrade-insecure-requests only when served over HTTPS.
 *
 * helmet decides the headers; they depend on the options only, never on the request, so its
 * middleware runs once, here, against a recorder, and every request gets the recorded headers
 * as Fastify reply headers, written with the rest in one `writeHead`. (@fastify/helmet, used
 * before, built the middleware on every request: 4 % of a `GET /me`'s server CPU in a profile.
 * Running the built middleware on every request, each header a `setHeader` of its own on the raw
 * response, still cost 7 % of `/me`'s throughput: docs/benchmark.md.)
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }) {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

/** The headers helmet sets with this platform's options, by lower-case name. */
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
