import { ApiError, http, ok } from '../../api/client.js';
import type { Answer, RequestBody } from '../../api/types.js';

export type SecondFactors = Answer<'getSecondFactors'>;
export type Passkey = SecondFactors['passkeys'][number];
export type PendingLogin = Answer<'logIn', 202>;
export type TotpSecret = Answer<'setUpDeveloperTotp', 201>;
type RegistrationResponse = RequestBody<'registerPasskey'>['response'];
type AuthenticationResponse = RequestBody<'logInWithPasskey'>['response'];

/**
 * The browser's part of a passkey ceremony. A cancelled, timed-out or refused prompt is shown as
 * the server's `passkey.invalid`, so every form shows it as it shows any other error.
 */
async function ceremony<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, { code: 'passkey.invalid', message: '' });
  }
}

/**
 * The browser's passkey library, loaded with the first ceremony (not with the log-in page): each
 * caller starts it before asking the server for the options, so both arrive together.
 */
const webauthn = () => import('@simplewebauthn/browser');
type WebAuthn = ReturnType<typeof webauthn>;
type AssertionOptions = Parameters<Awaited<WebAuthn>['startAuthentication']>[0]['optionsJSON'];

/** The passkey answer in the shape the server's schema names (the browser library's own type is wider). */
const assertion = (library: WebAuthn, options: AssertionOptions) =>
  ceremony(async () => (await (await library).startAuthentication({ optionsJSON: options })) as AuthenticationResponse);

/** Two-factor and passkey calls: 安全设置, the log-in's second step, and the passkey log-in. */
export const secondFactorApi = {
  status: () => ok(http.GET('/api/v1/me/second-factors')),
  totpSetup: () => ok(http.POST('/api/v1/me/totp/setup')),
  totpConfirm: (code: string) => ok(http.POST('/api/v1/me/totp/confirm', { body: { code } })),
  totpDisable: (password: string, code: string) =>
    ok(http.POST('/api/v1/me/totp/disable', { body: { password, code } })),
  regenerateRecoveryCodes: (password: string) => ok(http.POST('/api/v1/me/recovery-codes', { body: { password } })),

  /** The browser's passkey ceremony between the server's options and the registration. */
  async addPasskey(name: string) {
    const library = webauthn();
    const optionsJSON = await ok(http.POST('/api/v1/me/passkeys/options'));
    const response = await ceremony(
      async () => (await (await library).startRegistration({ optionsJSON })) as RegistrationResponse,
    );
    return ok(http.POST('/api/v1/me/passkeys', { body: { name, response } }));
  },
  deletePasskey: (id: string) => ok(http.DELETE('/api/v1/me/passkeys/{id}', { params: { path: { id } } })),

  /** After the password: complete the pending log-in with a code, a recovery code or a passkey. */
  secondStep: (pendingToken: string, proof: { code?: string; recoveryCode?: string }) =>
    ok(http.POST('/api/v1/sessions/second-factor', { body: { pendingToken, ...proof } })),
  async secondStepPasskey(pendingToken: string) {
    const library = webauthn();
    const options = await ok(http.POST('/api/v1/sessions/second-factor/passkey-options', { body: { pendingToken } }));
    const passkey = await assertion(library, options);
    return ok(http.POST('/api/v1/sessions/second-factor', { body: { pendingToken, passkey } }));
  },

  /** 使用通行密钥登录: discoverable, so no account is named first. */
  async logInWithPasskey() {
    const library = webauthn();
    const options = await ok(http.POST('/api/v1/sessions/passkey/options'));
    const response = await assertion(library, options);
    return ok(http.POST('/api/v1/sessions/passkey', { body: { response } }));
  },

  /** Staff: a passkey as the second factor of the half-open session. */
  async staffPasskey() {
    const library = webauthn();
    const options = await ok(http.POST('/api/v1/sessions/current/passkey/options'));
    const response = await assertion(library, options);
    return ok(http.POST('/api/v1/sessions/current/passkey', { body: { response } }));
  },

  /** Admins: remove a developer's second factors after checking the certification identity. */
  adminReset: (accountId: string, identity: string) =>
    ok(
      http.POST('/api/v1/admin/accounts/{accountId}/second-factors/reset', {
        params: { path: { accountId } },
        body: { identity },
      }),
    ),
};
