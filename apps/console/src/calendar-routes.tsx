/**
 * The holiday calendar page: its menu entry (spread into `NAV`) and its route (placed into `App`'s
 * route table), kept here so the shared files change by a line each.
 */
import { ScheduleOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import type { Permission } from './api/index.ts';
import type { NavEntry } from './nav-entry.ts';

const CalendarPage = lazy(() => import('./pages/CalendarPage.tsx'));

export const CALENDAR_NAV: NavEntry = {
  path: '/calendar',
  label: 'nav.calendar',
  permission: 'calendar.manage',
  icon: <ScheduleOutlined />,
};

type Guard = ComponentType<{ permission: Permission; children: ReactNode }>;

export function calendarRoutes(RequirePermission: Guard) {
  return [
    <Route
      key="calendar"
      path="calendar"
      element={
        <RequirePermission permission={CALENDAR_NAV.permission}>
          <CalendarPage />
        </RequirePermission>
      }
    />,
  ];
}
