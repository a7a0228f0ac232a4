import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { createQueryClient } from './api/queries.js';
import { AdminLayout } from './flows/admin/AdminLayout.js';
import { DetailPage } from './flows/admin/DetailPage.js';
import { MessagesPage } from './flows/admin/MessagesPage.js';
import { MfaPage } from './flows/admin/MfaPage.js';
import { QueuePage } from './flows/admin/QueuePage.js';
import { AppDetailPage } from './flows/apps/AppDetailPage.js';
import { AppsPage } from './flows/apps/AppsPage.js';
import { CertificationPage } from './flows/certification/CertificationPage.js';
import { ConsoleLayout } from './flows/layout/ConsoleLayout.js';
import { NotFoundPage } from './flows/layout/NotFoundPage.js';
import { RedirectIfSignedIn, RequireSession } from './flows/layout/session.js';
import { PasswordResetPage } from './flows/password-reset/PasswordResetPage.js';
import { LoginPage } from './flows/login/LoginPage.js';
import { PersonalPage } from './flows/personal/PersonalPage.js';
import { RegisterPage } from './flows/registration/RegisterPage.js';
import { AntdLocale } from './i18n/AntdLocale.js';
import { I18nProvider } from './i18n/I18nProvider.js';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdLocale>
          <BrowserRouter>
            <Routes>
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
                <Route path="/admin/messages" element={<MessagesPage />} />
                <Route path="/admin/certifications/:accountId" element={<DetailPage />} />
              </Route>
              <Route path="/" element={<Navigate to="/apps" replace />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </BrowserRouter>
        </AntdLocale>
      </I18nProvider>
    </QueryClientProvider>
  );
}
