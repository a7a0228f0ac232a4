/**
 * Names for the API's bodies, all taken from the generated schema.d.ts (the served OpenAPI
 * document, itself generated from the server's TypeBox schemas): no hand-written copies.
 */
import type { operations } from './schema.js';

type Responses<O extends keyof operations> = operations[O]['responses'];
/** The JSON body of operation O's answer with status S. */
export type Answer<
  O extends keyof operations,
  S extends keyof Responses<O> = 200 & keyof Responses<O>,
> = Responses<O>[S] extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON body operation O takes. */
export type RequestBody<O extends keyof operations> = operations[O] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

/** GET /me: the account, its certification status and entitlements. */
export type MeWithCertification = Answer<'getMe'>;
/**
 * The signed-in account as the console keeps it: log-in and the account-security answers give
 * the account (with `mfa` for staff who still owe their TOTP); GET /me adds the certification.
 */
export type Me = Answer<'logIn'> & Partial<Pick<MeWithCertification, 'certification' | 'entitlements'>>;
export type CertificationStatus = MeWithCertification['certification'];
export type Entitlements = NonNullable<MeWithCertification['entitlements']>;
export type Settings = Answer<'getSettings'>;

export type CodeSent = Answer<'sendVerificationCode', 202>;
export type CurrentCodeSent = Answer<'sendCurrentContactCode', 202>;
export type Ticket = Answer<'createPasswordResetTicket', 201>;
export type TotpSetup = Answer<'setUpTotp', 201>;
export type SessionInfo = Answer<'listSessions'>['sessions'][number];
export type SecurityEventPage = Answer<'listSecurityEvents'>;
export type SecurityEvent = SecurityEventPage['items'][number];
export type ContactKind = operations['sendCurrentContactCode']['parameters']['path']['kind'];
export type RegisterBody = RequestBody<'register'>;

export type CertificationView = Answer<'getCertification'>;
export type CertificationSubmit = RequestBody<'submitCertification'>;
export type UploadedFile = Answer<'uploadCertificationFile', 201>;
export type QueuePage = Answer<'listReviewQueue'>;
export type QueueItem = QueuePage['items'][number];
export type QueueQuery = operations['listReviewQueue']['parameters']['query'];
export type ReviewDetail = Answer<'getReviewDetail'>;
export type DecisionBody = RequestBody<'decideCertification'>;

export type AppInfo = Answer<'getApp'>;
export type AppFields = RequestBody<'createApp'>;
export type NewApp = Answer<'createApp', 201>;
export type KeyInfo = Answer<'listAppKeys'>['keys'][number];
/** A key as created: the only answer that carries the AppKey. */
export type NewKey = Answer<'createAppKey', 201>;
export type DevicePage = Answer<'listDevices'>;
export type Device = DevicePage['items'][number];
/** Devices in use (sub-devices included) and the cap; null: no cap (enterprise). */
export type Quota = Answer<'getDeviceQuota'>;
/** One submission as its owner or a reviewer sees it (ID numbers masked). */
export type Submission = NonNullable<CertificationView['current']>;

/** GET /admin/messages (admins): one outbox message, recipient masked, no params. */
export type MessageItem = Answer<'listMessages'>['items'][number];
export type MessageStatus = NonNullable<NonNullable<operations['listMessages']['parameters']['query']>['status']>;
