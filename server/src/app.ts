import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createContainer, type Container } from './container.js';
import { systemClock, type Clock } from './platform/clock.js';
import { isClusterWorker } from './platform/cluster/index.js';
import type { Db } from './platform/db/index.js';
import type { Argon2Cost } from './platform/passwords.js';
import { frameworkErrors, registerErrorHandling, registerInputGuard } from './platform/http/errors.js';
import { capConnectionsPerIp, connectionOptions, registerClosingGuard } from './platform/http/connections.js';
import { registerGuard } from './platform/http/guard.js';
import { registerHealth } from './platform/http/health.js';
import { logSerializers, registerObservability, requestId } from './platform/http/observability.js';
import { openApiOptions } from './platform/http/openapi.js';
import { registerProxyWarning } from './platform/http/proxy-warning.js';
import { registerRateLimits } from './platform/http/rate-limit.js';
import { ErrorSchema } from './platform/http/schemas.js';
import { registerNoStore, registerSecurityHeaders } from './platform/http/security-headers.js';
import { schemaCompilers } from './platform/http/validation.js';
import { registerWeb } from './platform/http/web.js';
import { deletionRoutes } from './flows/account-deletion/routes.js';
import { keyRoutes } from './flows/apps/key-routes.js';
import { appRoutes } from './flows/apps/routes.js';
import { auditExportRoutes } from './flows/audit-export/routes.js';
import { certificationRoutes } from './flows/certification/routes.js';
import { contactChangeRoutes } from './flows/contact-change/routes.js';
import { devOutboxRoutes } from './flows/dev-outbox/routes.js';
import { dataExportRoutes } from './flows/data-export/routes.js';
import { deviceConsoleRoutes } from './flows/devices/routes.js';
import { loginRoutes } from './flows/login/routes.js';
import { secondStepRoutes } from './flows/login/second-step-routes.js';
import { openApiRoutes } from './flows/open-api/routes.js';
import { passwordChangeRoutes } from './flows/password-change/routes.js';
import { passwordResetRoutes } from './flows/password-reset/routes.js';
import { profileRoutes } from './flows/profile/routes.js';
import { registrationRoutes } from './flows/registration/routes.js';
import { messagesRoutes } from './flows/review/messages-routes.js';
import { overviewRoutes } from './flows/review/overview-routes.js';
import { reviewRoutes } from './flows/review/routes.js';
import { secondFactorRoutes } from './flows/second-factor/routes.js';
import { securityHistoryRoutes } from './flows/security-history/routes.js';
import { sessionRoutes } from './flows/sessions/routes.js';
import { settingsRoutes } from './flows/settings/routes.js';
import { staffAuthRoutes } from './flows/staff-auth/routes.js';
import { verificationRoutes } from './flows/verification/routes.js';

export interface AppDeps {
  config: Config;
  db: Db;
  redis: Redis | null;
  clock?: Clock;
  /** Keeps limiter keys of tests (or deployments) sharing one Redis apart. */
  limiterPrefix?: string;
  /** Where log lines go (stdout by default); tests read them to prove what is never logged. */
  logStream?: { write(line: string): void };
  /** Issues verification codes (the CSPRNG's 6 digits by default); tests inject a known sequence. */
  codeGenerator?: () => string;
  /**
   * Tests only: a cheaper argon2id for every hash of this server, real and dummy alike (the
   * suites hash thousands of passwords; the OWASP cost is tested on its own). Not a setting.
   */
  argon2Cost?: Argon2Cost;
  /** One of several workers on this host (default: whether this is a node:cluster worker). */
  clusterWorker?: boolean;
}

/**
 * Builds the server: the composition root (`container.ts`) builds every repository and service
 * once; this registers the plugins, then the flows' routes. No rules live here.
 */
