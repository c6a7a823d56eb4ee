import { hiddenCharacters, hiddenCharactersMessage } from '@lianluo/domain';

/** The texts of a form that may come back cleaned for the person to check. */
export type CleanedField = 'content' | 'name' | 'address' | 'comment';

/** A refusal on a public page: a Chinese message, the status, and the field it concerns. */
export class PublicError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly field?: string,
    /** A fresh proof-of-work challenge the page must solve before resending. */
    readonly pow?: { challenge: string; bits: number },
    /** Texts of the form as they would be stored, for the person to check and send again. */
    readonly cleaned?: Partial<Record<CleanedField, string>>,
  ) {
    super(message);
  }
}

/** A rate limit's refusal (429), with the seconds until its window ends. */
export class RateLimited extends PublicError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message, 429);
  }
}

export const tooMany = (what: string) => new PublicError(`${what}过于频繁，请稍后再试`, 429);

/**
 * Text with characters its writer could not see (zero-width, bidi controls) or Latin words spelled
 * with Cyrillic or Greek look-alikes is not stored: what is kept must be what the person saw. The
 * form comes back with every such text cleaned (the last check, so nothing else is then wrong), and
 * sending that back is accepted. Nothing is stored before this, the Idempotency-Key included, so
 * the page may resend under the same key.
 */
export function refuseHidden(texts: (readonly [CleanedField, string, string, string])[]) {
  const labels: string[] = [];
  const found = { invisible: false, confusable: false };
  const cleaned: Partial<Record<CleanedField, string>> = {};
  let field: string | undefined;
  for (const [key, label, raw, clean] of texts) {
    const h = hiddenCharacters(raw);
    if (!h.invisible && !h.confusable) continue;
    found.invisible ||= h.invisible;
    found.confusable ||= h.confusable;
    labels.push(label);
    cleaned[key] = clean;
    field ??= key;
  }
  if (field) {
    throw new PublicError(hiddenCharactersMessage(labels, found), 400, field, undefined, cleaned);
  }
}
