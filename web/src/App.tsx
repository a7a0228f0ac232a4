import { QueryClientProvider } from '@tanstack/react-query';
import { Flex, Spin } from 'antd';
import { Suspense, useState } from 'react';
import {
  createBrowserRouter,
  createRoutesFromElements,
  Navigate,
  Outlet,
  Route,
  RouterProvider,
} from 'react-router-dom';
import { createQueryClient } from './api/queries.js';
import { lazyNamed, type Loader } from './components/lazyNamed.js';
import { RedirectIfSignedIn, RequireSession } from './flows/layout/session.js';
import { AntdLocale } from './i18n/AntdLocale.js';
import { I18nProvider } from './i18n/I18nProvider.js';

/**
 * Route-level chunks (`npm run build -w web` checks their gzip sizes against web/bundle-budget.json):
 * a visitor of /login downloads neither the developer pages nor the review console.
 */
const notFound = () => import('./flows/layout/NotFoundPage.js');
const admin = () => import('./flows/admin/index.js');
const apps = () => import('./flows/apps/index.js');
const login = () => import('./flows/login/LoginPage.js');
const registration = () => import('./flows/registration/RegisterPage.js');
const passwordReset = () => import('./flows/password-reset/PasswordResetPage.js');
const consoleLayout = () => import('./flows/layout/ConsoleLayout.js');
const personal = () => import('./flows/personal/PersonalPage.js');
const certification = () => import('./flows/certification/CertificationPage.js');
const enrolSecondFactor = () => import('./flows/second-factor/EnrolSecondFactorPage.js');

const NotFoundPage = lazyNamed(notFound, 'NotFoundPage');
const LoginPage = lazyNamed(login, 'LoginPage');
const RegisterPage = lazyNamed(registration, 'RegisterPage');
const PasswordResetPage = lazyNamed(passwordReset, 'PasswordResetPage');
const ConsoleLayout = lazyNamed(consoleLayout, 'ConsoleLayout');
const PersonalPage = lazyNamed(personal, 'PersonalPage');
const CertificationPage = lazyNamed(certification, 'CertificationPage');
const AppsPage = lazyNamed(apps, 'AppsPage');
const AppDetailPage = lazyNamed(apps, 'AppDetailPage');
const AdminLayout = lazyNamed(admin, 'AdminLayout');
const MfaPage = lazyNamed(admin, 'MfaPage');
const QueuePage = lazyNamed(admin, 'QueuePage');
const DetailPage = lazyNamed(admin, 'DetailPage');
const OverviewPage = lazyNamed(admin, 'OverviewPage');
const MessagesPage = lazyNamed(admin, 'MessagesPage');
const DeletionsPage = lazyNamed(admin, 'DeletionsPage');
const AuditExportPage = lazyNamed(admin, 'AuditExportPage');
const EnrolSecondFactorPage = lazyNamed(enrolSecondFactor, 'EnrolSecondFactorPage');

/**
 * The chunks of the page a visit opens on (main.tsx loads them before the first render, so it
 * renders without a fallback): what the routes below show at that path. A signed-out visit to a
 * console page is sent to /login, whose chunk then loads on its own.
 */
export function firstPageChunks(pathname: string): Loader[] {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/login') return [login];
  if (path === '/register') return [registration];
  if (path === '/forgot-password') return [passwordReset];
  if (path === '/security-setup') return [enrolSecondFactor];
  if (path === '/admin' || path.startsWith('/admin/')) return [admin];
  if (path === '/' || path === '/apps' || /^\/apps\/[^/]+$/.test(path)) return [consoleLayout, apps];
  if (path === '/personal') return [consoleLayout, personal];
  if (path === '/certification') return [consoleLayout, certification];
  return [notFound];
}

function Loading() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: '60vh' }}>
      <Spin />
    </Flex>
  );
}

/** Every page inside the providers: a lazy page's chunk loads under one spinner. */
function Root() {
  return (
    <Suspense fallback={<Loading />}>
      <Outlet />
    </Suspense>
  );
}

/**
 * A data router (createBrowserRouter), so that a page can hold a navigation back with
 * `useBlocker` (an edited 信息登记 form asks before any link, menu item or Back leaves it).
 */
function createRouter() {
  return createBrowserRouter(
    createRoutesFromElements(
      <Route element={<Root />}>
        <Route
          path="/login"
          element={
            <RedirectIfSignedIn>
              <LoginPage />
            </RedirectIfSignedIn>
          }
        />
        <Route
          path="/register"
          element={
            <RedirectIfSignedIn>
              <RegisterPage />
            </RedirectIfSignedIn>
          }
        />
        <Route path="/forgot-password" element={<PasswordResetPage />} />
        <Route
          element={
            <RequireSession>
              <ConsoleLayout />
            </RequireSession>
          }
        >
          <Route path="/apps" element={<AppsPage />} />
          <Route path="/apps/:appId" element={<AppDetailPage />} />
          <Route path="/personal" element={<PersonalPage />} />
          <Route path="/certification" element={<CertificationPage />} />
        </Route>
        <Route
          path="/security-setup"
          element={
            <RequireSession>
              <EnrolSecondFactorPage />
            </RequireSession>
          }
        />
        <Route
          path="/admin/mfa"
          element={
            <RequireSession audience="staff">
              <MfaPage />
            </RequireSession>
          }
        />
        <Route
          element={
            <RequireSession audience="staff">
              <AdminLayout />
            </RequireSession>
          }
        >
          <Route path="/admin" element={<QueuePage />} />
          <Route path="/admin/overview" element={<OverviewPage />} />
          <Route path="/admin/messages" element={<MessagesPage />} />
          <Route path="/admin/deletions" element={<DeletionsPage />} />
          <Route path="/admin/audit" element={<AuditExportPage />} />
          <Route path="/admin/certifications/:accountId" element={<DetailPage />} />
        </Route>
        <Route path="/" element={<Navigate to="/apps" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>,
    ),
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdLocale>
          <RouterProvider router={router} />
        </AntdLocale>
      </I18nProvider>
    </QueryClientProvider>
  );
}
