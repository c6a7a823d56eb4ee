import type { HolidayCalendar } from '@lianluo/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { FieldCrypto } from './crypto/fields.ts';
import type { Db } from './db/client.ts';
import type { FileStorage } from './storage.ts';

/** What services need from the outside world, passed explicitly rather than imported. */
export interface Deps {
  db: Db;
  /** Injectable clock: tests move time without sleeping. */
  now: () => Date;
  log: FastifyBaseLogger;
  crypto: FieldCrypto;
  calendar: () => Promise<HolidayCalendar>;
  settings: Settings;
  /** Uploaded files (evidence photos, deputy photos). */
  storage: FileStorage;
}

export interface Settings {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  maxFailedLogins: number;
  lockMinutes: number;
  secureCookies: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  maxFailedLogins: 5,
  lockMinutes: 15,
  secureCookies: false,
};

/** The signed-in caller as every service sees it. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: import('@lianluo/domain').Role;
  regionCode: string;
  /** Significant prefix of regionCode: the rows this actor may see. */
  scope: string;
  stationId: string | null;
  departmentId: string | null;
  deputyId: string | null;
  ip: string;
  requestId: string;
}
