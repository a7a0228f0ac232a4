import type { ErrorCode } from './codes.js';

/** Error messages in Simplified Chinese (the default locale). `{name}` is filled from details. */
export const zhCN: Record<ErrorCode, string> = {
  'request.invalid': '请求参数不正确：{field}',
  'request.unsupported_media_type': '不支持的请求格式，请使用 application/json',
  'request.too_large': '请求内容过大',
  'request.not_found': '请求的资源不存在',
  'rate_limit.exceeded': '操作过于频繁，请 {retryAfterSeconds} 秒后再试',
  internal: '服务器内部错误，请稍后再试',
  'auth.required': '请先登录',
  'auth.invalid_credentials': '账号或密码错误',
  'auth.csrf_rejected': '请求来源不受信任，已拒绝',
  'auth.forbidden': '没有权限执行此操作',
  'verification_code.invalid': '验证码错误或已失效，请重新获取',
  'verification_code.throttled': '验证码发送过于频繁，请 {retryAfterSeconds} 秒后再试',
  'password.too_short': '密码长度至少为 {min} 个字符',
  'password.too_long': '密码长度不能超过 {max} 个字符',
  'password.too_common': '该密码过于常见或已在泄露密码库中，请换一个',
  'password.contains_personal_info': '密码不能包含您的手机号、邮箱或用户名',
  'phone.invalid': '手机号格式不正确',
  'email.invalid': '邮箱格式不正确',
  'account.contact_unavailable': '该手机号或邮箱无法使用，请更换或直接登录',
  'ticket.invalid': '操作已过期或无效，请从第一步重新开始',
  'password.current_incorrect': '原密码错误',
  'username.invalid': '用户名需为 3–32 位字母、数字、汉字、下划线或连字符',
  'username.taken': '该用户名已被使用',
};
