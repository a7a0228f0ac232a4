/** Export my data (个人中心 → 安全设置) phrases in Simplified Chinese; spread into `zhCN`. */
export const dataExportZhCN = {
  'export.label': '导出个人数据',
  'export.hint':
    '下载一个 zip 文件：data.json（账号、联系方式、登录设备、安全记录、认证资料（含完整证件号）、应用（不含密钥）和设备）以及上传的认证图片。每小时可导出一次。',
  'export.button': '导出我的数据',
  'export.title': '导出个人数据',
  'export.dialog.hint': '导出的文件包含您的完整证件号码等敏感信息，请输入当前密码确认，并妥善保管下载的文件。',
  'export.dialog.hintTotp':
    '导出的文件包含您的完整证件号码等敏感信息，请输入当前密码和动态口令确认，并妥善保管下载的文件。',
  'export.started': '已开始下载个人数据',
  'event.data.exported': '导出个人数据',
};
