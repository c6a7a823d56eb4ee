/**
 * Type helpers over the generated `paths` (schema.d.ts): the JSON a route answers, the body it
 * takes, its query. Every API type of the console is one of these, never written by hand.
 */
import type { paths } from './schema';

type ApiPath = keyof paths;
type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R extends { 200: infer X } ? X : R extends { 201: infer X } ? X : never;

/** The JSON a route answers on success. */
export type ApiResponse<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends {
    responses: infer R;
  }
    ? Json<Success<R>>
    : never;

/** The JSON body a route takes. */
export type ApiBody<P extends ApiPath, M extends Method = 'post'> =
  Operation<P, M> extends {
    requestBody?: infer B;
  }
    ? Json<NonNullable<B>>
    : never;

/** The query parameters a route takes (all optional where the server says so). */
export type ApiQuery<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends {
    parameters: { query?: infer Q };
  }
    ? NonNullable<Q>
    : never;

/** One row of a list answer. */
export type ItemOf<L> = L extends { items: (infer I)[] } ? I : never;

/** A string filter as a page holds it: any text, whatever values the route allows. */
type Text<T> = T extends string ? string : T;

/**
 * A query as the console's pages hold it. A filter not set is `null` (or '' or false), and the
 * client leaves it out of the URL. A coded filter (status, kind, level …) is the text the URL
 * holds, as the user or a shared link wrote it: the server checks it against the route's schema
 * and answers 400 to an unknown value, which the page shows like any other error.
 */
export type Filters<Q> = { [K in keyof Q]?: Text<Q[K]> | null };
