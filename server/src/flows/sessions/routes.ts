import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Audit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { clearSessionCookie, requestContext, signedIn } from '../../platform/http/context.js';
import { errors, MeWithCertificationSchema } from '../../platform/http/schemas.js';
import type { Sessions } from '../../platform/sessions/index.js';
import type { MeService } from './service.js';

const SessionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});

export const sessionRoutes: FastifyPluginAsyncTypebox<{
  sessions: Sessions;
  audit: Audit;
  https: boolean;
  me: MeService;
}> = async (app, { sessions, audit, https, me: meService }) => {
  const tags = ['sessions'];

  app.get(
    '/me',
    {
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'The signed-in account, with its certification state and entitlements',
        description:
          'Answers 401 `auth.required` without a session. A browser page that only needs to know whether someone is signed in asks `GET /api/v1/session` instead (200 either way), as the console does.',
        response: { 200: MeWithCertificationSchema, ...errors(401) },
      },
    },
    async (request) => meService.me(signedIn(request)),
  );

  // The signed-out pages ask this instead of GET /me: "nobody" is an answer (200), not an error,
  // so a visitor's browser console shows no 401 on /login or /register.
  app.get(
    '/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Whether this browser is signed in (200 either way); the account when it is',
        description:
          'Public. `{ signedIn: false }` without a (live) session; `{ signedIn: true, me }` with the same account `GET /api/v1/me` answers, also for a staff session whose second factor is still owed (`me.mfa`). The console asks this on every page, so a visitor logs no 401.',
        response: {
          200: Type.Union([
            Type.Object({ signedIn: Type.Literal(false) }),
            Type.Object({ signedIn: Type.Literal(true), me: MeWithCertificationSchema }),
          ]),
          // A malformed request (the shared 400 of every route).
          ...errors(400),
        },
      },
    },
    async (request) =>
      request.account
        ? { signedIn: true as const, me: await meService.me(request.account) }
        : { signedIn: false as const },
  );

  app.delete(
    '/sessions/current',
    {
      config: { mfaPending: true },
      schema: {
        tags,
        summary: 'Log out: ends this session on the server',
        response: { 204: Type.Null(), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const account = signedIn(request);
      await sessions.end(account.sessionId, 'logout');
      await audit.record(requestContext(request), {
        event: 'logout',
        outcome: 'success',
        accountId: account.accountId,
      });
      clearSessionCookie(reply, https);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/sessions',
    {
      schema: {
        tags,
        summary: 'Own live sessions (created, last seen, IP, user agent; the current one marked)',
        response: { 200: Type.Object({ sessions: Type.Array(SessionSchema) }), ...errors(401) },
      },
    },
    async (request) => {
      const me = signedIn(request);
      const rows = await sessions.listFor(me.accountId);
      return {
        sessions: rows.map((s) => ({
          id: s.id,
          createdAt: s.created_at.toISOString(),
          lastSeenAt: s.last_seen_at.toISOString(),
          ip: s.ip,
          userAgent: s.user_agent,
          current: s.id === me.sessionId,
        })),
      };
    },
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags,
        summary: 'End one of the own sessions (another account’s id answers 404)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const me = signedIn(request);
      if (!(await sessions.endOwn(me.accountId, request.params.id, 'ended_by_owner')))
        throw new AppError('request.not_found');
      await audit.record(requestContext(request), {
        event: 'session.ended',
        outcome: 'success',
        accountId: me.accountId,
        details: { current: request.params.id === me.sessionId },
      });
      if (request.params.id === me.sessionId) clearSessionCookie(reply, https);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/me/sessions',
    {
      schema: {
        tags,
        summary: 'End every own session except the current one',
        response: { 200: Type.Object({ ended: Type.Integer() }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const me = signedIn(request);
      const ended = await sessions.endOthers(me.accountId, me.sessionId, 'ended_by_owner');
      await audit.record(requestContext(request), {
        event: 'session.ended_others',
        outcome: 'success',
        accountId: me.accountId,
        details: { ended },
      });
      return { ended };
    },
  );
};
