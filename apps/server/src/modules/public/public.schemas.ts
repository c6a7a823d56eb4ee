import { type Static, Type } from '@sinclair/typebox';

/**
 * Schemas of the public module. The public pages (`/p/…`) are plain HTML forms and links, hidden
 * from the OpenAPI document: their queries and multipart forms are read by hand (params.ts,
 * opinion.form.ts) so that a bad field is answered on the page, in words, not with a 400; their
 * types are here all the same. The staff photo uploads are API routes with response schemas.
 */

/** The `:id` of a public page: any string (a malformed id is the page's own 404). */
export const PageParams = Type.Object({ id: Type.String() });

export const PhotoResult = Type.Object({
  photoUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});
export type PhotoResult = Static<typeof PhotoResult>;

const Field = Type.Optional(Type.String());

/** The raise-an-opinion form as typed (strings only; files separately). */
const OpinionFields = Type.Object({
  station: Field,
  deputy: Field,
  content: Field,
  category: Field,
  address: Field,
  latitude: Field,
  longitude: Field,
  name: Field,
  phone: Field,
  code: Field,
  anonymous: Field,
  consent: Field,
  powChallenge: Field,
  powNonce: Field,
  /** The category suggestion the page showed (signed; see signSuggestion), set by its script. */
  suggestion: Field,
  /** 'qr' when the page was opened from a station's or deputy's code, 'web' when picked on the site. */
  via: Field,
});
export type OpinionForm = Static<typeof OpinionFields>;

/** What an accepted opinion answers, stored under its Idempotency-Key for a resend. */
const Submitted = Type.Object({ caseId: Type.String(), number: Type.String(), anonymous: Type.Boolean() });
export type Submitted = Static<typeof Submitted>;

/** A photo of the form, already decoded and re-encoded as a JPEG without metadata. */
export interface Photo {
  bytes: Buffer;
  /** SHA-256 (hex) of the file as the browser sent it: what the Idempotency-Key binds. */
  sent: string;
}

/** The booking form (预约代表) as posted: every field a string, '' when missing. */
const BookFields = Type.Object({
  station: Type.String(),
  /** A shift's id, or 'other' (or '') for another time. */
  shift: Type.String(),
  preferredDate: Type.String(),
  preferredTime: Type.String(),
  name: Type.String(),
  phone: Type.String(),
  topic: Type.String(),
});
export type BookForm = Static<typeof BookFields>;
