/**
 * Azure ABAC role-assignment conditions (conditionVersion 2.0), the common subset:
 * `ActionMatches{'…'}`, `SubOperationMatches{'…'}`, `AND`/`&&`, `OR`/`||`, `NOT`/`!`, parentheses,
 * comparisons `<operand> <operator> <operand>` with `@Resource[…]`/`@Request[…]`/`@Principal[…]`/
 * `@Environment[…]` attributes, quoted strings, bare words (GUIDs, numbers) and `{a, b}` sets; operators
 * `String[Not](Equals|StartsWith|Like)[IgnoreCase]`, `Guid[Not]Equals`, `Numeric*`, `Bool[Not]Equals`,
 * optionally prefixed by `ForAnyOfAnyValues:` / `ForAllOfAnyValues:` / `ForAnyOfAllValues:` / `ForAllOfAllValues:`.
 * A comparison whose attribute is absent from the request evaluates to false.
 */
import { actionMatches } from './action-match.js';

export interface ConditionContext {
  action: string;
  /** e.g. `Blob.List`; `SubOperationMatches` is false when absent. */
  subOperation?: string;
  /** Attribute values keyed by their full reference, e.g. `@Resource[Microsoft.Storage/…/containers:name]`. */
  attributes?: Record<string, string>;
}

export type CompiledCondition =
  | { ok: true; evaluate: (ctx: ConditionContext) => boolean }
  | { ok: false; error: string };

type Eval = (ctx: ConditionContext) => boolean;
type Token =
  | { kind: 'punct'; value: '(' | ')' | '{' | '}' | ',' | '!' | '&&' | '||' }
  | { kind: 'string'; value: string }
  | { kind: 'attr'; value: string }
  | { kind: 'word'; value: string };

class ConditionSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '&' || ch === '|') {
      if (text[i + 1] !== ch) throw new ConditionSyntaxError(`unexpected '${ch}' at ${i}`);
      out.push({ kind: 'punct', value: ch === '&' ? '&&' : '||' });
      i += 2;
    } else if ('(){},!'.includes(ch)) {
      out.push({ kind: 'punct', value: ch as '(' });
      i++;
    } else if (ch === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== "'") {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j] + text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      if (j >= text.length) throw new ConditionSyntaxError(`unterminated string at ${i}`);
      out.push({ kind: 'string', value });
      i = j + 1;
    } else if (ch === '@') {
      const m = /^@[A-Za-z]+\[[^\]]*\]/.exec(text.slice(i));
      if (!m) throw new ConditionSyntaxError(`bad attribute at ${i}`);
      out.push({ kind: 'attr', value: m[0] });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z0-9_.:\-]+/.exec(text.slice(i));
      if (!m) throw new ConditionSyntaxError(`unexpected '${ch}' at ${i}`);
      out.push({ kind: 'word', value: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

type Operand =
  | { kind: 'attr'; key: string }
  | { kind: 'literal'; values: string[] };

type Compare = (left: string, right: string) => boolean;

function globToRegex(pattern: string, ignoreCase: boolean): RegExp {
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '?')) {
      src += '\\' + pattern[++i];
    } else if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += /[.+^${}()|[\]\\/]/.test(ch) ? '\\' + ch : ch;
  }
  return new RegExp(src + '$', ignoreCase ? 'is' : 's');
}

function normalizeGuid(s: string): string {
  return s.replace(/-/g, '').toLowerCase();
}