export async function buildApp({
  config,
  db,
  redis,
  clock = systemClock,
  limiterPrefix = 'devplat',
  logStream,
  codeGenerator,
  argon2Cost,
  clusterWorker = isClusterWorker(),
}: AppDeps) {
  const compilers = schemaCompilers();
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // Secrets never reach the log (STYLE, SECURITY 10): cookies and bodies are not logged at all.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      // Paths without their query strings (personal data such as a searched phone number).
      serializers: logSerializers,
    },
    // "incoming request" / "request completed" only when asked for (LOG_REQUESTS): two log lines
    // per request cost more than a cheap request itself. Errors are logged either way (errors.ts).
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    // UUID request ids, an incoming X-Request-Id kept when it is one; `reqId` on every request log line.
    genReqId: requestId,
    requestIdHeader: false,
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: 64 * 1024,
    ...connectionOptions(config),
    frameworkErrors,
    // coerceTypes applies to query strings, params and headers only: JSON bodies are never coerced.
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
    schemaController: compilers.schemaController,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const container: Container = createContainer({
    config,
    db,
    redis,
    clock,
    keyPrefix: limiterPrefix,
    logError: (details, message) => app.log.error(details, message),
    codeGenerator,
    argon2Cost,
    log: app.log,
    clusterWorker,
  });
  const { services, sessions, audit, uploads, messenger, messaging, outbox } = container;
  // This node's outbox worker: claims due messages once the server is ready, drains on close.
  app.addHook('onReady', async () => messaging.worker.start());
  app.addHook('onClose', async () => messaging.worker.stop(config.messageSendTimeoutMs + 1000));

  // Platform
  capConnectionsPerIp(app.server, config.maxConnectionsPerIp);
  registerClosingGuard(app);
  registerProxyWarning(app, { trustedProxies: config.trustedProxies, clock });
  await app.register(cookie);
  // First of the hooks: every answer (refusals of the guard included) carries X-Request-Id and is timed.
  registerObservability(app, { metrics: container.metrics, token: config.metricsToken });
  registerSecurityHeaders(app, { https: config.https });
  registerNoStore(app);
  registerErrorHandling(app);
  registerInputGuard(app);
  await registerRateLimits(app, {
    limits: { perMinute: config.rateLimitPerMinute, sensitivePerMinute: config.rateLimitSensitivePerMinute },
    redis,
    prefix: limiterPrefix,
    clusterWorker,
  });
  registerGuard(app, { sessions, allowedOrigins: config.allowedOrigins, https: config.https });
  app.addSchema(ErrorSchema);

  await app.register(swagger, openApiOptions(config));
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerHealth(app, container.readiness, container.redisState);

  // Flows
  const https = config.https;
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { public: true } }, async () => app.swagger());
      await api.register(settingsRoutes, { config });
      await api.register(verificationRoutes, { service: services.verification, challenges: container.challenges });
      await api.register(registrationRoutes, {
        service: services.registration,
        https,
        sessionSeconds: config.sessionAbsoluteSeconds,
      });
      await api.register(loginRoutes, { service: services.login, https, cookieSeconds: sessions.cookieSeconds });
      await api.register(secondStepRoutes, {
        service: services.secondStep,
        https,
        cookieSeconds: sessions.cookieSeconds,
      });
      await api.register(secondFactorRoutes, { service: services.secondFactor, passkeys: services.passkeys });
      await api.register(sessionRoutes, { sessions, audit, https, me: services.me });
      await api.register(passwordResetRoutes, { service: services.passwordReset });
      await api.register(passwordChangeRoutes, { service: services.passwordChange });
      await api.register(contactChangeRoutes, { service: services.contactChange });
      await api.register(profileRoutes, { service: services.profile });
      await api.register(securityHistoryRoutes, { history: services.securityHistory });
      await api.register(deletionRoutes, { service: services.deletion, https, cookieSeconds: sessions.cookieSeconds });
      await api.register(dataExportRoutes, { service: services.dataExport });
      if (outbox) await api.register(devOutboxRoutes, { outbox, messenger });
      await api.register(staffAuthRoutes, { service: services.staffAuth });
      await api.register(certificationRoutes, { service: services.certification, uploads });
      await api.register(reviewRoutes, { service: services.review, uploads });
      await api.register(messagesRoutes, { service: services.messages });
      await api.register(auditExportRoutes, { service: services.auditExport });
      await api.register(overviewRoutes, { overview: services.reviewOverview });
      // App management in the console: apps, keys, devices, quota.
      await api.register(appRoutes, { service: services.apps });
      await api.register(keyRoutes, { service: services.apps });
      await api.register(deviceConsoleRoutes, { service: services.devices });
    },
    { prefix: '/api/v1' },
  );

  // The signed open API for apps, outside /api: its own authentication, no session.
  await app.register(openApiRoutes, {
    prefix: '/open/v1',
    auth: services.openApiAuth,
    devices: services.devices,
    perAppPerMinute: config.rateLimitOpenApiPerMinute,
  });

  await registerWeb(app, config.webDist);
  /** Compiles the route schemas no request has needed yet (platform/http/validation.ts); after listen. */
  const warmSchemas = compilers.warm;
  return { app, messenger, messaging, container, warmSchemas };
}
