import { CODE_LIMITS, FIELD_LIMITS, PASSWORD_POLICY } from '@devplat/common';
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import { errors } from '../../platform/http/schemas.js';
import { PROFILE_RULES } from '../../platform/security-profile.js';

const Range = Type.Object({ min: Type.Integer(), max: Type.Integer() });

/** What the console needs to say the same as the server: the configured policy values. */
export const SettingsSchema = Type.Object(
  {
    securityProfile: Type.Union([Type.Literal('nist'), Type.Literal('mlps')], {
      description: 'SECURITY_PROFILE: nist (NIST SP 800-63B, the default) or mlps (MLPS 2.0 level 3)',
    }),
    password: Type.Object({
      minLength: Type.Integer({ description: 'PASSWORD_MIN_LENGTH, in code points' }),
      maxLength: Type.Integer(),
      minClasses: Type.Integer({
        description: 'Character classes (upper, lower, digit, other) a password needs: 3 under mlps, 0 under nist',
      }),
      historySize: Type.Integer({
        description: 'Recent passwords a new one may not repeat: 5 under mlps, 0 under nist',
      }),
      maxAgeDays: Type.Union([Type.Integer(), Type.Null()], {
        description: 'PASSWORD_MAX_AGE_DAYS (mlps only); null: passwords do not expire',
      }),
    }),
    verificationCode: Type.Object({
      length: Type.Integer(),
      ttlSeconds: Type.Integer({ description: 'CODE_TTL_SECONDS' }),
      resendCooldownSeconds: Type.Integer(),
    }),
    fieldLimits: Type.Object({
      username: Range,
      appName: Range,
      appDescription: Range,
      reviewSearch: Range,
      certification: Type.Object({
        companyName: Range,
        address: Range,
        contactName: Range,
        realName: Range,
        rejectReason: Range,
        uploadBytes: Type.Integer(),
      }),
    }),
    smsAvailable: Type.Boolean({
      description: 'False with SMS_PROVIDERS=none: phone sign-up, phone codes and phone changes are off',
    }),
    codeChallenge: Type.Boolean({
      description:
        'CODE_CHALLENGE is not off: sign-up and reset code requests may need a solved proof-of-work challenge (GET /api/v1/challenges)',
    }),
  },
  { $id: 'Settings' },
);
export type Settings = Static<typeof SettingsSchema>;

/** The settings as this server is configured; the same for everyone, so public and cacheable. */
export function settingsOf(config: Config): Settings {
  const rules = PROFILE_RULES[config.securityProfile];
  return {
    securityProfile: config.securityProfile,
    password: {
      minLength: config.passwordMinLength,
      maxLength: PASSWORD_POLICY.max,
      minClasses: rules.passwordMinClasses,
      historySize: rules.passwordHistory,
      maxAgeDays: config.passwordMaxAgeDays,
    },
    verificationCode: {
      length: CODE_LIMITS.length,
      ttlSeconds: config.codeTtlSeconds,
      resendCooldownSeconds: CODE_LIMITS.resendCooldownSeconds,
    },
    fieldLimits: FIELD_LIMITS,
    // An SMS provider is configured (the dev outbox counts): SMS_PROVIDERS=none leaves the list empty.
    smsAvailable: config.sms.providers.length > 0,
    codeChallenge: config.codeChallenge.mode !== 'off',
  };
}

/** GET /api/v1/settings: the public policy values the console shows and checks against. */
export const settingsRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const settings = settingsOf(config);
  app.get(
    '/settings',
    {
      config: { public: true },
      schema: {
        tags: ['settings'],
        summary: 'The configured policy values (password length, code timing, field limits)',
        // 400: a request the input guard refuses before any route runs (e.g. a malformed query).
        response: { 200: SettingsSchema, ...errors(400) },
      },
    },
    async () => settings,
  );
};
