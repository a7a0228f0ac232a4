import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';

/** How often the warning repeats while proxied requests keep arriving. */
export const PROXY_WARNING_EVERY_SECONDS = 3600;

/**
 * Behind a reverse proxy without `TRUST_PROXY`, every client has the proxy's address, so the
 * per-IP limits count everyone together (issue 14, finding 3). When requests carry
 * `X-Forwarded-For` while no proxy is trusted, warn in the log: at the first such request
 * after start-up, then at most once an hour, with the number seen since the last warning.
 */
export function registerProxyWarning(app: FastifyInstance, deps: { trustedProxies: string[]; clock: Clock }) {
  if (deps.trustedProxies.length > 0) return;
  let seen = 0;
  let lastWarning: number | null = null;
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers['x-forwarded-for'] !== undefined) warn(request.socket.remoteAddress);
    done();
  });
  const warn = (peer: string | undefined) => {
    seen += 1;
    const now = deps.clock.now().getTime();
    if (lastWarning !== null && now - lastWarning < PROXY_WARNING_EVERY_SECONDS * 1000) return;
    app.log.warn(
      { requestsWithForwardedFor: seen, peer },
      'requests carry X-Forwarded-For but TRUST_PROXY is empty: every client behind the proxy shares one IP for the per-IP limits; set TRUST_PROXY to the proxy address',
    );
    lastWarning = now;
    seen = 0;
  };
}
