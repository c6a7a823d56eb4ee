import { Button, Flex, Result, Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { Permission } from './api/index.ts';
import { useAuth } from './auth.tsx';
import { calendarRoutes } from './calendar-routes.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { useI18n } from './i18n.ts';
import { insightRoutes } from './insight-routes.tsx';
import { NAV } from './nav.tsx';
import { networkRoutes } from './network-routes.tsx';
import { open311Routes } from './open311-routes.tsx';
import { useRegionLink } from './region.ts';
import { settingsRoutes } from './settings-routes.tsx';

const LoginPage = lazy(() => import('./pages/LoginPage.tsx'));
const HomePage = lazy(() => import('./pages/HomePage.tsx'));
const StationsPage = lazy(() => import('./pages/StationsPage.tsx'));
const DeputiesPage = lazy(() => import('./pages/DeputiesPage.tsx'));
const CasesPage = lazy(() => import('./pages/CasesPage.tsx'));
const CaseDetailPage = lazy(() => import('./pages/CaseDetailPage.tsx'));
const CaseNewPage = lazy(() => import('./pages/CaseNewPage.tsx'));
const PrintPage = lazy(() => import('./pages/PrintPage.tsx'));
const SupervisionPage = lazy(() => import('./pages/SupervisionPage.tsx'));
const CommitmentsPage = lazy(() => import('./pages/CommitmentsPage.tsx'));
const CommonIssuesPage = lazy(() => import('./pages/CommonIssuesPage.tsx'));
const DepartmentsPage = lazy(() => import('./pages/DepartmentsPage.tsx'));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx'));
const RotaPage = lazy(() => import('./pages/RotaPage.tsx'));
const AttendancePage = lazy(() => import('./pages/AttendancePage.tsx'));
const CheckinPage = lazy(() => import('./pages/CheckinPage.tsx'));

function FullPageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Signed-in pages: wait for /api/me, send strangers to /login. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { me, signedOut } = useAuth();
  const location = useLocation();
  if (me === undefined) return <FullPageSpin />;
  if (me === null) {
    if (signedOut === 'logout') return <Navigate to="/login" replace />;
    const params = new URLSearchParams();
    if (signedOut === 'expired') params.set('expired', '1');
    const next = `${location.pathname}${location.search}`;
    if (next !== '/') params.set('next', next);
    const qs = params.toString();
    return <Navigate to={qs ? `/login?${qs}` : '/login'} replace />;
  }
  return <>{children}</>;
}

/** A page the user may not open (typed URL): say so rather than show an empty shell. */
function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useI18n();
  const link = useRegionLink();
  if (!can(permission)) {
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('common.forbidden')}
        extra={
          <Link to={link('/')}>
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}

/** `/`: the dashboard, or the first page the role can open when it has no dashboard. */
function Index() {
  const { can } = useAuth();
  const { t } = useI18n();
  const link = useRegionLink();
  if (can('dashboard.read')) return <HomePage />;
  const first = NAV.find((n) => n.path !== '/' && can(n.permission));
  if (first) return <Navigate to={link(first.path)} replace />;
  return <Result status="info" title={t('common.noFeatures')} />;
}

function NotFound() {
  const { t } = useI18n();
  const link = useRegionLink();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to={link('/')}>
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function App() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        path="cases/:id/print/:kind"
        element={
          <RequireAuth>
            <Suspense fallback={<FullPageSpin />}>
              <RequirePermission permission="cases.read">
                <PrintPage />
              </RequirePermission>
            </Suspense>
          </RequireAuth>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Index />} />
        <Route
          path="stations"
          element={
            <RequirePermission permission="stations.read">
              <StationsPage />
            </RequirePermission>
          }
        />
        <Route
          path="deputies"
          element={
            <RequirePermission permission="deputies.read">
              <DeputiesPage />
            </RequirePermission>
          }
        />
        <Route
          path="rota"
          element={
            <RequirePermission permission="rota.read">
              <RotaPage />
            </RequirePermission>
          }
        />
        <Route
          path="checkin"
          element={
            <RequirePermission permission="rota.checkin">
              <CheckinPage />
            </RequirePermission>
          }
        />
        <Route
          path="attendance"
          element={
            <RequirePermission permission="rota.read">
              <AttendancePage />
            </RequirePermission>
          }
        />
        <Route
          path="cases"
          element={
            <RequirePermission permission="cases.read">
              <CasesPage />
            </RequirePermission>
          }
        />
        <Route
          path="cases/new"
          element={
            <RequirePermission permission="cases.create">
              <CaseNewPage />
            </RequirePermission>
          }
        />
        <Route
          path="supervision"
          element={
            <RequirePermission permission="cases.supervise">
              <SupervisionPage />
            </RequirePermission>
          }
        />
        <Route
          path="commitments"
          element={
            <RequirePermission permission="cases.read">
              <CommitmentsPage />
            </RequirePermission>
          }
        />
        <Route
          path="common-issues"
          element={
            <RequirePermission permission="cases.read">
              <CommonIssuesPage />
            </RequirePermission>
          }
        />
        <Route
          path="cases/:id"
          element={
            <RequirePermission permission="cases.read">
              <CaseDetailPage />
            </RequirePermission>
          }
        />
        <Route
          path="departments"
          element={
            <RequirePermission permission="departments.read">
              <DepartmentsPage />
            </RequirePermission>
          }
        />
        <Route
          path="audit"
          element={
            <RequirePermission permission="audit.read">
              <AuditPage />
            </RequirePermission>
          }
        />
        {insightRoutes(RequirePermission)}
        {networkRoutes(RequirePermission)}
        {open311Routes(RequirePermission)}
        {calendarRoutes(RequirePermission)}
        {settingsRoutes(RequirePermission)}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
