/**
 * The serialised JSON of token replies, remembered per access token. A reply to a cached token depends only on the
 * token, the reply's variant (protocol version, client id) and the seconds left, so a client asking again within the
 * same second gets the same text without the token being serialised again.
 */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const MAX_CACHED_REPLIES = 1000;

interface CachedReply {
  variant: string;
  expiresIn: number;
  json: string;
}

export class TokenReplyCache {
  private readonly byToken = new Map<string, CachedReply>();

  constructor(private readonly maxEntries = MAX_CACHED_REPLIES) {}

  /** The JSON text of `build()`, reused while `accessToken`, `variant` and `expiresIn` are the same. */
  json(accessToken: string, variant: string, expiresIn: number, build: () => unknown): string {
    const hit = this.byToken.get(accessToken);
    if (hit !== undefined && hit.variant === variant && hit.expiresIn === expiresIn) return hit.json;
    const json = JSON.stringify(build());
    if (hit === undefined && this.byToken.size >= this.maxEntries) this.byToken.delete(this.byToken.keys().next().value as string);
    this.byToken.set(accessToken, { variant, expiresIn, json });
    return json;
  }
}
