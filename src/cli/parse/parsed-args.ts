/** Values parsed from a command line, read through typed accessors. */
export type ArgValue = string | boolean | string[];

export class ParsedArgs {
  constructor(
    private readonly values: Map<string, ArgValue>,
    readonly positionals: string[] = [],
  ) {}

  has(dest: string): boolean {
    return this.values.has(dest);
  }

  str(dest: string): string | undefined {
    const v = this.values.get(dest);
    if (v === undefined || typeof v === 'boolean') return undefined;
    return Array.isArray(v) ? v.join(' ') : v;
  }

  flag(dest: string): boolean {
    return this.values.get(dest) === true;
  }

  list(dest: string): string[] | undefined {
    const v = this.values.get(dest);
    if (v === undefined || typeof v === 'boolean') return undefined;
    return Array.isArray(v) ? v : [v];
  }

  /** Plain-object view (tests, debugging). */
  toObject(): Record<string, ArgValue> {
    return Object.fromEntries(this.values);
  }
}
