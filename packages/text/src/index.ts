/**
 * @lianluo/text — pure Chinese text analytics (no I/O): normalisation, segmentation, category
 * classifier, similar-message search, hotspot detection, reply-quality checks and search tokens.
 * See README.md for the pipeline, the heat score, the model format and measured numbers.
 */
export {
  type Analysis,
  type ClassifierOptions,
  loadClassifier,
  type Prediction,
  type SerializedModel,
  type Suggestion,
  suggest,
  type TextClassifier,
  type TrainingSample,
  trainClassifier,
} from './classifier.ts';
export { TextModelError, type TextModelErrorCode } from './errors.ts';
export { findHotspots, type Hotspot, type HotspotDoc, type HotspotOptions } from './hotspots.ts';
export { indexTerms, scanIndexTerms, termHash, terms } from './index-terms.ts';
export { MINHASH_K, minhash, minhashSimilarity } from './minhash.ts';
export { normalize, stripHtml, T2S_TABLE_SIZE, toSimplified } from './normalize.ts';
export { extractPlaces } from './places.ts';
export {
  assessReply,
  REPLY_THRESHOLDS,
  type ReplyAssessment,
  type ReplyFlag,
  type ReplyFlagCode,
  type ReplyInput,
  type ReplyKind,
  type ReplyOptions,
  replySubstance,
  textRelevance,
} from './reply-quality.ts';
export { queryPhrases, queryTokens, searchTokens, tsQuery } from './search.ts';
export { charNgrams, STOP_WORDS, segment, wordBoundaries } from './segment.ts';
export { SimilarityIndex } from './similarity.ts';
export type { SimilarDoc, SimilarHit, SimilarityOptions, SimilarQuery } from './similarity-types.ts';
