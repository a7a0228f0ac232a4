import { Type } from 'typebox';
import { APP_ID_PATTERN } from '../apps/ids.js';

/** A device ID as the maker prints it: letters, digits and . _ : - (1–64, unique platform-wide). */
export const DeviceIdField = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' });

export const NewDeviceSchema = Type.Object(
  {
    deviceId: DeviceIdField,
    model: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
    name: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
  },
  { additionalProperties: false },
);

export const GatewayBody = Type.Object(
  { gateway: NewDeviceSchema, subDevices: Type.Array(NewDeviceSchema, { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);

export const DeviceParams = Type.Object({ deviceId: DeviceIdField }, { additionalProperties: false });

export const PageQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const DeviceSchema = Type.Object({
  deviceId: Type.String(),
  appId: Type.String(),
  kind: Type.Union([Type.Literal('device'), Type.Literal('gateway'), Type.Literal('sub_device')]),
  gatewayId: Type.Union([Type.String(), Type.Null()]),
  model: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** The console's query: an app's devices only (`appId`), and as a tree (`tree`: gateways carry their sub-devices). */
export const ConsoleDeviceQuery = Type.Object(
  {
    ...PageQuery.properties,
    appId: Type.Optional(Type.String({ pattern: APP_ID_PATTERN, description: "Only this app's devices" })),
    tree: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Page over devices and gateways; each gateway lists its sub-devices in subDevices',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DevicePageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      ...DeviceSchema.properties,
      subDevices: Type.Optional(Type.Array(DeviceSchema, { description: "A gateway's sub-devices (tree lists only)" })),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const QuotaSchema = Type.Object({
  used: Type.Integer(),
  cap: Type.Union([Type.Integer(), Type.Null()], { description: 'null: no cap (enterprise)' }),
});
