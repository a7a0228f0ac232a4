import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createAccountsRepository } from './platform/accounts.js';
import { createAudit } from './platform/audit.js';
import { systemClock, type Clock } from './platform/clock.js';
import { createCodesRepository } from './platform/codes/repository.js';
import { createCodesService } from './platform/codes/service.js';
import type { Db } from './platform/db/index.js';
import { frameworkErrors, registerErrorHandling, registerInputGuard } from './platform/http/errors.js';
import { registerGuard } from './platform/http/guard.js';
import { ErrorSchema } from './platform/http/schemas.js';
import { registerWeb } from './platform/http/web.js';
import { createLimiterFactory } from './platform/limits.js';
import { createMessaging } from './platform/messaging/setup.js';
import { messagesRoutes } from './flows/review/messages-routes.js';
import { createPasswords } from './platform/passwords.js';
import { createSessions } from './platform/sessions/index.js';
import { createTickets } from './platform/tickets.js';
import { createPasswordUpdater } from './platform/password-update.js';
import { createVault } from './platform/vault.js';
import { contactChangeRoutes } from './flows/contact-change/routes.js';
import { createContactChangeService } from './flows/contact-change/service.js';
import { passwordChangeRoutes } from './flows/password-change/routes.js';
import { createPasswordChangeService } from './flows/password-change/service.js';
import { passwordResetRoutes } from './flows/password-reset/routes.js';
import { createPasswordResetService } from './flows/password-reset/service.js';
import { profileRoutes } from './flows/profile/routes.js';
import { createProfileService } from './flows/profile/service.js';
import { createSecurityHistoryRepository } from './flows/security-history/repository.js';
import { securityHistoryRoutes } from './flows/security-history/routes.js';
import { devOutboxRoutes } from './flows/dev-outbox/routes.js';
import { loginRoutes } from './flows/login/routes.js';
import { createLoginService } from './flows/login/service.js';
import { registrationRoutes } from './flows/registration/routes.js';
import { createRegistrationService } from './flows/registration/service.js';
import { sessionRoutes } from './flows/sessions/routes.js';
import { verificationRoutes } from './flows/verification/routes.js';
import { appsConsolePlugin } from './flows/apps/plugin.js';
import { openApiPlugin } from './flows/open-api/plugin.js';
import { createCertificationRepository } from './flows/certification/repository.js';
import { certificationRoutes } from './flows/certification/routes.js';
import { createCertificationService } from './flows/certification/service.js';
import { createUploads } from './flows/certification/uploads.js';
import { createReviewRepository } from './flows/review/repository.js';
import { reviewRoutes } from './flows/review/routes.js';
import { createReviewService } from './flows/review/service.js';
import { staffAuthRoutes } from './flows/staff-auth/routes.js';
import { createStaffAuthService } from './flows/staff-auth/service.js';
import { createVerificationService } from './flows/verification/service.js';

export interface AppDeps {
  config: Config;
  db: Db;
  redis: Redis | null;
  clock?: Clock;
  /** Keeps limiter keys of tests (or deployments) sharing one Redis apart. */
  limiterPrefix?: string;
  /** Where log lines go (stdout by default); tests read them to prove what is never logged. */
  logStream?: { write(line: string): void };
}

