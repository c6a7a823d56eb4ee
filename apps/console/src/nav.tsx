/**
 * The console's pages and the permission each needs. The side menu and the route guards both read
 * this table, so a menu entry exists exactly when its page works for the user.
 */
import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileTextOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { CALENDAR_NAV } from './calendar-routes.tsx';
import { HOTSPOTS_NAV, MODELS_NAV } from './insight-routes.tsx';
import type { NavEntry } from './nav-entry.ts';
import { NETWORK_NAV } from './network-routes.tsx';
import { OPEN311_NAV } from './open311-routes.tsx';
import { SETTINGS_NAV } from './settings-routes.tsx';

export const NAV: readonly NavEntry[] = [
  { path: '/', label: 'nav.home', permission: 'dashboard.read', icon: <DashboardOutlined /> },
  { path: '/stations', label: 'nav.stations', permission: 'stations.read', icon: <HomeOutlined /> },
  { path: '/deputies', label: 'nav.deputies', permission: 'deputies.read', icon: <TeamOutlined /> },
  { path: '/rota', label: 'nav.rota', permission: 'rota.read', icon: <CalendarOutlined /> },
  { path: '/attendance', label: 'nav.attendance', permission: 'rota.read', icon: <CheckCircleOutlined /> },
  ...NETWORK_NAV,
  { path: '/cases', label: 'nav.cases', permission: 'cases.read', icon: <FileTextOutlined /> },
  HOTSPOTS_NAV,
  { path: '/supervision', label: 'nav.supervision', permission: 'cases.supervise', icon: <AlertOutlined /> },
  {
    path: '/commitments',
    label: 'nav.commitments',
    permission: 'cases.supervise',
    icon: <CalendarOutlined />,
  },
  {
    path: '/common-issues',
    label: 'nav.commonIssues',
    permission: 'cases.triage',
    icon: <ClusterOutlined />,
  },
  { path: '/departments', label: 'nav.departments', permission: 'departments.read', icon: <BankOutlined /> },
  { path: '/audit', label: 'nav.audit', permission: 'audit.read', icon: <AuditOutlined /> },
  MODELS_NAV,
  OPEN311_NAV,
  CALENDAR_NAV,
  SETTINGS_NAV,
];

/** The menu key for a pathname: `/cases/123` belongs to `/cases`. */
export function navKeyFor(pathname: string): string {
  const hit = NAV.filter((n) => n.path !== '/' && (pathname === n.path || pathname.startsWith(`${n.path}/`)));
  return hit[0]?.path ?? '/';
}
