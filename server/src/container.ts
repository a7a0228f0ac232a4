import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createAccountsRepository } from './platform/accounts-repository.js';
import { createAuditRepository } from './platform/audit-repository.js';
import { createAudit } from './platform/audit.js';
import { createCertificationStatusRepository } from './platform/certification-status-repository.js';
import { createCertificationStatus } from './platform/certification-status.js';
import { createUsedChallengesRepository } from './platform/challenge/repository.js';
import { createChallenges, createCodeChallengeCheck } from './platform/challenge/service.js';
import { createUsedChallenges } from './platform/challenge/store.js';
import type { Clock } from './platform/clock.js';
import { createCodesRepository } from './platform/codes/repository.js';
import { createCodesService } from './platform/codes/service.js';
import { createHealthRepository } from './platform/db/health-repository.js';
import type { Db } from './platform/db/index.js';
import { createReadiness } from './platform/http/health.js';
import { createLimiterFactory } from './platform/limits.js';
import { createMaintenance, maintenanceTasks, type MaintenanceLog } from './platform/maintenance/index.js';
import { createMaintenanceRepository } from './platform/maintenance/repository.js';
import { createMessaging } from './platform/messaging/setup.js';
import { createMetrics } from './platform/metrics.js';
import { createLoginFailuresRepository } from './platform/login-failures-repository.js';
import { createLoginFailures } from './platform/login-failures.js';
import { createPasswordHistoryRepository } from './platform/password-history-repository.js';
import { createPasswordUpdater } from './platform/password-update.js';
import { createKnownDevicesRepository } from './platform/known-devices-repository.js';
import { createKnownDevices } from './platform/known-devices.js';
import { PROFILE_RULES } from './platform/security-profile.js';
import { createPasswords, type Argon2Cost } from './platform/passwords.js';
import { createSessions } from './platform/sessions/index.js';
import { createSessionsRepository } from './platform/sessions/repository.js';
import { createTicketsRepository } from './platform/tickets-repository.js';
import { createTickets } from './platform/tickets.js';
import { createTotp } from './platform/totp.js';
import { createVault } from './platform/vault.js';
import { createErasure } from './flows/account-deletion/erase.js';
import { createDeletionRepository } from './flows/account-deletion/repository.js';
import { createDeletionService, createPendingDeletionGate } from './flows/account-deletion/service.js';
import { createAppsRepository } from './flows/apps/repository.js';
import { createAuditExportRepository } from './flows/audit-export/repository.js';
import { createAuditExportService } from './flows/audit-export/service.js';
import { createAppsService } from './flows/apps/service.js';
import { createCertificationRepository } from './flows/certification/repository.js';
import { createCertificationService } from './flows/certification/service.js';
import { createUploadsRepository } from './flows/certification/uploads-repository.js';
import { createUploads } from './flows/certification/uploads.js';
import { createContactChangeService } from './flows/contact-change/service.js';
import { createDataExportRepository } from './flows/data-export/repository.js';
import { createDataExportService } from './flows/data-export/service.js';
import { createDevicesRepository } from './flows/devices/repository.js';
import { createDevicesService } from './flows/devices/service.js';
import { createSecondStepService } from './flows/login/second-step.js';
import { createLoginRepository } from './flows/login/repository.js';
import { createLoginService, createSessionStarter } from './flows/login/service.js';
import { createOpenApiAuth, MAX_SKEW_SECONDS } from './flows/open-api/auth.js';
import { createNoncesRepository } from './flows/open-api/nonces-repository.js';
import { createNonceStore } from './flows/open-api/nonces.js';
import { createPasswordChangeService } from './flows/password-change/service.js';
import { createPasswordResetService } from './flows/password-reset/service.js';
import { createProfileService } from './flows/profile/service.js';
import { createRegistrationService } from './flows/registration/service.js';
import { createReviewRepository } from './flows/review/repository.js';
import { createMessagesService } from './flows/review/messages-service.js';
import { createReviewService } from './flows/review/service.js';
import { createPasskeys, PASSKEY_OPTIONS_PER_IP_MINUTE } from './flows/second-factor/passkeys.js';
import { createSecondFactorRepository } from './flows/second-factor/repository.js';
import { createSecondFactorService } from './flows/second-factor/service.js';
import { createOverviewRepository } from './flows/review/overview-repository.js';
import { createOverviewService } from './flows/review/overview.js';
import { createSecurityHistoryRepository } from './flows/security-history/repository.js';
import { createSecurityHistoryService } from './flows/security-history/service.js';
import { createMeService } from './flows/sessions/service.js';
import { createStaffAuthService } from './flows/staff-auth/service.js';
import { createPublicCodeDelivery } from './flows/verification/delivery.js';
import { createVerificationService } from './flows/verification/service.js';

