/** What goes into the similar-message index and what a query gets back (similarity.ts). */
export interface SimilarDoc {
  id: string;
  text: string;
  /** Zero-padded administrative region code; `regionPrefix` filters on it. */
  regionCode?: string;
  at?: Date | string;
  meta?: unknown;
}

export interface SimilarQuery {
  /** Maximum results (default 10, at most 1000). */
  limit?: number;
  /** Only documents whose regionCode starts with this. */
  regionPrefix?: string;
  /** Only documents dated at or after this (documents without a date are excluded). */
  since?: Date;
  /** Leave this document out (e.g. the case being viewed). */
  excludeId?: string;
  /** Minimum cosine score (default 0.1). */
  minScore?: number;
  /**
   * Score every document sharing a term with the query instead of pruning candidates by their most
   * informative terms (slow at scale; for tests and the benchmark's recall check).
   */
  exhaustive?: boolean;
}

export interface SimilarHit {
  id: string;
  /** Cosine similarity in [0, 1] (1 for exact duplicates). */
  score: number;
  /** Readable terms both texts share, most informative first (adjacent shared bigrams merged). */
  sharedTerms: string[];
  duplicate: 'exact' | 'near' | null;
}

export interface SimilarityOptions {
  /** Characters of normalised text indexed per document (default 2000). */
  maxChars?: number;
  /** Jaccard similarity at or above which a hit is a near duplicate (default 0.8). */
  nearThreshold?: number;
}
