import { pickLocale } from '@devplat/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../audit.js';
import { AppError } from '../errors.js';
import type { SessionAccount } from '../sessions/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    account: SessionAccount | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session; everything else is denied by default (SECURITY 26). */
    public?: boolean;
    /** Routes a staff session may call before its TOTP is verified (the second-factor steps, /me, log-out). */
    mfaPending?: boolean;
  }
}

/** What services may know about the request: never the request itself. */
export function requestContext(request: FastifyRequest): RequestContext {
  const ua = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: ua ? ua.slice(0, 512) : null,
    locale: pickLocale(request.headers['accept-language']),
  };
}

/** The signed-in account of a route that is not public (the hook has already refused anonymous calls). */
export function signedIn(request: FastifyRequest): SessionAccount {
  if (!request.account) throw new AppError('auth.required');
  return request.account;
}

/** A developer account: staff may not certify themselves (nor, through that, get apps or devices). */
export function developerOnly(request: FastifyRequest): SessionAccount {
  const account = signedIn(request);
  if (account.role !== 'developer') throw new AppError('auth.forbidden');
  return account;
}

/** A reviewer or admin (with the role required) whose second factor is done (SECURITY 16, 28). */
export function staffOnly(
  request: FastifyRequest,
  roles: readonly SessionAccount['role'][] = ['reviewer', 'admin'],
): SessionAccount {
  const account = signedIn(request);
  if (!roles.includes(account.role)) throw new AppError('auth.forbidden');
  if (account.mfaPending) throw new AppError('auth.mfa_required');
  return account;
}

export function cookieName(https: boolean): string {
  // __Host- pins the cookie to this host, Secure and Path=/ (SECURITY 19).
  return https ? '__Host-sid' : 'sid';
}

export function setSessionCookie(reply: FastifyReply, https: boolean, token: string, maxAgeSeconds: number) {
  reply.setCookie(cookieName(https), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: https,
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, https: boolean) {
  reply.clearCookie(cookieName(https), { httpOnly: true, sameSite: 'lax', path: '/', secure: https });
}
