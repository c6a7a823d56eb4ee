/**
 * The station-network pages added beside stations/deputies/rota: checklist templates and the
 * division tree. Their menu entries (spread into `NAV`) and routes (placed into `App`'s table)
 * live here so the shared files change by a line each.
 */
import { ApartmentOutlined, OrderedListOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import type { Permission } from './api/index.ts';
import type { NavEntry } from './nav-entry.ts';

const ChecklistTemplatesPage = lazy(() => import('./pages/ChecklistTemplatesPage.tsx'));
const RegionsPage = lazy(() => import('./pages/RegionsPage.tsx'));

export const NETWORK_NAV: readonly NavEntry[] = [
  {
    path: '/checklist-templates',
    label: 'nav.checklistTemplates',
    permission: 'stations.read',
    icon: <OrderedListOutlined />,
  },
  { path: '/regions', label: 'nav.regions', permission: 'regions.read', icon: <ApartmentOutlined /> },
];

type Guard = ComponentType<{ permission: Permission; children: ReactNode }>;
const PAGES: Record<string, ComponentType> = {
  '/checklist-templates': ChecklistTemplatesPage,
  '/regions': RegionsPage,
};

/** `<Route>` elements for the pages above, behind the app's permission guard. */
export function networkRoutes(RequirePermission: Guard) {
  return NETWORK_NAV.map((n) => {
    const Page = PAGES[n.path]!;
    return (
      <Route
        key={n.path}
        path={n.path.slice(1)}
        element={
          <RequirePermission permission={n.permission}>
            <Page />
          </RequirePermission>
        }
      />
    );
  });
}
