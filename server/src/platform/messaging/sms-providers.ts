import type Dysmsapi from '@alicloud/dysmsapi20170525';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AliyunSmsConfig, TencentSmsConfig } from '../../config.js';
import { DeliveryError, type Delivery, type Provider } from './provider.js';
import { smsVariables, type TemplateKey } from './templates.js';

/** The template id for a key: the international one for numbers outside mainland China, where set. */
function templateFor(
  config: { templates: Map<TemplateKey, string>; intlTemplates: Map<TemplateKey, string> },
  d: Delivery,
  domestic: boolean,
) {
  const id = (!domestic && config.intlTemplates.get(d.template)) || config.templates.get(d.template);
  // Config refuses to start without every key (config.ts), so this is a defect, not a runtime state.
  if (!id) throw new DeliveryError('permanent', 'template.not_configured', `no template id for ${d.template}`);
  return id;
}

const isMainland = (e164: string) => e164.startsWith('+86');

function endpointParts(endpoint: string) {
  const url = new URL(endpoint);
  return { host: url.host, protocol: url.protocol.replace(':', '') };
}

/**
 * The providers' SDKs (hundreds of modules) load on a provider's first send, not at start-up,
 * and only for the providers configured (docs/benchmark.md, "Start-up").
 */
async function loadAliyun() {
  const [sdk, core, dara] = await Promise.all([
    import('@alicloud/dysmsapi20170525'),
    import('@alicloud/openapi-core'),
    import('@darabonba/typescript'),
  ]);
  // The package is CommonJS with `exports.default`; under ESM the default import is the module.
  const mod = sdk.default as unknown as { default?: typeof Dysmsapi } & typeof Dysmsapi;
  return { Client: (mod.default ?? mod) as typeof Dysmsapi, sdk, core, dara };
}

/**
 * Aliyun SMS (短信服务) through its official SDK: SendSms with SignName, TemplateCode,
 * TemplateParam (JSON) and OutId. Mainland numbers go in the domestic form (11 digits, no +86);
 * others as country code and number without "+".
 */
export function createAliyunProvider(config: AliyunSmsConfig, timeoutMs: number): Provider {
  const { host, protocol } = endpointParts(config.endpoint);
  let ready: ReturnType<typeof connect> | undefined;
  const connect = () =>
    loadAliyun().then(({ Client, sdk, core, dara }) => ({
      sdk,
      client: new Client(
        new core.$OpenApiUtil.Config({
          accessKeyId: config.accessKeyId,
          accessKeySecret: config.accessKeySecret,
          endpoint: host,
          protocol,
          connectTimeout: timeoutMs,
          readTimeout: timeoutMs,
        }),
      ),
      runtime: new dara.RuntimeOptions({
        autoretry: false,
        connectTimeout: timeoutMs,
        readTimeout: timeoutMs,
      }),
    }));
  return {
    name: 'aliyun',
    async send(d) {
      const { sdk, client, runtime } = await (ready ??= connect());
      const domestic = isMainland(d.to);
      const request = new sdk.SendSmsRequest({
        phoneNumbers: domestic ? d.to.slice(3) : d.to.replace(/^\+/, ''),
        signName: config.signName,
        templateCode: templateFor(config, d, domestic),
        templateParam: JSON.stringify(smsVariables(d.template, d.params)),
        outId: d.outId,
      });
      let code: string;
      let bizId: string | null;
      try {
        const response = await client.sendSmsWithOptions(request, runtime);
        code = response.body?.code ?? 'unknown';
        bizId = response.body?.bizId ?? null;
      } catch (error) {
        // The SDK throws for HTTP errors (bad credentials, signature, outage) and network failures.
        const e = error as { statusCode?: number; code?: string };
        const errorCode = e.code ? String(e.code) : 'network';
        if (e.statusCode !== undefined && e.statusCode < 500 && !errorCode.startsWith('Throttling')) {
          throw new DeliveryError('permanent', errorCode);
        }
        throw new DeliveryError('transient', errorCode);
      }
      if (code === 'OK') return { messageId: bizId };
      // isv.BUSINESS_LIMIT_CONTROL (per-number minute/hour/day caps), isv.DAY_LIMIT_CONTROL, …
      if (/LIMIT_CONTROL|OVER_LIMIT/.test(code)) throw new DeliveryError('throttled', code);
      // isp.* is the provider's own failure; isv.* (number, sign, template, credit) is ours or final.
      if (code.startsWith('isp.') || code.startsWith('Throttling')) throw new DeliveryError('transient', code);
      throw new DeliveryError('permanent', code);
    },
  };
}

type TencentClient = InstanceType<typeof import('tencentcloud-sdk-nodejs-sms').sms.v20210111.Client>;
type TencentError = { code?: string; httpCode?: number };

function classifyTencent(code: string): DeliveryError['kind'] {
  if (code.startsWith('LimitExceeded')) return 'throttled';
  if (code.startsWith('InternalError') || code.startsWith('RequestLimitExceeded')) return 'transient';
  return 'permanent';
}

/**
 * Tencent Cloud SMS through its official SDK (API 2021-01-11, TC3-HMAC-SHA256): SendSms with
 * SmsSdkAppId, SignName, TemplateId and TemplateParamSet (the variables in template order,
 * {1} {2} …), numbers in E.164.
 */
export function createTencentProvider(config: TencentSmsConfig, timeoutMs: number): Provider {
  const { host, protocol } = endpointParts(config.endpoint);
  let ready: Promise<TencentClient> | undefined;
  const connect = async () =>
    new (await import('tencentcloud-sdk-nodejs-sms')).sms.v20210111.Client({
      credential: { secretId: config.secretId, secretKey: config.secretKey },
      region: config.region,
      profile: {
        httpProfile: {
          endpoint: host,
          protocol: `${protocol}://`,
          reqTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
        },
      },
    });
  return {
    name: 'tencent',
    async send(d) {
      const client = await (ready ??= connect());
      const domestic = isMainland(d.to);
      let status: { Code?: string; SerialNo?: string } | undefined;
      try {
        const response = await client.SendSms({
          PhoneNumberSet: [parsePhoneNumberFromString(d.to)?.number ?? d.to],
          SmsSdkAppId: config.sdkAppId,
          SignName: config.signName,
          TemplateId: templateFor(config, d, domestic),
          TemplateParamSet: Object.values(smsVariables(d.template, d.params)),
          SessionContext: d.outId,
        });
        status = response.SendStatusSet?.[0];
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        const e = error as TencentError;
        // No code: the request never got an answer (network, timeout) or the HTTP status was an error.
        if (!e.code) throw new DeliveryError('transient', e.httpCode ? `http.${e.httpCode}` : 'network');
        throw new DeliveryError(classifyTencent(e.code), e.code);
      }
      const code = status?.Code ?? 'unknown';
      if (code === 'Ok') return { messageId: status?.SerialNo ?? null };
      throw new DeliveryError(classifyTencent(code), code);
    },
  };
}
