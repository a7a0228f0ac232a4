/**
 * Log-in throttling and the security profile's phrases in Simplified Chinese (the throttled
 * log-in, the mlps profile's password rule and second-factor enrolment, the admins' audit
 * export); spread into `zhCN`.
 */
export const securityZhCN = {
  'sec.throttled': '尝试次数过多，请 {seconds} 秒后再试，或',
  'sec.throttled.reset': '重置密码',
  'sec.password.classes': '须包含大写字母、小写字母、数字、符号中的至少 {classes} 类',
  'sec.enroll.title': '请先开启两步验证',
  'sec.enroll.hint':
    '按照网络安全等级保护（等保 2.0）的要求，企业开发者须先绑定身份验证器（动态口令），才能使用控制台的其他功能。',
  'sec.audit.nav': '审计导出',
  'sec.audit.title': '安全审计日志导出',
  'sec.audit.hint': '导出所选时间范围内的全部审计记录（最长 {days} 天）。每次导出本身也会记入审计日志。',
  'sec.audit.range': '时间范围',
  'sec.audit.range.required': '请选择时间范围',
  'sec.audit.format': '格式',
  'sec.audit.download': '导出',
  'event.audit.exported': '导出审计日志',
} as const;