/** Returns the element comparison and whether the operator is a negated form. */
function parseOperator(name: string): { compare: Compare; negated: boolean } | undefined {
  const lower = name.toLowerCase();
  const str = /^string(not)?(equals|startswith|like)(ignorecase)?$/.exec(lower);
  if (str) {
    const ic = !!str[3];
    const norm = ic ? (s: string) => s.toLowerCase() : (s: string) => s;
    let compare: Compare;
    if (str[2] === 'equals') compare = (l, r) => norm(l) === norm(r);
    else if (str[2] === 'startswith') compare = (l, r) => norm(l).startsWith(norm(r));
    else {
      const cache = new Map<string, RegExp>();
      compare = (l, r) => {
        let re = cache.get(r);
        if (!re) cache.set(r, (re = globToRegex(r, ic)));
        return re.test(l);
      };
    }
    return { compare, negated: !!str[1] };
  }
  const guid = /^guid(not)?equals$/.exec(lower);
  if (guid) return { compare: (l, r) => normalizeGuid(l) === normalizeGuid(r), negated: !!guid[1] };
  const bool = /^bool(not)?equals$/.exec(lower);
  if (bool) return { compare: (l, r) => l.toLowerCase() === r.toLowerCase(), negated: !!bool[1] };
  const num = /^numeric(equals|notequals|lessthan|lessthanequals|greaterthan|greaterthanequals)$/.exec(lower);
  if (num) {
    const op = num[1];
    const cmp = (l: string, r: string, f: (a: number, b: number) => boolean) => {
      const a = Number(l);
      const b = Number(r);
      return l.trim() !== '' && r.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
    };
    const f: Record<string, (a: number, b: number) => boolean> = {
      equals: (a, b) => a === b,
      notequals: (a, b) => a === b,
      lessthan: (a, b) => a < b,
      lessthanequals: (a, b) => a <= b,
      greaterthan: (a, b) => a > b,
      greaterthanequals: (a, b) => a >= b,
    };
    return { compare: (l, r) => cmp(l, r, f[op]), negated: op === 'notequals' };
  }
  return undefined;
}

