import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import type { Sessions } from '../sessions/index.js';
import { cookieName } from './context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every request: resolve the session from its cookie, refuse cross-origin mutations, and deny
 * API routes by default unless they are marked `config: { public: true }` (SECURITY 22, 26).
 */
export function registerGuard(
  app: FastifyInstance,
  deps: { sessions: Sessions; allowedOrigins: string[]; https: boolean },
) {
  const name = cookieName(deps.https);
  app.decorateRequest('account', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[name];
    if (!SAFE_METHODS.has(request.method)) {
      // CSRF: a mutation that carries the session cookie must come from our own origin; a
      // mutation from a foreign origin is refused even without a cookie (log-in CSRF).
      const origin = request.headers.origin;
      const allowed = origin !== undefined && deps.allowedOrigins.includes(origin);
      if ((token && !allowed) || (origin !== undefined && !allowed)) {
        // The usual cause is a PUBLIC_URL that is not the address people type: say so to the operator.
        request.log.warn(
          { origin: origin ?? null },
          `Origin ${origin ?? '(none)'} refused: mutations must come from PUBLIC_URL (${deps.allowedOrigins.join(' or ')})`,
        );
        throw new AppError('auth.csrf_rejected');
      }
    }
    request.account = token ? await deps.sessions.resolve(token) : null;
    const route = request.routeOptions;
    if (route.url === undefined) return; // no such route: the not-found handler answers
    if (route.config.public === true || !route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (!request.account) throw new AppError('auth.required');
    // A staff session without its TOTP reaches only the second-factor steps (SECURITY 16).
    // A developer's half-open session (SECURITY_PROFILE=mlps, an enterprise account without a
    // second factor) reaches only the TOTP enrolment.
    if (request.account.mfaPending && route.config.mfaPending !== true) {
      throw new AppError(
        request.account.role === 'developer' ? 'auth.second_factor_enrollment_required' : 'auth.mfa_required',
      );
    }
  });
}
