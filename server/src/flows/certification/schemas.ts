import { Type } from 'typebox';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const UploadKindSchema = Type.Union([
  Type.Literal('business_licence'),
  Type.Literal('id_front'),
  Type.Literal('id_back'),
]);
export const DeveloperTypeSchema = Type.Union([Type.Literal('enterprise'), Type.Literal('personal')]);

export const UploadSchema = Type.Object({
  id: Id,
  kind: UploadKindSchema,
  mime: Type.String(),
  size: Type.Integer(),
});

/**
 * One flat object for both types (the service checks which fields each type needs): a union of
 * two objects would let the validator strip fields from the wrong branch.
 */
export const SubmitSchema = Type.Object(
  {
    type: DeveloperTypeSchema,
    consent: Type.Boolean(),
    consentVersion: Text(32),
    contactPhone: Text(32),
    companyName: Type.Optional(Text(200)),
    creditCode: Type.Optional(Text(32)),
    address: Type.Optional(Text(400)),
    contactName: Type.Optional(Text(100)),
    businessLicenceFileId: Type.Optional(Id),
    realName: Type.Optional(Text(100)),
    idNumber: Type.Optional(Text(32)),
    idFrontFileId: Type.Optional(Id),
    idBackFileId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const EntitlementsSchema = Type.Object({
  deviceCap: Type.Union([Type.Integer(), Type.Null()]),
  support7x24: Type.Boolean(),
  consulting1v1: Type.Boolean(),
});

export const StatusSchema = Type.Object({
  type: Type.Union([DeveloperTypeSchema, Type.Null()]),
  state: Type.Union([
    Type.Literal('unsubmitted'),
    Type.Literal('pending'),
    Type.Literal('approved'),
    Type.Literal('rejected'),
  ]),
  deadline: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
});

export const SubmissionSchema = Type.Object({
  type: DeveloperTypeSchema,
  fields: Type.Record(Type.String(), Type.String()),
  identityMasked: Type.String(),
  fileIds: Type.Array(Id),
  consentVersion: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
  deadline: Type.String(),
  decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Null()]),
  rejectReason: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const CertificationViewSchema = Type.Object({
  status: StatusSchema,
  consentVersion: Type.String(),
  entitlements: Type.Union([EntitlementsSchema, Type.Null()]),
  entitlementsByType: Type.Object({ enterprise: EntitlementsSchema, personal: EntitlementsSchema }),
  current: Type.Union([SubmissionSchema, Type.Null()]),
  history: Type.Array(SubmissionSchema),
});
