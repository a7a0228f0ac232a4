import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { Config } from '../../config.js';
import { cookieName } from './context.js';

/**
 * The stable name of every operation, so that generated clients (the console's among them) get
 * real names. Keys are `METHOD url` as the route is registered. A released name never changes;
 * a new route without an entry leaves its operation unnamed and `npm run lint:openapi` fails.
 */
export const OPERATION_IDS: Readonly<Record<string, string>> = {
  'GET /api/v1/settings': 'getSettings',
  'POST /api/v1/verification-codes': 'sendVerificationCode',
  'GET /api/v1/challenges': 'getChallenge',
  'POST /api/v1/accounts': 'register',
  'POST /api/v1/sessions': 'logIn',
  'GET /api/v1/me': 'getMe',
  'GET /api/v1/session': 'getSession',
  'PATCH /api/v1/me': 'updateProfile',
  'PUT /api/v1/me/locale': 'setMessageLocale',
  'DELETE /api/v1/sessions/current': 'logOut',
  'GET /api/v1/me/sessions': 'listSessions',
  'DELETE /api/v1/me/sessions': 'endOtherSessions',
  'DELETE /api/v1/me/sessions/:id': 'endSession',
  'POST /api/v1/password-reset/tickets': 'createPasswordResetTicket',
  'POST /api/v1/password-reset': 'resetPassword',
  'PUT /api/v1/me/password': 'changePassword',
  'POST /api/v1/me/contact-changes/:kind/current-code': 'sendCurrentContactCode',
  'POST /api/v1/me/contact-changes/:kind/tickets': 'createContactChangeTicket',
  'POST /api/v1/me/contact-changes/:kind/new-code': 'sendNewContactCode',
  'POST /api/v1/me/contact-changes/:kind/complete': 'completeContactChange',
  'GET /api/v1/me/security-events': 'listSecurityEvents',
  'POST /api/v1/me/data-export': 'startDataExport',
  'GET /api/v1/me/data-export': 'downloadDataExport',
  'GET /api/v1/dev/outbox': 'readDevOutbox',
  'POST /api/v1/sessions/current/totp/setup': 'setUpTotp',
  'POST /api/v1/sessions/current/totp': 'verifyTotp',
  'POST /api/v1/sessions/current/first-password': 'setFirstPassword',
  'POST /api/v1/sessions/current/passkey/options': 'staffPasskeyOptions',
  'POST /api/v1/sessions/current/passkey': 'verifyStaffPasskey',
  'POST /api/v1/sessions/second-factor/passkey-options': 'secondFactorPasskeyOptions',
  'POST /api/v1/sessions/second-factor': 'completeSecondFactor',
  'POST /api/v1/sessions/passkey/options': 'passkeyLoginOptions',
  'POST /api/v1/sessions/passkey': 'logInWithPasskey',
  'GET /api/v1/me/second-factors': 'getSecondFactors',
  'POST /api/v1/me/totp/setup': 'setUpDeveloperTotp',
  'POST /api/v1/me/totp/confirm': 'confirmDeveloperTotp',
  'POST /api/v1/me/totp/disable': 'disableDeveloperTotp',
  'POST /api/v1/me/recovery-codes': 'regenerateRecoveryCodes',
  'POST /api/v1/me/passkeys/options': 'passkeyRegistrationOptions',
  'POST /api/v1/me/passkeys': 'registerPasskey',
  'DELETE /api/v1/me/passkeys/:id': 'deletePasskey',
  'POST /api/v1/admin/accounts/:accountId/second-factors/reset': 'resetSecondFactors',
  'GET /api/v1/certification': 'getCertification',
  'PUT /api/v1/certification': 'submitCertification',
  'POST /api/v1/certification/uploads': 'uploadCertificationFile',
  'GET /api/v1/certification/files/:id': 'getCertificationFile',
  'GET /api/v1/admin/certifications': 'listReviewQueue',
  'GET /api/v1/admin/overview': 'getReviewOverview',
  'GET /api/v1/admin/certifications/:accountId': 'getReviewDetail',
  'POST /api/v1/admin/certifications/:accountId/reveal': 'revealIdentity',
  'POST /api/v1/admin/certifications/:accountId/decision': 'decideCertification',
  'GET /api/v1/admin/files/:id': 'getReviewFile',
  'GET /api/v1/admin/messages': 'listMessages',
  'GET /api/v1/admin/audit-events/export': 'exportAuditEvents',
  'POST /api/v1/admin/accounts/:accountId/disable': 'disableAccount',
  'POST /api/v1/admin/accounts/:accountId/enable': 'enableAccount',
  'POST /api/v1/me/deletion/code': 'sendDeletionCode',
  'POST /api/v1/me/deletion': 'requestAccountDeletion',
  'POST /api/v1/account-deletion/cancel': 'cancelAccountDeletion',
  'GET /api/v1/admin/deletions': 'listPendingDeletions',
  'POST /api/v1/admin/deletions/:id/erase': 'eraseAccountNow',
  'GET /api/v1/apps': 'listApps',
  'POST /api/v1/apps': 'createApp',
  'GET /api/v1/apps/:appId': 'getApp',
  'PATCH /api/v1/apps/:appId': 'updateApp',
  'DELETE /api/v1/apps/:appId': 'deleteApp',
  'GET /api/v1/apps/:appId/keys': 'listAppKeys',
  'POST /api/v1/apps/:appId/keys': 'createAppKey',
  'POST /api/v1/apps/:appId/keys/:keyId/disable': 'disableAppKey',
  'POST /api/v1/apps/:appId/keys/:keyId/enable': 'enableAppKey',
  'DELETE /api/v1/apps/:appId/keys/:keyId': 'deleteAppKey',
  'GET /api/v1/devices': 'listDevices',
  'GET /api/v1/devices/quota': 'getDeviceQuota',
  'DELETE /api/v1/devices/:deviceId': 'deleteDevice',
  'POST /open/v1/devices': 'openCreateDevice',
  'GET /open/v1/devices': 'openListDevices',
  'POST /open/v1/gateways': 'openCreateGateway',
  'GET /open/v1/devices/:deviceId': 'openGetDevice',
  'DELETE /open/v1/devices/:deviceId': 'openDeleteDevice',
};

