import type { dataExportZhCN } from './data-export.zh-CN.js';

/** Export my data phrases in English; spread into `en`. */
export const dataExportEn: Record<keyof typeof dataExportZhCN, string> = {
  'export.label': 'Export my data',
  'export.hint':
    'Downloads one zip file: data.json (account, contacts, sessions and devices, security history, certification details with the full ID number, apps without secrets, and devices) plus the certification images you uploaded. Once an hour.',
  'export.button': 'Export my data',
  'export.title': 'Export my data',
  'export.dialog.hint':
    'The file holds sensitive data such as your full ID number. Enter your current password to confirm, and keep the downloaded file safe.',
  'export.dialog.hintTotp':
    'The file holds sensitive data such as your full ID number. Enter your current password and a one-time password to confirm, and keep the downloaded file safe.',
  'export.started': 'Your data download has started',
  'event.data.exported': 'Exported my data',
};
