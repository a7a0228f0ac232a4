import { QueryClientProvider } from '@tanstack/react-query';
import { Flex, Spin } from 'antd';
import { Suspense, useState } from 'react';
import {
  createBrowserRouter,
  createRoutesFromElements,
  matchRoutes,
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

/** A route's own chunks, as its `handle`: what firstPageChunks preloads for a path it matches. */
const chunks = (...loaders: Loader[]) => ({ chunks: loaders });

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

/** Every route of the console, with each route's chunks as its `handle` (firstPageChunks). */
const routes = createRoutesFromElements(
  <Route element={<Root />}>
    <Route
      path="/login"
      handle={chunks(login)}
      element={
        <RedirectIfSignedIn>
          <LoginPage />
        </RedirectIfSignedIn>
      }
    />
    <Route
      path="/register"
      handle={chunks(registration)}
      element={
        <RedirectIfSignedIn>
          <RegisterPage />
        </RedirectIfSignedIn>
      }
    />
    <Route path="/forgot-password" handle={chunks(passwordReset)} element={<PasswordResetPage />} />
    <Route
      handle={chunks(consoleLayout)}
      element={
        <RequireSession>
          <ConsoleLayout />
        </RequireSession>
      }
    >
      <Route path="/apps" handle={chunks(apps)} element={<AppsPage />} />
      <Route path="/apps/:appId" handle={chunks(apps)} element={<AppDetailPage />} />
      <Route path="/personal" handle={chunks(personal)} element={<PersonalPage />} />
      <Route path="/certification" handle={chunks(certification)} element={<CertificationPage />} />
    </Route>
    <Route
      path="/security-setup"
      handle={chunks(enrolSecondFactor)}
      element={
        <RequireSession>
          <EnrolSecondFactorPage />
        </RequireSession>
      }
    />
    <Route
      path="/admin/mfa"
      handle={chunks(admin)}
      element={
        <RequireSession audience="staff">
          <MfaPage />
        </RequireSession>
      }
    />
    <Route
      handle={chunks(admin)}
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
    {/* Sent on to /apps: its chunks. */}
    <Route path="/" handle={chunks(consoleLayout, apps)} element={<Navigate to="/apps" replace />} />
    <Route path="*" handle={chunks(notFound)} element={<NotFoundPage />} />
  </Route>,
);

/**
 * The chunks of the page a visit opens on, from the routes that match its path (main.tsx loads
 * them before the first render, so the page renders without a fallback). A signed-out visit to a
 * console page is sent to /login, whose chunk then loads on its own.
 */
export function firstPageChunks(pathname: string): Loader[] {
  return (matchRoutes(routes, pathname) ?? []).flatMap(
    ({ route }) => (route.handle as ReturnType<typeof chunks> | undefined)?.chunks ?? [],
  );
}

/**
 * A data router (createBrowserRouter), so that a page can hold a navigation back with
 * `useBlocker` (an edited 信息登记 form asks before any link, menu item or Back leaves it).
 */
const createRouter = () => createBrowserRouter(routes);

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
