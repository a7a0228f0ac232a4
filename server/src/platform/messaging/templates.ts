import type { VerificationPurpose } from '@devplat/common';

/**
 * Messages are templates, not free text: Chinese SMS providers only send pre-approved 签名 and
 * 模板 with variables. Each key below is registered once per provider (README "Sending SMS in
 * production"); the zh-CN and en texts serve email and the dev outbox.
 */
export const TEMPLATE_KEYS = [
  'code.register',
  'code.reset_password',
  'code.verify_current_contact',
  'code.bind_new_contact',
  'code.delete_account',
  'notice.already_registered',
  'notice.password_changed',
  'notice.password_reset',
  'notice.email_changed',
  'notice.phone_changed',
  'notice.certification_approved',
  'notice.certification_rejected',
  'notice.account_disabled',
  'notice.new_device_login',
] as const;

export type TemplateKey = (typeof TEMPLATE_KEYS)[number];
export type Locale = 'zh-CN' | 'en';

/** What a template may be filled with. Sealed with the vault in the outbox: `code` is a secret. */
export interface TemplateParams {
  code?: string;
  minutes?: number;
  /** The reviewer's free text: email and dev outbox only, never an SMS variable. */
  reason?: string;
  /** New-device log-in: when (ISO 8601), the client IP, the browser (family / OS) and the sessions list. */
  at?: string;
  ip?: string;
  browser?: string;
  /** A link: email and dev outbox only (neither provider allows a link in an SMS variable). */
  link?: string;
  /**
   * A public code's row (sign-up, forgot password): the delivery resolver voids it or binds it to
   * the account, and removes this param before anything is rendered.
   */
  codeId?: string;
}

/**
 * The longest value one SMS variable may carry: Tencent Cloud allows 12 characters per variable
 * for accounts with personal certification (Aliyun allows more), and neither takes a link.
 */
export const SMS_VARIABLE_MAX_CHARS = 12;

