import { Type, type TSchema } from '@sinclair/typebox';

/** The body of every error (STYLE: errors are codes). */
export const ErrorSchema = Type.Object(
  {
    code: Type.String({ examples: ['request.invalid'] }),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
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
});

/** A password field: capped well above the 128-code-point rule so the rule, not the schema, answers. */
export const PasswordField = Type.String({ minLength: 1, maxLength: 1024 });

/** A flow ticket: proof that a step was passed, for the next step only. */
export const TicketSchema = Type.Object({ ticket: Type.String(), expiresInSeconds: Type.Integer() });

export const CodeSentSchema = Type.Object({ resendAfterSeconds: Type.Integer(), expiresInSeconds: Type.Integer() });
