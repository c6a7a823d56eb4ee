import type { StaffChannel } from '@lianluo/domain';
import type { InboxRow } from './notify.queries.ts';
import type { Contact, InboxItem } from './notify.schemas.ts';

export function toInboxItem(r: InboxRow): InboxItem {
  return {
    ...r,
    id: Number(r.id),
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** The contact fields only (never the account's region); the column's values are the staff channels. */
export function toContact(r: {
  email: string | null;
  wechatOpenid: string | null;
  notifyChannels: string[];
}): Contact {
  return {
    email: r.email,
    wechatOpenid: r.wechatOpenid,
    notifyChannels: r.notifyChannels as StaffChannel[],
  };
}
