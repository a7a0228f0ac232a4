// The review console, one chunk: developers never download it (App.tsx loads it lazily).
export { AdminLayout } from './AdminLayout.js';
export { DeletionsPage } from './DeletionsPage.js';
export { DetailPage } from './DetailPage.js';
export { AuditExportPage } from './AuditExportPage.js';
export { MessagesPage } from './MessagesPage.js';
export { MfaPage } from './MfaPage.js';
export { OverviewPage } from './OverviewPage.js';
export { QueuePage } from './QueuePage.js';
