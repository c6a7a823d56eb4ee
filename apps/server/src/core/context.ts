import type { HolidayCalendar } from '@lianluo/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { FieldCrypto } from '../crypto/fields.ts';
import type { Db } from '../db/client.ts';
import type { BlobStorage } from '../storage/storage.ts';

/** What services need from the outside world, passed explicitly rather than imported. */
export interface Deps {
  db: Db;
  /** Injectable clock: tests move time without sleeping. */
  now: () => Date;
  log: FastifyBaseLogger;
  crypto: FieldCrypto;
  calendar: () => Promise<HolidayCalendar>;
  /** Reloads a cached calendar after an administrator changed the calendar table. */
  calendarChanged?: () => void | Promise<void>;
  settings: Settings;
  /** Attachment bytes (disk by default; S3-compatible stores implement the same interface). */
  storage: BlobStorage;
}

export interface Settings {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  maxFailedLogins: number;
  lockMinutes: number;
  secureCookies: boolean;
  /** Largest attachment accepted, in bytes (413 above); per deployment (LIANLUO_MAX_ATTACHMENT_BYTES). */
  maxAttachmentBytes: number;
  /**
   * Calendar days to wait for the person's rating: the deployment's default
   * (LIANLUO_RATING_WAIT_DAYS); a county's region_settings row overrides it.
   */
  ratingWaitDays: number;
  /** What no rating within the wait counts as: default (LIANLUO_RATING_TIMEOUT_COUNTS_AS), per county too. */
  ratingTimeoutCountsAs: 'satisfied' | 'basically_satisfied';
}

export const DEFAULT_SETTINGS: Settings = {
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  maxFailedLogins: 5,
  lockMinutes: 15,
  secureCookies: false,
  maxAttachmentBytes: 20 * 1024 * 1024,
  ratingWaitDays: 7,
  ratingTimeoutCountsAs: 'satisfied',
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
