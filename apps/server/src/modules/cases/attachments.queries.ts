import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { attachments } from '../../db/schema/index.ts';

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(
  db: Db,
  values: typeof attachments.$inferInsert,
): Promise<AttachmentRow> {
  const [a] = await db.insert(attachments).values(values).returning();
  return a!;
}

export async function listAttachments(db: Db, caseId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.createdAt));
}

export async function findAttachment(db: Db, id: string): Promise<AttachmentRow | undefined> {
  const [a] = await db.select().from(attachments).where(eq(attachments.id, id));
  return a;
}
