import type { ReactNode } from 'react';
import type { Permission } from './api/index.ts';
import type { MessageKey } from './i18n.ts';

/** One item of the side menu; each area's routes file declares its own, nav.tsx orders them. */
export interface NavEntry {
  path: string;
  label: MessageKey;
  permission: Permission;
  icon: ReactNode;
}
