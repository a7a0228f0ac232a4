import { Type, type TSchema } from 'typebox';

/** The body of every error (STYLE: errors are codes). */
export const ErrorSchema = Type.Object(
  {
    code: Type.String({ examples: ['request.invalid'] }),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /**
     * The request's id (X-Request-Id), to find its log lines. Every error of this server carries
     * it; optional in the schema so that a body built elsewhere (a plugin's) still serialises.
     */
    requestId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { $id: 'Error', description: 'A coded error; message follows Accept-Language (zh-CN default, en)' },
);

/** Error responses for the listed statuses, for a route's `response` map. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Error')]));
}

export const MeSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.Literal('developer'), Type.Literal('reviewer'), Type.Literal('admin')]),
  createdAt: Type.String({ format: 'date-time' }),
  /** Staff only, while the session still needs its TOTP: 'setup' (first time) or 'verify'. */
  mfa: Type.Optional(Type.Union([Type.Literal('password'), Type.Literal('setup'), Type.Literal('verify')])),
});

/** A password field: capped well above the 128-code-point rule so the rule, not the schema, answers. */
export const PasswordField = Type.String({ minLength: 1, maxLength: 1024 });

/** A flow ticket: proof that a step was passed, for the next step only. */
export const TicketSchema = Type.Object({ ticket: Type.String(), expiresInSeconds: Type.Integer() });

export const CodeSentSchema = Type.Object({ resendAfterSeconds: Type.Integer(), expiresInSeconds: Type.Integer() });

/** GET /me: the account plus where its certification stands and what it entitles to. */
export const MeWithCertificationSchema = Type.Intersect([
  MeSchema,
  Type.Object({
    certification: Type.Object({
      type: Type.Union([Type.Literal('enterprise'), Type.Literal('personal'), Type.Null()]),
      state: Type.Union([
        Type.Literal('unsubmitted'),
        Type.Literal('pending'),
        Type.Literal('approved'),
        Type.Literal('rejected'),
      ]),
      deadline: Type.Union([Type.String(), Type.Null()]),
      rejectReason: Type.Union([Type.String(), Type.Null()]),
    }),
    entitlements: Type.Union([
      Type.Object({
        deviceCap: Type.Union([Type.Integer(), Type.Null()]),
        support7x24: Type.Boolean(),
        consulting1v1: Type.Boolean(),
      }),
      Type.Null(),
    ]),
  }),
]);

/** `?page=&pageSize=` of every paginated list. */
export const PagingFields = {
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};
