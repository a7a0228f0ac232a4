import { PASSWORD_POLICY } from '@devplat/common';
import { describe, expect, it } from 'vitest';
import { startTestApp } from './harness.js';

describe('GET /api/v1/settings', () => {
  it('reports the configured password minimum and code lifetime to anyone, signed in or not', async () => {
    const t = await startTestApp({ env: { PASSWORD_MIN_LENGTH: '12', CODE_TTL_SECONDS: '120' } });
    try {
      const res = await t.request({ url: '/api/v1/settings' });
      expect(res.statusCode).toBe(200);
      const settings = res.json();
      // The default profile (nist): no character classes, no history, no expiry (issue 15 point 6).
      expect(settings.securityProfile).toBe('nist');
      expect(settings.password).toEqual({
        minLength: 12,
        maxLength: PASSWORD_POLICY.max,
        minClasses: 0,
        historySize: 0,
        maxAgeDays: null,
      });
      expect(settings.verificationCode).toEqual({ length: 6, ttlSeconds: 120, resendCooldownSeconds: 60 });
      expect(settings.fieldLimits.appName.max).toBe(50);
      expect(settings.fieldLimits.certification.rejectReason.max).toBe(256);
    } finally {
      await t.close();
    }
  });

  it('the configured minimum is the one the server enforces', async () => {
    const t = await startTestApp({ env: { PASSWORD_MIN_LENGTH: '12' } });
    try {
      const { cookie } = await t.register();
      const res = await t.request({
        method: 'PUT',
        url: '/api/v1/me/password',
        cookie,
        body: { currentPassword: 'violet-otter-harbour-42', newPassword: 'short-pw-11' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'password.too_short', details: { min: 12 } });
    } finally {
      await t.close();
    }
  });

  it('says whether SMS can be sent: true with a provider (the dev outbox here), false with SMS_PROVIDERS=none', async () => {
    for (const [env, sms] of [
      [{}, true],
      [{ SMS_PROVIDERS: 'none' }, false],
    ] as const) {
      const t = await startTestApp({ env });
      try {
        expect((await t.request({ url: '/api/v1/settings' })).json().smsAvailable).toBe(sms);
      } finally {
        await t.close();
      }
    }
  });

  it('says whether code requests may need the proof-of-work challenge (CODE_CHALLENGE off or not)', async () => {
    for (const [mode, on] of [
      ['always', true],
      ['after:3', true],
      ['off', false],
    ] as const) {
      const t = await startTestApp({ env: { CODE_CHALLENGE: mode } });
      try {
        expect((await t.request({ url: '/api/v1/settings' })).json().codeChallenge).toBe(on);
      } finally {
        await t.close();
      }
    }
  });
});
