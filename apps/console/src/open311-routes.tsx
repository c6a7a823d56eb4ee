/**
 * The Open311 key page: its menu entry (spread into `NAV`) and its route (placed into `App`'s
 * route table), kept here so the shared files change by a line each.
 */
import { ApiOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import type { Permission } from './api/index.ts';
import type { NavEntry } from './nav-entry.ts';

const Open311KeysPage = lazy(() => import('./pages/Open311KeysPage.tsx'));

export const OPEN311_NAV: NavEntry = {
  path: '/open311',
  label: 'nav.open311',
  permission: 'open311.manage',
  icon: <ApiOutlined />,
};

type Guard = ComponentType<{ permission: Permission; children: ReactNode }>;

export function open311Routes(RequirePermission: Guard) {
  return [
    <Route
      key="open311"
      path="open311"
      element={
        <RequirePermission permission={OPEN311_NAV.permission}>
          <Open311KeysPage />
        </RequirePermission>
      }
    />,
  ];
}
