/** az's `--tags key[=value] …` parsing; `--tags ""` clears tags. */
export function parseTags(values: string[] | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const v of values) {
    if (v === '') continue;
    const i = v.indexOf('=');
    if (i < 0) tags[v] = '';
    else tags[v.slice(0, i)] = v.slice(i + 1);
  }
  return tags;
}