function lookupAttribute(ctx: ConditionContext, key: string): string | undefined {
  const attrs = ctx.attributes;
  if (!attrs) return undefined;
  const direct = attrs[key];
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  for (const k of Object.keys(attrs)) if (k.toLowerCase() === lower) return attrs[k];
  return undefined;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Eval {
    const e = this.parseOr();
    if (this.pos < this.tokens.length) throw new ConditionSyntaxError(`unexpected token '${this.tokens[this.pos].value}'`);
    return e;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(t: Token | undefined, w: string): boolean {
    return t?.kind === 'word' && t.value.toLowerCase() === w;
  }

  private isPunct(t: Token | undefined, p: string): boolean {
    return t?.kind === 'punct' && t.value === p;
  }

  private expectPunct(p: string): void {
    const t = this.tokens[this.pos++];
    if (!this.isPunct(t, p)) throw new ConditionSyntaxError(`expected '${p}'`);
  }

  private parseOr(): Eval {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or') || this.isPunct(this.peek(), '||')) {
      this.pos++;
      const a = left;
      const b = this.parseAnd();
      left = (ctx) => a(ctx) || b(ctx);
    }
    return left;
  }

  private parseAnd(): Eval {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), 'and') || this.isPunct(this.peek(), '&&')) {
      this.pos++;
      const a = left;
      const b = this.parseUnary();
      left = (ctx) => a(ctx) && b(ctx);
    }
    return left;
  }

  private parseUnary(): Eval {
    const t = this.peek();
    if (this.isPunct(t, '!') || this.isWord(t, 'not')) {
      this.pos++;
      const inner = this.parseUnary();
      return (ctx) => !inner(ctx);
    }
    return this.parsePrimary();
  }

  private parseBracedString(): string {
    this.expectPunct('{');
    const t = this.tokens[this.pos++];
    if (t?.kind !== 'string') throw new ConditionSyntaxError('expected a quoted string');
    this.expectPunct('}');
    return t.value;
  }

  private parsePrimary(): Eval {
    const t = this.peek();
    if (!t) throw new ConditionSyntaxError('unexpected end of condition');
    if (this.isPunct(t, '(')) {
      this.pos++;
      const e = this.parseOr();
      this.expectPunct(')');
      return e;
    }
    if (this.isWord(t, 'actionmatches')) {
      this.pos++;
      const pattern = this.parseBracedString();
      return (ctx) => actionMatches(pattern, ctx.action);
    }
    if (this.isWord(t, 'suboperationmatches')) {
      this.pos++;
      const pattern = this.parseBracedString();
      return (ctx) => ctx.subOperation !== undefined && actionMatches(pattern, ctx.subOperation);
    }
    return this.parseComparison();
  }

  private parseOperand(): Operand {
    const t = this.tokens[this.pos++];
    if (!t) throw new ConditionSyntaxError('expected an operand');
    if (t.kind === 'attr') return { kind: 'attr', key: t.value };
    if (t.kind === 'string' || t.kind === 'word') return { kind: 'literal', values: [t.value] };
    if (t.kind === 'punct' && t.value === '{') {
      const values: string[] = [];
      for (;;) {
        const v = this.tokens[this.pos++];
        if (v?.kind !== 'string' && v?.kind !== 'word') throw new ConditionSyntaxError('expected a set value');
        values.push(v.value);
        const sep = this.tokens[this.pos++];
        if (this.isPunct(sep, '}')) break;
        if (!this.isPunct(sep, ',')) throw new ConditionSyntaxError("expected ',' or '}'");
      }
      return { kind: 'literal', values };
    }
    throw new ConditionSyntaxError(`unexpected '${t.value}'`);
  }

  private parseComparison(): Eval {
    const left = this.parseOperand();
    const opTok = this.tokens[this.pos++];
    if (opTok?.kind !== 'word') throw new ConditionSyntaxError('expected an operator');
    let quantifier = '';
    let opName = opTok.value;
    const colon = opName.indexOf(':');
    if (colon >= 0) {
      quantifier = opName.slice(0, colon).toLowerCase();
      opName = opName.slice(colon + 1);
      if (!/^for(any|all)of(any|all)values$/.test(quantifier)) {
        throw new ConditionSyntaxError(`unknown quantifier '${opTok.value}'`);
      }
    }
    const op = parseOperator(opName);
    if (!op) throw new ConditionSyntaxError(`unsupported operator '${opTok.value}'`);
    const right = this.parseOperand();
    const resolve = (o: Operand, ctx: ConditionContext): string[] | undefined => {
      if (o.kind === 'literal') return o.values;
      const v = lookupAttribute(ctx, o.key);
      return v === undefined ? undefined : [v];
    };
    const { compare, negated } = op;
    if (!quantifier) {
      return (ctx) => {
        const l = resolve(left, ctx);
        const r = resolve(right, ctx);
        if (!l || !r) return false;
        const any = l.some((a) => r.some((b) => compare(a, b)));
        return negated ? !any : any;
      };
    }
    const leftAll = quantifier.startsWith('forall');
    const rightAll = quantifier.endsWith('ofallvalues');
    const el: Compare = negated ? (a, b) => !compare(a, b) : compare;
    return (ctx) => {
      const l = resolve(left, ctx);
      const r = resolve(right, ctx);
      if (!l || !r) return false;
      const onRight = (a: string) => (rightAll ? r.every((b) => el(a, b)) : r.some((b) => el(a, b)));
      return leftAll ? l.every(onRight) : l.some(onRight);
    };
  }
}

/** Parses a condition once; a syntax error yields `{ ok: false }` (such a condition never grants). */
export function compileCondition(text: string): CompiledCondition {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) return { ok: false, error: 'empty condition' };
    return { ok: true, evaluate: new Parser(tokens).parse() };
  } catch (err) {
    if (err instanceof ConditionSyntaxError) return { ok: false, error: err.message };
    throw err;
  }
}

/** Evaluates a condition; false when it cannot be parsed. */
export function evaluateCondition(text: string, ctx: ConditionContext): boolean {
  const c = compileCondition(text);
  return c.ok && c.evaluate(ctx);
}