/** Builds the server: platform pieces, then the flows. No rules live here. */
export async function buildApp({
  config,
  db,
  redis,
  clock = systemClock,
  limiterPrefix = 'devplat',
  logStream,
}: AppDeps) {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // Secrets never reach the log (STYLE, SECURITY 10): cookies and bodies are not logged at all.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: 64 * 1024,
    frameworkErrors,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Platform
  const limiter = createLimiterFactory(redis, limiterPrefix);
  const audit = createAudit(db, clock);
  const vault = createVault(config.dataKeys, config.dataKeyId);
  // Messaging: the durable outbox and the worker of this node (stopped when the app closes).
  const messaging = createMessaging({ config, db, clock, vault, audit, log: (d, m) => app.log.error(d, m) });
  const { messenger, devOutbox: outbox } = messaging;
  app.addHook('onReady', async () => messaging.worker.start());
  app.addHook('onClose', async () => messaging.worker.stop(config.messageSendTimeoutMs + 1000));
  const accounts = createAccountsRepository();
  const passwords = createPasswords({ minLength: config.passwordMinLength });
  const sessions = createSessions({
    db,
    clock,
    idleSeconds: config.sessionIdleSeconds,
    absoluteSeconds: config.sessionAbsoluteSeconds,
    staffIdleSeconds: config.staffSessionIdleSeconds,
    staffAbsoluteSeconds: config.staffSessionAbsoluteSeconds,
  });
  const tickets = createTickets({ db, clock });
  const updatePassword = createPasswordUpdater({ db, clock, accounts, passwords, sessions, messenger, audit });
  const uploads = createUploads({ db, clock, vault });
  const certificationRepo = createCertificationRepository();
  const staffAuth = createStaffAuthService({ db, clock, accounts, sessions, vault, audit });
  const codes = createCodesService({
    db,
    repo: createCodesRepository(),
    clock,
    secret: config.secret,
    ttlSeconds: config.codeTtlSeconds,
    messenger,
    ipLimiter: limiter('code-sends-ip', config.codeSendsPerIpHour, 3600),
    allowedRegions: config.sms.allowedRegions,
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.https ? [] : null,
      },
    },
    hsts: config.https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  registerErrorHandling(app);
  registerInputGuard(app);
  registerGuard(app, { sessions, publicOrigin: new URL(config.publicUrl).origin, https: config.https });
  app.addSchema(ErrorSchema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'AIoT developer account platform API', version: '1.0.0' },
      servers: [{ url: config.publicUrl }],
    },
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  // Flows
  const sessionSeconds = config.sessionAbsoluteSeconds;
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { public: true } }, async () => app.swagger());
      await api.register(verificationRoutes, { service: createVerificationService({ db, accounts, codes }) });
      await api.register(registrationRoutes, {
        service: createRegistrationService({ db, clock, accounts, codes, passwords, sessions, audit }),
        https: config.https,
        sessionSeconds,
      });
      await api.register(loginRoutes, {
        service: createLoginService({
          db,
          clock,
          accounts,
          passwords,
          sessions,
          audit,
          ipFailures: limiter('login-failures-ip', config.loginFailuresPerIpHour, 3600),
        }),
        https: config.https,
        cookieSeconds: sessions.cookieSeconds,
      });
      await api.register(sessionRoutes, {
        sessions,
        audit,
        https: config.https,
        db,
        entitlements: config.entitlements,
        mfaStep: staffAuth.step,
      });
      await api.register(passwordResetRoutes, {
        service: createPasswordResetService({ db, accounts, codes, tickets, updatePassword, audit }),
      });
      await api.register(passwordChangeRoutes, {
        service: createPasswordChangeService({ db, clock, accounts, passwords, updatePassword, audit }),
      });
      await api.register(contactChangeRoutes, {
        service: createContactChangeService({ db, clock, accounts, codes, tickets, messenger, audit }),
      });
      await api.register(profileRoutes, { service: createProfileService({ db, clock, accounts, audit }) });
      await api.register(securityHistoryRoutes, { history: createSecurityHistoryRepository(db) });
      if (outbox) await api.register(devOutboxRoutes, { outbox, messenger });
      await api.register(staffAuthRoutes, { service: staffAuth });
      await api.register(certificationRoutes, {
        service: createCertificationService({ db, clock, config, repo: certificationRepo, uploads, vault, audit }),
        uploads,
      });
      await api.register(reviewRoutes, {
        service: createReviewService({
          db,
          clock,
          repo: createReviewRepository(db),
          certifications: certificationRepo,
          sessions,
          vault,
          messenger,
          audit,
        }),
        uploads,
      });
      await api.register(messagesRoutes, { outbox: messaging.repo, db });
      await api.register(appsConsolePlugin, {
        db,
        clock,
        vault,
        audit,
        config,
      });
    },
    { prefix: '/api/v1' },
  );

  // The signed open API for apps, outside /api: its own authentication, no session.
  await app.register(openApiPlugin, {
    prefix: '/open/v1',
    db,
    redis,
    clock,
    vault,
    config,
    keyPrefix: limiterPrefix,
  });

  await registerWeb(app, config.webDist);
  return { app, messenger, messaging };
}