/** The time of a notice as a reader in China reads it (Beijing time, UTC+8, no daylight saving). */
function beijingTime(iso: string | undefined, withYear: boolean): string {
  const d = new Date(iso ?? 0);
  const t = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return withYear ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : `${t.slice(5, 10)} ${t.slice(11, 16)}`;
}
const utcTime = (iso: string | undefined) => {
  const t = new Date(iso ?? 0).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)} UTC`;
};
/** The browser family alone ("Chrome" of "Chrome / macOS"), cut to fit one SMS variable. */
const browserFamily = (browser: string | undefined) =>
  (browser ?? '').split(' / ')[0]!.trim().slice(0, SMS_VARIABLE_MAX_CHARS) || '-';

export const codeTemplate = (purpose: VerificationPurpose): TemplateKey => `code.${purpose}`;

const PRODUCT = { 'zh-CN': 'AIoT 开放平台', en: 'AIoT Open Platform' } as const;

const purposeText: Record<VerificationPurpose, Record<Locale, string>> = {
  register: { 'zh-CN': '注册账号', en: 'sign up' },
  reset_password: { 'zh-CN': '重置密码', en: 'reset your password' },
  verify_current_contact: { 'zh-CN': '验证身份', en: 'confirm it is you' },
  bind_new_contact: { 'zh-CN': '绑定新的联系方式', en: 'bind a new contact' },
  delete_account: { 'zh-CN': '注销账号', en: 'delete your account' },
};

type SecurityKind = 'password_reset' | 'password_changed' | 'email_changed' | 'phone_changed' | 'account_disabled';
const securityWhat: Record<SecurityKind, Record<Locale, string>> = {
  password_reset: {
    'zh-CN': '您的账号密码已通过“忘记密码”重置，所有登录设备已退出',
    en: 'your password was reset through "forgot password" and every session was ended',
  },
  password_changed: {
    'zh-CN': '您的账号密码已修改，其他登录设备已退出',
    en: 'your password was changed and your other sessions were ended',
  },
  email_changed: { 'zh-CN': '您账号绑定的邮箱已更改', en: 'the email bound to your account was changed' },
  phone_changed: { 'zh-CN': '您账号绑定的手机号已更改', en: 'the phone number bound to your account was changed' },
  account_disabled: { 'zh-CN': '您的账号已被管理员停用', en: 'your account was disabled by an administrator' },
};

/** Free text ends without its own full stop, so the sentence around it never doubles one (。。). */
const clause = (text: string) => text.trim().replace(/[。.！!；;，,\s]+$/u, '');

/**
 * The subject and text of a message, for email and the dev outbox (which shows an SMS as its
 * provider template would read). Holds a code: never logged.
 */
export function renderMessage(
  key: TemplateKey,
  locale: Locale,
  params: TemplateParams,
  channel: 'sms' | 'email' = 'email',
): { subject: string; text: string } {
  const product = PRODUCT[locale];
  const en = locale === 'en';
  if (key.startsWith('code.')) {
    const purpose = purposeText[key.slice(5) as VerificationPurpose];
    return en
      ? {
          subject: `${product} verification code`,
          text: `[${product}] Your code to ${purpose.en} is ${params.code}. It is valid for ${params.minutes} minutes. Do not share it with anyone.`,
        }
      : {
          subject: `${product}验证码`,
          text: `【${product}】您正在${purpose['zh-CN']}，验证码 ${params.code}，${params.minutes} 分钟内有效。请勿泄露给他人。`,
        };
  }
  switch (key) {
    case 'notice.already_registered':
      return en
        ? {
            subject: `${product}: you already have an account`,
            text: `[${product}] Someone tried to sign up with this address, which already has an account. Log in, or reset your password if you forgot it. If it was not you, ignore this message.`,
          }
        : {
            subject: `${product}：该账号已注册`,
            text: `【${product}】有人尝试使用此号码/邮箱注册，但它已有账号。请直接登录；如忘记密码，请使用“忘记密码”重置。如非本人操作，请忽略。`,
          };
    case 'notice.certification_approved':
      return en
        ? {
            subject: `${product}: certification approved`,
            text: `[${product}] Your developer certification was approved. You can now create apps.`,
          }
        : {
            subject: `${product}：开发者认证已通过`,
            text: `【${product}】您的开发者认证已通过审核，现在可以创建应用了。`,
          };
    case 'notice.certification_rejected': {
      // An SMS never carries the reviewer's free text: it says where to read it.
      if (channel === 'sms') {
        return en
          ? {
              subject: `${product}: certification rejected`,
              text: `[${product}] Your developer certification was not approved. Log in to the console to see the reason and resubmit.`,
            }
          : {
              subject: `${product}：开发者认证未通过`,
              text: `【${product}】您的开发者认证未通过审核，请登录控制台查看原因并修改后重新提交。`,
            };
      }
      const reason = clause(params.reason ?? '');
      return en
        ? {
            subject: `${product}: certification rejected`,
            text: `[${product}] Your developer certification was not approved. Reason: ${reason}. You can edit and resubmit it in the console.`,
          }
        : {
            subject: `${product}：开发者认证未通过`,
            text: `【${product}】您的开发者认证未通过审核，原因：${reason}。您可以在控制台修改信息后重新提交。`,
          };
    }
    case 'notice.new_device_login': {
      if (channel === 'sms') {
        const time = beijingTime(params.at, false);
        const browser = browserFamily(params.browser);
        return en
          ? {
              subject: `${product}: new sign-in`,
              text: `[${product}] Your account was signed in to at ${time} (UTC+8) from a new device (${browser}). If it was not you, end that session in the console under Personal center, Sessions, and change your password.`,
            }
          : {
              subject: `${product}：新设备登录提醒`,
              text: `【${product}】您的账号于 ${time} 在新设备（${browser}）上登录。如非本人操作，请登录控制台在“个人中心-登录设备”中退出该设备并修改密码。`,
            };
      }
      return en
        ? {
            subject: `${product}: new sign-in to your account`,
            text: `[${product}] Your account was signed in to from a browser or network it has not used in the last 90 days.\nTime: ${utcTime(params.at)}\nIP address: ${params.ip}\nBrowser: ${params.browser}\nIf this was you, nothing needs doing. If not, end the session and change your password: ${params.link}`,
          }
        : {
            subject: `${product}：新设备登录提醒`,
            text: `【${product}】您的账号在近 90 天未使用过的浏览器或网络上登录。\n时间：${beijingTime(params.at, true)}（北京时间）\nIP 地址：${params.ip}\n浏览器：${params.browser}\n如是本人操作，无需处理；如非本人操作，请立即退出该登录设备并修改密码：${params.link}`,
          };
    }
    default: {
      const what = securityWhat[key.slice(7) as SecurityKind][locale];
      return en
        ? {
            subject: `${product}: security notice`,
            text: `[${product}] Security notice: ${what}. If this was not you, reset your password now and contact support.`,
          }
        : {
            subject: `${product}：账号安全提醒`,
            text: `【${product}】安全提醒：${what}。如非本人操作，请立即重置密码并联系客服。`,
          };
    }
  }
}

/**
 * The variables of the provider's approved SMS template. Short by design: a code and its
 * minutes, or nothing — the rejection notice's template says "log in to see the reason", and
 * the reviewer's free text never goes into an SMS.
 */
export function smsVariables(key: TemplateKey, params: TemplateParams): Record<string, string> {
  if (key.startsWith('code.')) return { code: params.code ?? '', minutes: String(params.minutes ?? '') };
  // Time (Beijing, "MM-DD HH:mm", 11 characters) and the browser family: the IP (up to 39
  // characters) and the link go by email and are in the sessions list.
  if (key === 'notice.new_device_login')
    return { time: beijingTime(params.at, false), browser: browserFamily(params.browser) };
  return {};
}

/** The SMS text each template key is registered with (README), zh-CN, `${name}` variables. */
export const SMS_TEMPLATE_TEXT: Record<TemplateKey, string> = {
  'code.register': '您正在注册账号，验证码 ${code}，${minutes} 分钟内有效。请勿泄露给他人。',
  'code.reset_password': '您正在重置密码，验证码 ${code}，${minutes} 分钟内有效。请勿泄露给他人。',
  'code.verify_current_contact': '您正在验证身份，验证码 ${code}，${minutes} 分钟内有效。请勿泄露给他人。',
  'code.bind_new_contact': '您正在绑定新的手机号，验证码 ${code}，${minutes} 分钟内有效。请勿泄露给他人。',
  'code.delete_account': '您正在注销账号，验证码 ${code}，${minutes} 分钟内有效。请勿泄露给他人。',
  'notice.already_registered': '有人尝试用此号码注册，但它已有账号。请直接登录；如非本人操作，请忽略。',
  'notice.password_changed': '您的账号密码已修改。如非本人操作，请立即重置密码并联系客服。',
  'notice.password_reset': '您的账号密码已重置。如非本人操作，请立即联系客服。',
  'notice.email_changed': '您账号绑定的邮箱已更改。如非本人操作，请立即联系客服。',
  'notice.phone_changed': '您账号绑定的手机号已更改。如非本人操作，请立即联系客服。',
  'notice.certification_approved': '您的开发者认证已通过审核，现在可以创建应用了。',
  'notice.certification_rejected': '您的开发者认证未通过审核，请登录控制台查看原因并修改后重新提交。',
  'notice.account_disabled': '您的账号已被停用。如有疑问请联系客服。',
  'notice.new_device_login':
    '您的账号于 ${time} 在新设备（${browser}）上登录。如非本人操作，请登录控制台在“个人中心-登录设备”中退出该设备并修改密码。',
};
