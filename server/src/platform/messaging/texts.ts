import type { VerificationPurpose } from '@devplat/common';

type Locale = 'zh-CN' | 'en';

const PRODUCT = { 'zh-CN': 'AIoT 开放平台', en: 'AIoT Open Platform' } as const;

const purposeText: Record<VerificationPurpose, Record<Locale, string>> = {
  register: { 'zh-CN': '注册账号', en: 'sign up' },
  reset_password: { 'zh-CN': '重置密码', en: 'reset your password' },
  verify_current_contact: { 'zh-CN': '验证身份', en: 'confirm it is you' },
  bind_new_contact: { 'zh-CN': '绑定新的联系方式', en: 'bind a new contact' },
};

/** The text of a verification code message. Never logged. */
export function codeMessage(locale: Locale, purpose: VerificationPurpose, code: string, minutes: number) {
  const product = PRODUCT[locale];
  return locale === 'en'
    ? {
        subject: `${product} verification code`,
        text: `[${product}] Your code to ${purposeText[purpose].en} is ${code}. It is valid for ${minutes} minutes. Do not share it with anyone.`,
      }
    : {
        subject: `${product}验证码`,
        text: `【${product}】您正在${purposeText[purpose]['zh-CN']}，验证码 ${code}，${minutes} 分钟内有效。请勿泄露给他人。`,
      };
}

/** Sent instead of a register code when the contact already has an account (enumeration-safe). */
export function alreadyRegisteredMessage(locale: Locale) {
  const product = PRODUCT[locale];
  return locale === 'en'
    ? {
        subject: `${product}: you already have an account`,
        text: `[${product}] Someone tried to sign up with this address, which already has an account. Log in, or reset your password if you forgot it. If it was not you, ignore this message.`,
      }
    : {
        subject: `${product}：该账号已注册`,
        text: `【${product}】有人尝试使用此号码/邮箱注册，但它已有账号。请直接登录；如忘记密码，请使用“忘记密码”重置。如非本人操作，请忽略。`,
      };
}

/** Notices after security changes (SECURITY 17): they go to the old contact(s). */
export function securityNotice(
  locale: Locale,
  kind: 'password_reset' | 'password_changed' | 'email_changed' | 'phone_changed',
) {
  const product = PRODUCT[locale];
  const what = {
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
  }[kind][locale];
  return locale === 'en'
    ? {
        subject: `${product}: security notice`,
        text: `[${product}] Security notice: ${what}. If this was not you, reset your password now and contact support.`,
      }
    : {
        subject: `${product}：账号安全提醒`,
        text: `【${product}】安全提醒：${what}。如非本人操作，请立即重置密码并联系客服。`,
      };
}

/** The outcome of a certification review, to the developer. */
export function decisionNotice(locale: Locale, decision: 'approved' | 'rejected', reason: string | null) {
  const product = PRODUCT[locale];
  if (locale === 'en') {
    return {
      subject: `${product}: certification ${decision}`,
      text:
        decision === 'approved'
          ? `[${product}] Your developer certification was approved. You can now create apps.`
          : `[${product}] Your developer certification was not approved. Reason: ${reason}. You can edit and resubmit it in the console.`,
    };
  }
  return {
    subject: `${product}：开发者认证${decision === 'approved' ? '已通过' : '未通过'}`,
    text:
      decision === 'approved'
        ? `【${product}】您的开发者认证已通过审核，现在可以创建应用了。`
        : `【${product}】您的开发者认证未通过审核，原因：${reason}。您可以在控制台修改信息后重新提交。`,
  };
}
