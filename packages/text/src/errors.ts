/** Stable codes of the errors thrown by this package. */
export type TextModelErrorCode =
  /** No training sample had both a non-empty text and a label. */
  | 'NO_SAMPLES'
  /** Training data has fewer than two distinct labels: nothing to choose between. */
  | 'TOO_FEW_CLASSES'
  /** A serialised model is malformed, truncated or of an unknown format version. */
  | 'BAD_MODEL';

/** Error thrown for input the models cannot work with; `code` is stable, `message` is Chinese. */
export class TextModelError extends Error {
  readonly code: TextModelErrorCode;

  constructor(code: TextModelErrorCode, message: string) {
    super(message);
    this.name = 'TextModelError';
    this.code = code;
  }
}
