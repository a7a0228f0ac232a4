import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEMPLATE_KEYS } from '../src/platform/messaging/templates.js';

/** What a fake provider answers next: success, a transient outage, a permanent refusal, throttling. */
export type Answer = 'ok' | 'transient' | 'permanent' | 'throttled';

/** One SendSms the fake provider received, as its API documents it. */
export interface ReceivedSms {
  action: string;
  version: string;
  phone: string;
  signName: string;
  templateId: string;
  /** Aliyun: the TemplateParam object; Tencent: TemplateParamSet in order. */
  params: Record<string, string> | string[];
  outId: string;
  /** The request's signature header is present and recomputes from the secret. */
  signatureValid: boolean;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `key=template` pairs for every template key, e.g. ALIYUN_SMS_TEMPLATES. */
export const allTemplates = (prefix: string) => TEMPLATE_KEYS.map((k, i) => `${k}=${prefix}${1001 + i}`).join(',');
export const templateId = (prefix: string, key: (typeof TEMPLATE_KEYS)[number]) =>
  `${prefix}${1001 + TEMPLATE_KEYS.indexOf(key)}`;

/** ACS3-HMAC-SHA256 (Aliyun's published V3 signature), recomputed from the request. */
function aliyunSignatureValid(req: http.IncomingMessage, url: URL, body: string, secret: string): boolean {
  const auth = String(req.headers.authorization ?? '');
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) return false;
  const signedHeaders = m[2]!.split(';');
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  const headers = signedHeaders.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const canonical = [req.method, url.pathname, query, headers, signedHeaders.join(';'), sha256(body)].join('\n');
  const expected = hmac(secret, `ACS3-HMAC-SHA256\n${sha256(canonical)}`).toString('hex');
  return expected === m[3];
}

/** TC3-HMAC-SHA256 (Tencent Cloud API 3.0), recomputed from the request. */
function tencentSignatureValid(req: http.IncomingMessage, body: string, secretId: string, secretKey: string): boolean {
  const auth = String(req.headers.authorization ?? '');
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
      auth,
    );
  if (!m || m[1] !== secretId) return false;
  const [, , date, service, signed, signature] = m;
  const timestamp = String(req.headers['x-tc-timestamp']);
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) return false;
  const names = signed!.split(';');
  // The real API has no port in its host; the SDK signs the host name alone, so the stand-in does too.
  const value = (h: string) =>
    String(req.headers[h] ?? '')
      .trim()
      .toLowerCase();
  const headers = names.map((h) => `${h}:${h === 'host' ? value(h).replace(/:\d+$/, '') : value(h)}\n`).join('');
  const canonical = ['POST', '/', '', headers, signed, sha256(body)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date!), service!), 'tc3_request');
  return hmac(key, toSign).toString('hex') === signature;
}

/**
 * A local stand-in for a provider's SMS API that the real SDK is pointed at. It checks the
 * request as the provider documents it and answers what the test queued (default: success).
 */
