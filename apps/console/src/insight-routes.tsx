/**
 * The text-analytics pages: their menu entries (spread into `NAV`) and their routes (placed into
 * `App`'s route table), kept here so the shared files change by a line each.
 */
import { ExperimentOutlined, FireOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import type { Permission } from './api/index.ts';
import type { NavEntry } from './nav-entry.ts';

const HotspotsPage = lazy(() => import('./pages/HotspotsPage.tsx'));
const ModelsPage = lazy(() => import('./pages/ModelsPage.tsx'));

export const HOTSPOTS_NAV: NavEntry = {
  path: '/hotspots',
  label: 'nav.hotspots',
  permission: 'analytics.read',
  icon: <FireOutlined />,
};

export const MODELS_NAV: NavEntry = {
  path: '/models',
  label: 'nav.models',
  permission: 'analytics.manage',
  icon: <ExperimentOutlined />,
};

type Guard = ComponentType<{ permission: Permission; children: ReactNode }>;

/** `<Route>` elements for the pages above, behind the app's permission guard. */
export function insightRoutes(RequirePermission: Guard) {
  return [
    <Route
      key="hotspots"
      path="hotspots"
      element={
        <RequirePermission permission={HOTSPOTS_NAV.permission}>
          <HotspotsPage />
        </RequirePermission>
      }
    />,
    <Route
      key="models"
      path="models"
      element={
        <RequirePermission permission={MODELS_NAV.permission}>
          <ModelsPage />
        </RequirePermission>
      }
    />,
  ];
}
