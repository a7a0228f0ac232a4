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
import { lazyNamed } from './components/lazyNamed.js';
import { RedirectIfSignedIn, RequireSession } from './flows/layout/session.js';
import { AntdLocale } from './i18n/AntdLocale.js';
import { I18nProvider } from './i18n/I18nProvider.js';

/**
 * Route-level chunks (`npm run build -w web` checks their gzip sizes against web/bundle-budget.json):
 * a visitor of /login downloads neither the developer pages nor the review console.
 */
const NotFoundPage = lazyNamed(() => import('./flows/layout/NotFoundPage.js'), 'NotFoundPage');
const admin = () => import('./flows/admin/index.js');
const apps = () => import('./flows/apps/index.js');
const LoginPage = lazyNamed(() => import('./flows/login/LoginPage.js'), 'LoginPage');
const RegisterPage = lazyNamed(() => import('./flows/registration/RegisterPage.js'), 'RegisterPage');
const PasswordResetPage = lazyNamed(() => import('./flows/password-reset/PasswordResetPage.js'), 'PasswordResetPage');
const ConsoleLayout = lazyNamed(() => import('./flows/layout/ConsoleLayout.js'), 'ConsoleLayout');
const PersonalPage = lazyNamed(() => import('./flows/personal/PersonalPage.js'), 'PersonalPage');
const CertificationPage = lazyNamed(() => import('./flows/certification/CertificationPage.js'), 'CertificationPage');
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
const EnrolSecondFactorPage = lazyNamed(
  () => import('./flows/second-factor/EnrolSecondFactorPage.js'),
  'EnrolSecondFactorPage',
);

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
