/**
 * The workflow settings page: its menu entry (spread into `NAV`) and its route (placed into
 * `App`'s route table), kept here so the shared files change by a line each.
 */
import { SettingOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import type { Permission } from './api.ts';
import type { NavEntry } from './nav.tsx';

const SettingsPage = lazy(() => import('./pages/SettingsPage.tsx'));

export const SETTINGS_NAV: NavEntry = {
  path: '/settings',
  label: 'nav.settings',
  permission: 'settings.manage',
  icon: <SettingOutlined />,
};

type Guard = ComponentType<{ permission: Permission; children: ReactNode }>;

export function settingsRoutes(RequirePermission: Guard) {
  return [
    <Route
      key="settings"
      path="settings"
      element={
        <RequirePermission permission={SETTINGS_NAV.permission}>
          <SettingsPage />
        </RequirePermission>
      }
    />,
  ];
}
