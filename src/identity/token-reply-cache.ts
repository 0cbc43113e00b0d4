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
  /** The UTF-8 bytes of `json`, made on first use. */
  bytes?: Buffer;
}

export class TokenReplyCache {
  private readonly byToken = new Map<string, CachedReply>();

  constructor(private readonly maxEntries = MAX_CACHED_REPLIES) {}

  /** The JSON text of `build()`, reused while `accessToken`, `variant` and `expiresIn` are the same. */
  json(accessToken: string, variant: string, expiresIn: number, build: () => unknown): string {
    return this.entry(accessToken, variant, expiresIn, build).json;
  }

  /**
   * The same reply as UTF-8 bytes. A reply sent as bytes is not encoded again per request, and goes out with the
   * response head in the same write (node:http corks the socket for `end()`).
   */
  bytes(accessToken: string, variant: string, expiresIn: number, build: () => unknown): Buffer {
    const entry = this.entry(accessToken, variant, expiresIn, build);
    return (entry.bytes ??= Buffer.from(entry.json, 'utf8'));
  }

  private entry(accessToken: string, variant: string, expiresIn: number, build: () => unknown): CachedReply {
    const hit = this.byToken.get(accessToken);
    if (hit !== undefined && hit.variant === variant && hit.expiresIn === expiresIn) return hit;
    const entry: CachedReply = { variant, expiresIn, json: JSON.stringify(build()) };
    if (hit === undefined && this.byToken.size >= this.maxEntries) this.byToken.delete(this.byToken.keys().next().value as string);
    this.byToken.set(accessToken, entry);
    return entry;
  }
}
