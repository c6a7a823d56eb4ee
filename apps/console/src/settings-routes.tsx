/**
 * The workflow settings page (menu entry spread into `NAV`) and the inbox page (reached from the
 * header's bell), routes placed into `App`'s route table, kept here so the shared files change by
 * a line each.
 */
import { SettingOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import type { Permission } from './api/index.ts';
import type { NavEntry } from './nav-entry.ts';

const SettingsPage = lazy(() => import('./pages/SettingsPage.tsx'));
const InboxPage = lazy(() => import('./pages/InboxPage.tsx'));

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
    // Reached from the header's bell, not the menu: every signed-in user has an inbox.
    <Route
      key="inbox"
      path="inbox"
      element={
        <RequirePermission permission="session.own">
          <InboxPage />
        </RequirePermission>
      }
    />,
  ];
}
