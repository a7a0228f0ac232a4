// 应用管理, one chunk (App.tsx loads it lazily).
export { AppDetailPage } from './AppDetailPage.js';
export { AppsPage } from './AppsPage.js';
