import { FIELD_LIMITS, INDUSTRIES } from '@devplat/common';
import { Type } from 'typebox';
import { APP_ID_PATTERN, KEY_ID_PATTERN } from './ids.js';

export { INDUSTRIES };

const Name = Type.String({ minLength: FIELD_LIMITS.appName.min, maxLength: FIELD_LIMITS.appName.max, pattern: '\\S' });
const Industry = Type.Union(INDUSTRIES.map((i) => Type.Literal(i)));
const Description = Type.String({ maxLength: FIELD_LIMITS.appDescription.max });

/**
 * Only these fields are read from a body; anything else (owner, appId, keys, state) is dropped
 * by the validator before the handler sees it (SECURITY 29).
 */
export const CreateAppBody = Type.Object(
  { name: Name, industry: Industry, description: Type.Optional(Description) },
  { additionalProperties: false },
);
export const UpdateAppBody = Type.Object(
  { name: Type.Optional(Name), industry: Type.Optional(Industry), description: Type.Optional(Description) },
  { additionalProperties: false, minProperties: 1 },
);

export const AppParams = Type.Object(
  { appId: Type.String({ pattern: APP_ID_PATTERN }) },
  { additionalProperties: false },
);
export const KeyParams = Type.Object(
  { appId: Type.String({ pattern: APP_ID_PATTERN }), keyId: Type.String({ pattern: KEY_ID_PATTERN }) },
  { additionalProperties: false },
);

export const AppSchema = Type.Object({
  appId: Type.String(),
  name: Type.String(),
  industry: Type.String(),
  description: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** A key as listed: never the AppKey. */
export const KeySchema = Type.Object({
  keyId: Type.String(),
  state: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** A key as created: the one response that carries the AppKey, shown once. */
export const NewKeySchema = Type.Object({
  ...KeySchema.properties,
  appKey: Type.String({ description: 'Shown only in this response; store it now' }),
});
