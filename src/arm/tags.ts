/**
 * ARM tags: at most 50 name/value pairs; names ≤ 512 characters without `< > % & \ ? /` or control characters;
 * values ≤ 256 characters. Names compare case-insensitively, values case-sensitively.
 */
import { ApiError } from '../shared/errors.js';

export type Tags = Record<string, string>;

export const MAX_TAGS = 50;
export const MAX_TAG_NAME = 512;
export const MAX_TAG_VALUE = 256;

const RESERVED = /[<>%&\\?/\u0000-\u001f\u007f]/;

/** Validates a `tags` member of a request body; returns the tags (an empty map for undefined/null). */
export function validateTags(input: unknown): Tags {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'tags must be an object of string values'.");
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length > MAX_TAGS) {
    throw new ApiError(400, 'InvalidTagCount', `The number of tags '${entries.length}' exceeds the maximum of '${MAX_TAGS}' tags per resource.`);
  }
  const bad = entries.filter(([k]) => RESERVED.test(k)).map(([k]) => k);
  if (bad.length > 0) {
    throw new ApiError(400, 'InvalidTagNameCharacters', `The tag names '${bad.join(',')}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`);
  }
  const out: Tags = {};
  for (const [k, v] of entries) {
    if (k.length === 0) throw new ApiError(400, 'InvalidTagNameLength', 'The tag name must not be empty.');
    if (k.length > MAX_TAG_NAME) throw new ApiError(400, 'InvalidTagNameLength', `The tag name '${k}' exceeds the maximum length of '${MAX_TAG_NAME}' characters.`);
    const value = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
    if (value.length > MAX_TAG_VALUE) {
      throw new ApiError(400, 'InvalidTagValueLength', `The tag value '${value}' exceeds the maximum length of '${MAX_TAG_VALUE}' characters.`);
    }
    // Names are case-insensitive: a later spelling of the same name replaces an earlier one.
    const existing = Object.keys(out).find((e) => e.toLowerCase() === k.toLowerCase());
    if (existing !== undefined) delete out[existing];
    out[k] = value;
  }
  return out;
}

/** Tag lookup by name, ignoring the name's case. */
export function tagValue(tags: Tags | undefined, name: string): string | undefined {
  if (!tags) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
