import { Type, type Static } from 'typebox';

const B64 = Type.String({ minLength: 1, maxLength: 16_384, pattern: '^[A-Za-z0-9_-]+={0,2}$' });
const Transports = Type.Array(
  Type.Union([
    Type.Literal('ble'),
    Type.Literal('cable'),
    Type.Literal('hybrid'),
    Type.Literal('internal'),
    Type.Literal('nfc'),
    Type.Literal('smart-card'),
    Type.Literal('usb'),
  ]),
  { maxItems: 8 },
);
const Descriptor = Type.Object({
  id: Type.String(),
  type: Type.Literal('public-key'),
  transports: Type.Optional(Transports),
});

const Requirement = Type.Union([Type.Literal('required'), Type.Literal('preferred'), Type.Literal('discouraged')]);
const Hints = Type.Array(
  Type.Union([Type.Literal('hybrid'), Type.Literal('security-key'), Type.Literal('client-device')]),
);

/** A passkey as the console lists it (never its key material). */
export const PasskeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const SecondFactorStatusSchema = Type.Object({
  totp: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
  passkeys: Type.Array(PasskeySchema),
});

export const RecoveryCodesSchema = Type.Object({
  /** Shown once: only their HMAC is kept. */
  recoveryCodes: Type.Array(Type.String()),
});

export const TotpCodeField = Type.String({ minLength: 1, maxLength: 16 });
export const RecoveryCodeField = Type.String({ minLength: 1, maxLength: 32 });

/** PublicKeyCredentialCreationOptionsJSON, as @simplewebauthn/server makes it. */
export const RegistrationOptionsSchema = Type.Object({
  challenge: Type.String(),
  rp: Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) }),
  user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
  pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Integer(), type: Type.Literal('public-key') })),
  timeout: Type.Optional(Type.Integer()),
  excludeCredentials: Type.Optional(Type.Array(Descriptor)),
  authenticatorSelection: Type.Optional(
    Type.Object({
      authenticatorAttachment: Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])),
      residentKey: Type.Optional(Requirement),
      requireResidentKey: Type.Optional(Type.Boolean()),
      userVerification: Type.Optional(Requirement),
    }),
  ),
  attestation: Type.Optional(
    Type.Union([Type.Literal('direct'), Type.Literal('enterprise'), Type.Literal('indirect'), Type.Literal('none')]),
  ),
  hints: Type.Optional(Hints),
  extensions: Type.Optional(Type.Object({ credProps: Type.Optional(Type.Boolean()) })),
});

/** PublicKeyCredentialRequestOptionsJSON. */
export const AuthenticationOptionsSchema = Type.Object({
  challenge: Type.String(),
  timeout: Type.Optional(Type.Integer()),
  rpId: Type.Optional(Type.String()),
  allowCredentials: Type.Optional(Type.Array(Descriptor)),
  userVerification: Type.Optional(Requirement),
  hints: Type.Optional(Hints),
});

const credentialFields = {
  id: B64,
  rawId: B64,
  type: Type.Literal('public-key'),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])),
  clientExtensionResults: Type.Object({}),
};

/** RegistrationResponseJSON from @simplewebauthn/browser's startRegistration(). */
export const RegistrationResponseSchema = Type.Object({
  ...credentialFields,
  response: Type.Object({
    clientDataJSON: B64,
    attestationObject: B64,
    authenticatorData: Type.Optional(B64),
    transports: Type.Optional(Transports),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(B64),
  }),
});

/** AuthenticationResponseJSON from @simplewebauthn/browser's startAuthentication(). */
export const AuthenticationResponseSchema = Type.Object({
  ...credentialFields,
  response: Type.Object({
    clientDataJSON: B64,
    authenticatorData: B64,
    signature: B64,
    userHandle: Type.Optional(B64),
  }),
});

export type AuthenticationResponseBody = Static<typeof AuthenticationResponseSchema>;