export interface ContainerDeps {
  config: Config;
  db: Db;
  redis: Redis | null;
  clock: Clock;
  /** Prefix of limiter and nonce keys in a shared Redis. */
  keyPrefix: string;
  /** The server's error log (failed message deliveries and other background work). */
  logError: (details: Record<string, unknown>, message: string) => void;
  /** Issues verification codes (the CSPRNG by default); see AppDeps.codeGenerator. */
  codeGenerator?: () => string;
  /** Tests only: see AppDeps.argon2Cost. */
  argon2Cost?: Argon2Cost;
  /** Where the maintenance job logs its passes (the server's log). */
  log: MaintenanceLog;
  /** One of several workers of this host (WORKERS > 1): host-wide counters live in the primary. */
  clusterWorker?: boolean;
}

/**
 * The composition root: every repository and service of the server, each built once, here and
 * nowhere else (as Logto's `tenants/Libraries.ts`). Routes receive what they need from it;
 * `app.ts` only registers plugins and routes.
 */
export function createContainer({
  config,
  db,
  redis,
  clock,
  keyPrefix,
  logError,
  codeGenerator,
  argon2Cost,
  log,
  clusterWorker = false,
}: ContainerDeps) {
  // Repositories: SQL only.
  const repos = {
    accounts: createAccountsRepository(),
    audit: createAuditRepository(),
    certificationStatus: createCertificationStatusRepository(),
    codes: createCodesRepository(),
    health: createHealthRepository(),
    sessions: createSessionsRepository(),
    tickets: createTicketsRepository(),
    apps: createAppsRepository(),
    certifications: createCertificationRepository(),
    uploads: createUploadsRepository(),
    devices: createDevicesRepository(),
    nonces: createNoncesRepository(),
    review: createReviewRepository(db),
    reviewOverview: createOverviewRepository(db),
    securityHistory: createSecurityHistoryRepository(db),
    secondFactor: createSecondFactorRepository(),
    maintenance: createMaintenanceRepository(),
    usedChallenges: createUsedChallengesRepository(),
    login: createLoginRepository(),
    deletions: createDeletionRepository(),
    knownDevices: createKnownDevicesRepository(),
    dataExport: createDataExportRepository(),
    loginFailures: createLoginFailuresRepository(),
    passwordHistory: createPasswordHistoryRepository(),
    auditExport: createAuditExportRepository(),
  };
  // SECURITY_PROFILE: nist (default) or mlps; what each changes is PROFILE_RULES.
  const rules = PROFILE_RULES[config.securityProfile];
  const { throttle } = rules;
  const { accounts } = repos;

  // Platform services shared by the flows.
  const metrics = createMetrics({ poolStats: db.poolStats });
  // Redis down: the code-send and failed-log-in caps per IP go on in this node's memory (their
  // per-account and per-target rules live in PostgreSQL and hold anyway); docs/decisions.md.
  const limiter = createLimiterFactory(redis, keyPrefix, {
    onRedisState: (state, details) =>
      state === 'down'
        ? logError({ ...details, dependency: 'redis' }, 'Redis unreachable: limiter falls back (per node)')
        : logError({ ...details, dependency: 'redis' }, 'Redis reachable again: limiter back on Redis'),
    onFallback: (name) => metrics.limiterFallbacks.inc({ limiter: name }),
    clusterWorker,
  });
  const audit = createAudit({ db, repo: repos.audit, clock });
  const vault = createVault(config.dataKeys, config.dataKeyId);
  // Messaging: the durable outbox, its providers and this node's worker (started and stopped by app.ts).
  // Who a public code goes to is decided by the worker at delivery, after the answer (SECURITY 13).
  const resolve = createPublicCodeDelivery({ db, accounts, codes: repos.codes, clock });
  const messaging = createMessaging({ config, db, clock, vault, audit, log: logError, metrics, resolve });
  const { messenger } = messaging;
  const passwords = createPasswords({
    minLength: config.passwordMinLength,
    minClasses: rules.passwordMinClasses,
    // One thread of libuv's pool stays free for file reads and DNS during a burst of log-ins.
    concurrency: config.argon2Concurrency,
    onQueued: (seconds) => metrics.argon2Queue.observe(seconds),
    cost: argon2Cost,
  });
  const sessions = createSessions({
    db,
    repo: repos.sessions,
    clock,
    idleSeconds: config.sessionIdleSeconds,
    absoluteSeconds: config.sessionAbsoluteSeconds,
    staffIdleSeconds: config.staffSessionIdleSeconds,
    staffAbsoluteSeconds: config.staffSessionAbsoluteSeconds,
  });
  const tickets = createTickets({ db, repo: repos.tickets, clock });
  const loginFailures = createLoginFailures({ repo: repos.loginFailures, secret: config.secret });
  const updatePassword = createPasswordUpdater({
    db,
    clock,
    accounts,
    passwords,
    sessions,
    messenger,
    audit,
    loginFailures,
    history: repos.passwordHistory,
    historySize: rules.passwordHistory,
  });
  const uploads = createUploads({ db, repo: repos.uploads, clock, vault });
  const certificationStatus = createCertificationStatus(repos.certificationStatus);
  // The proof-of-work challenge (CODE_CHALLENGE) before sign-up and reset code sends, and over
  // the per-IP log-in failure cap.
  const challenges = createChallenges({
    secret: config.secret,
    clock,
    maxNumber: config.codeChallenge.maxNumber,
    used: createUsedChallenges({ redis, db, repo: repos.usedChallenges, clock, prefix: keyPrefix }),
  });
  const codes = createCodesService({
    db,
    repo: repos.codes,
    clock,
    secret: config.secret,
    ttlSeconds: config.codeTtlSeconds,
    messenger,
    ipLimiter: limiter('code-sends-ip', config.codeSendsPerIpHour, 3600, 'memory'),
    allowedRegions: config.sms.allowedRegions,
    generate: codeGenerator,
    metrics,
    beforeSend: createCodeChallengeCheck({
      mode: config.codeChallenge.mode,
      challenges,
      freeSends:
        config.codeChallenge.mode === 'after'
          ? limiter('code-challenge-free-ip', config.codeChallenge.freeSendsPerIpHour, 3600)
          : null,
    }),
  });

  // Flow services.
  const passwordChange = createPasswordChangeService({
    db,
    clock,
    accounts,
    passwords,
    updatePassword,
    audit,
    throttle,
  });
  const totp = createTotp({ accounts, vault, throttle });
  const passkeys = createPasskeys({
    db,
    clock,
    repo: repos.secondFactor,
    audit,
    publicUrl: config.publicUrl,
    rpName: 'AIoT Developer Platform',
  });
  const secondFactor = createSecondFactorService({
    db,
    clock,
    secret: config.secret,
    accounts,
    repo: repos.secondFactor,
    passwords,
    totp,
    passkeys,
    audit,
    throttle,
    passMfa: sessions.passMfa,
  });
  const knownDevices = createKnownDevices({ repo: repos.knownDevices, messenger, publicUrl: config.publicUrl });
  const startSession = createSessionStarter({
    db,
    repo: repos.login,
    sessions,
    audit,
    pendingDeletion: createPendingDeletionGate({ repo: repos.deletions, tickets, audit }),
    knownDevices,
    messenger,
    loginFailures,
  });
  // The final erase of a deleted account: by the maintenance pass, or by an admin at once.
  const erasure = createErasure({ db, clock, repo: repos.deletions, audit });
  const staffAuth = createStaffAuthService({
    db,
    clock,
    accounts,
    sessions,
    totp,
    passkeys,
    audit,
    changePassword: passwordChange.change,
  });
  const devices = createDevicesService({
    db,
    clock,
    repo: repos.devices,
    entitlements: config.entitlements,
    certificationStatus,
  });
  const services = {
    verification: createVerificationService({ codes }),
    registration: createRegistrationService({ db, clock, accounts, codes, passwords, sessions, audit, knownDevices }),
    login: createLoginService({
      db,
      repo: repos.login,
      clock,
      accounts,
      passwords,
      audit,
      tickets,
      secondFactor,
      startSession,
      ipFailures: limiter('login-failures-ip', config.loginFailuresPerIpHour, 3600, 'memory'),
      metrics,
      challenges,
      loginFailures,
      throttle,
      passwordMaxAgeDays: config.passwordMaxAgeDays,
      mustEnrolSecondFactor: rules.secondFactorForEnterprise
        ? async (account) => {
            if (account.role !== 'developer' || account.totp_enabled_at) return false;
            const status = await certificationStatus(db, account.id);
            return status.state === 'approved' && status.type === 'enterprise';
          }
        : undefined,
    }),
    secondStep: createSecondStepService({
      db,
      accounts,
      tickets,
      secondFactor,
      passkeys,
      startSession,
      audit,
      optionsPerIp: limiter('passkey-options-ip', PASSKEY_OPTIONS_PER_IP_MINUTE, 60),
    }),
    secondFactor,
    passkeys,
    me: createMeService({ entitlements: config.entitlements, mfaStep: staffAuth.step }),
    passwordReset: createPasswordResetService({ db, accounts, codes, tickets, updatePassword, audit }),
    passwordChange,
    auditExport: createAuditExportService({ db, repo: repos.auditExport, audit }),
    contactChange: createContactChangeService({ db, clock, accounts, codes, tickets, messenger, audit }),
    profile: createProfileService({ db, clock, accounts, audit }),
    securityHistory: createSecurityHistoryService({ repo: repos.securityHistory }),
    staffAuth,
    certification: createCertificationService({
      db,
      clock,
      config,
      repo: repos.certifications,
      uploads,
      vault,
      audit,
      certificationStatus,
    }),
    reviewOverview: createOverviewService({ clock, repo: repos.reviewOverview }),
    review: createReviewService({
      db,
      clock,
      repo: repos.review,
      certifications: repos.certifications,
      sessions,
      vault,
      messenger,
      audit,
    }),
    apps: createAppsService({
      db,
      clock,
      vault,
      audit,
      repo: repos.apps,
      quota: repos.devices,
      certificationStatus,
    }),
    messages: createMessagesService({ db, repo: messaging.repo }),
    deletion: createDeletionService({
      db,
      clock,
      accounts,
      repo: repos.deletions,
      passwords,
      secondFactor,
      codes,
      sessions,
      tickets,
      startSession,
      erasure,
      audit,
    }),
    dataExport: createDataExportService({
      db,
      clock,
      accounts,
      passwords,
      secondFactor,
      secret: config.secret,
      vault,
      audit,
      knownDevices,
      repo: repos.dataExport,
    }),
    devices,
    openApiAuth: createOpenApiAuth({
      db,
      clock,
      vault,
      apps: repos.apps,
      nonces: createNonceStore({
        db,
        repo: repos.nonces,
        clock,
        // A nonce must be remembered as long as its timestamp can pass the ±skew check.
        ttlSeconds: 2 * MAX_SKEW_SECONDS,
      }),
    }),
  };

  return {
    repos,
    /** Failed log-ins per account and per typed identifier (keyed counters; tests read the keys). */
    loginFailures,
    messenger,
    messaging,
    challenges,
    /** The dev outbox, when it is a provider (never in production). */
    outbox: messaging.devOutbox,
    audit,
    sessions,
    uploads,
    services,
    /** Prometheus series; other parts bump theirs, e.g. `metrics.messages.inc({ provider, status })`. */
    metrics,
    /** Readiness (`/readyz`): the database and Redis answer, and the node is not draining. */
    readiness: createReadiness({ database: () => repos.health.ping(db) }),
    /** Redis as readiness reports it: degraded while unreachable (the node still serves). */
    redisState: (): 'ok' | 'degraded' | 'absent' => (redis ? (redis.status === 'ready' ? 'ok' : 'degraded') : 'absent'),
    /** The periodic clean-up (started by main.ts; `npm run maintenance` runs one pass). */
    maintenance: createMaintenance({
      tasks: maintenanceTasks({
        db,
        repo: repos.maintenance,
        settings: config.maintenance,
        eraseDue: erasure.eraseDue,
      }),
      clock,
      settings: config.maintenance,
      metrics,
      log,
    }),
  };
}

export type Container = ReturnType<typeof createContainer>;