/** The headers of a signed open-API request (docs/open-api.md); all five go together. */
const SIGNATURE_HEADERS = {
  appId: ['x-app-id', 'The app id (app_…)'],
  keyId: ['x-key-id', 'The key id (key_…) whose AppKey signed the request'],
  timestamp: ['x-timestamp', 'Unix seconds; at most 5 minutes from the server clock'],
  nonce: ['x-nonce', 'Unique per request within the replay window'],
  signature: ['x-signature', 'Hex HMAC-SHA256 of the canonical string under the AppKey'],
} as const;

/**
 * Routes whose answer is a file rather than JSON: their 2xx is documented here, since the
 * route's response schema cannot describe a stream.
 */
const FILE_RESPONSE = {
  description: 'The file as uploaded (JPEG, PNG or PDF)',
  content: {
    'image/jpeg': { schema: { type: 'string', format: 'binary' } },
    'image/png': { schema: { type: 'string', format: 'binary' } },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  },
};
const ZIP_RESPONSE = {
  description: 'A zip archive (attachment): data.json and the uploaded files under files/',
  content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
};
const FILE_ROUTES = new Map<string, object>([
  ['GET /api/v1/certification/files/:id', FILE_RESPONSE],
  ['GET /api/v1/admin/files/:id', FILE_RESPONSE],
  ['GET /api/v1/me/data-export', ZIP_RESPONSE],
]);

/**
 * The options of @fastify/swagger: the document's header, the security schemes, and a
 * `transform` that gives each operation its operationId, how it is authenticated (the session
 * cookie, the open API's signature, or nothing for `config.public` routes) and a 2xx answer.
 * The routes themselves stay as they are: this is the one place the document is shaped.
 */
export function openApiOptions(config: Config): FastifyDynamicSwaggerOptions {
  const signature = Object.fromEntries(Object.keys(SIGNATURE_HEADERS).map((name) => [name, []]));
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'AIoT developer account platform API',
        version: '1.0.0',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      // Relative: the document is served by the API itself, so its own origin is the server
      // (and a local PUBLIC_URL such as localhost is no address to publish).
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: cookieName(config.https),
            description: 'The HttpOnly session cookie set by log-in or sign-up',
          },
          ...Object.fromEntries(
            Object.entries(SIGNATURE_HEADERS).map(([name, [header, description]]) => [
              name,
              { type: 'apiKey', in: 'header', name: header, description },
            ]),
          ),
        },
      },
    },
    hideUntagged: true,
    // Shared schemas keep their $id as their name (Error, Settings), not def-0, def-1, ….
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const method = methods.find((m) => m !== 'HEAD') ?? methods[0];
      const key = `${method} ${url}`;
      const operationId = OPERATION_IDS[key];
      const security = url.startsWith('/open/')
        ? [signature]
        : (route.config as { public?: boolean } | undefined)?.public === true
          ? []
          : [{ session: [] }];
      const fileResponse = FILE_ROUTES.get(key);
      const response = fileResponse
        ? { 200: fileResponse, ...(schema?.response as object | undefined) }
        : schema?.response;
      return {
        url,
        schema: { ...schema, ...(operationId ? { operationId } : {}), security, response } as typeof schema,
      };
    },
  };
}