export async function fakeProvider(kind: 'aliyun' | 'tencent', secrets: { id: string; secret: string }) {
  const received: ReceivedSms[] = [];
  const answers: Answer[] = [];
  let fallback: Answer = 'ok';
  let delayMs = 0;
  let arrived: (() => void) | null = null;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      arrived?.();
      if (delayMs > 0) setTimeout(respond, delayMs);
      else respond();
    });
    const respond = () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const answer = answers.shift() ?? fallback;
      res.setHeader('content-type', 'application/json');
      // No keep-alive: a socket the stand-in closes while idle must not turn a later request of
      // another test into a network error (the race of reused keep-alive connections).
      res.setHeader('connection', 'close');
      if (kind === 'aliyun') {
        const q = url.searchParams;
        received.push({
          action: String(req.headers['x-acs-action']),
          version: String(req.headers['x-acs-version']),
          phone: q.get('PhoneNumbers') ?? '',
          signName: q.get('SignName') ?? '',
          templateId: q.get('TemplateCode') ?? '',
          params: JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>,
          outId: q.get('OutId') ?? '',
          signatureValid: aliyunSignatureValid(req, url, body, secrets.secret),
        });
        if (answer === 'transient') {
          res.statusCode = 503;
          res.end(JSON.stringify({ Code: 'ServiceUnavailable', Message: 'down', RequestId: 'r' }));
          return;
        }
        const code = { ok: 'OK', permanent: 'isv.MOBILE_NUMBER_ILLEGAL', throttled: 'isv.BUSINESS_LIMIT_CONTROL' }[
          answer
        ];
        res.end(JSON.stringify({ Code: code, Message: code, BizId: `biz-${received.length}`, RequestId: 'r' }));
        return;
      }
      const payload = JSON.parse(body || '{}') as Record<string, unknown>;
      received.push({
        action: String(req.headers['x-tc-action']),
        version: String(req.headers['x-tc-version']),
        phone: (payload.PhoneNumberSet as string[] | undefined)?.[0] ?? '',
        signName: String(payload.SignName ?? ''),
        templateId: String(payload.TemplateId ?? ''),
        params: (payload.TemplateParamSet as string[] | undefined) ?? [],
        outId: String(payload.SessionContext ?? ''),
        signatureValid: tencentSignatureValid(req, body, secrets.id, secrets.secret),
      });
      if (answer === 'transient') {
        res.end(
          JSON.stringify({ Response: { Error: { Code: 'InternalError.Timeout', Message: 'x' }, RequestId: 'r' } }),
        );
        return;
      }
      const code = {
        ok: 'Ok',
        permanent: 'InvalidParameterValue.IncorrectPhoneNumber',
        throttled: 'LimitExceeded.PhoneNumberDailyLimit',
      }[answer];
      res.end(
        JSON.stringify({
          Response: {
            SendStatusSet: [{ Code: code, Message: code, SerialNo: `serial-${received.length}` }],
            RequestId: 'r',
          },
        }),
      );
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Answers for the next requests, in order; then `always`. */
    answer(...next: Answer[]) {
      answers.push(...next);
    },
    always(answer: Answer) {
      fallback = answer;
    },
    /** Answers after `ms` (a slow provider). */
    slow(ms: number) {
      delayMs = ms;
    },
    /** Resolves when the next request has arrived (before it is answered). */
    nextRequest() {
      return new Promise<void>((resolve) => {
        arrived = () => {
          arrived = null;
          resolve();
        };
      });
    },
    reset() {
      received.length = 0;
      answers.length = 0;
      fallback = 'ok';
      delayMs = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeProvider = Awaited<ReturnType<typeof fakeProvider>>;

export const ALIYUN_KEYS = { id: 'LTAI-test-key', secret: 'aliyun-test-secret' };
export const TENCENT_KEYS = { id: 'AKID-test-id', secret: 'tencent-test-secret' };

/** Environment for both providers at the fake servers, in the given failover order. */
export function smsEnv(order: string, aliyun: FakeProvider, tencent: FakeProvider): Record<string, string> {
  return {
    SMS_PROVIDERS: order,
    ALIYUN_SMS_ACCESS_KEY_ID: ALIYUN_KEYS.id,
    ALIYUN_SMS_ACCESS_KEY_SECRET: ALIYUN_KEYS.secret,
    ALIYUN_SMS_SIGN_NAME: 'AIoT开放平台',
    ALIYUN_SMS_TEMPLATES: allTemplates('SMS_'),
    ALIYUN_SMS_ENDPOINT: aliyun.url,
    TENCENT_SMS_SECRET_ID: TENCENT_KEYS.id,
    TENCENT_SMS_SECRET_KEY: TENCENT_KEYS.secret,
    TENCENT_SMS_SDK_APP_ID: '1400000001',
    TENCENT_SMS_SIGN_NAME: 'AIoT开放平台',
    TENCENT_SMS_TEMPLATES: allTemplates(''),
    TENCENT_SMS_REGION: 'ap-guangzhou',
    TENCENT_SMS_ENDPOINT: tencent.url,
    MESSAGE_SEND_TIMEOUT_SECONDS: '10',
  };
}
