/**
 * The part of OData `$filter` Microsoft Graph directory queries use, parsed by recursive descent:
 *
 *   filter  := or EOF
 *   or      := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | primary
 *   primary := '(' or ')'
 *            | ('startswith' | 'endswith') '(' path ',' literal ')'
 *            | path '/' ('any' | 'all') '(' name ':' or ')'
 *            | path 'in' '(' literal (',' literal)* ')'
 *            | path ('eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le') literal
 *   path    := name ('/' name)*
 *   literal := 'string' (quote doubled inside) | number | guid | true | false | null
 *
 * Evaluation compares strings case-insensitively, as the directory does.
 */

export type Literal = string | number | boolean | null;
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: CompareOp; path: string[]; value: Literal }
  | { kind: 'in'; path: string[]; values: Literal[] }
  | { kind: 'startswith' | 'endswith'; path: string[]; value: string }
  | { kind: 'any' | 'all'; path: string[]; variable: string; body: FilterNode };

export class FilterSyntaxError extends Error {
  constructor(readonly position: number, readonly text: string) {
    super(`Syntax error at position ${position} in '${text}'.`);
    this.name = 'FilterSyntaxError';
  }
}

type Token =
  | { t: 'name'; v: string; pos: number }
  | { t: 'lit'; v: Literal; pos: number }
  | { t: 'punct'; v: '(' | ')' | ',' | ':' | '/'; pos: number }
  | { t: 'end'; pos: number };

const GUID_AT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const NUMBER_AT = /^-?\d+(\.\d+)?(?![\w.])/;
const NAME_AT = /^[A-Za-z_$@][\w$@.#]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const rest = text.slice(i);
    if ('(),:/'.includes(c)) {
      tokens.push({ t: 'punct', v: c as '(' | ')' | ',' | ':' | '/', pos: i });
      i++;
    } else if (c === "'") {
      let v = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new FilterSyntaxError(i, text);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += text[j++];
      }
      tokens.push({ t: 'lit', v, pos: i });
      i = j + 1;
    } else {
      const guid = GUID_AT.exec(rest);
      const num = guid ? null : NUMBER_AT.exec(rest);
      const name = guid || num ? null : NAME_AT.exec(rest);
      if (guid) tokens.push({ t: 'lit', v: guid[0], pos: i });
      else if (num) tokens.push({ t: 'lit', v: Number(num[0]), pos: i });
      else if (name) {
        const lower = name[0].toLowerCase();
        if (lower === 'true' || lower === 'false') tokens.push({ t: 'lit', v: lower === 'true', pos: i });
        else if (lower === 'null') tokens.push({ t: 'lit', v: null, pos: i });
        else tokens.push({ t: 'name', v: name[0], pos: i });
      } else throw new FilterSyntaxError(i, text);
      i += (guid ?? num ?? name)![0].length;
    }
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let k = 0;
  const peek = () => tokens[k];
  const fail = (tok: Token = peek()): never => {
    throw new FilterSyntaxError(tok.pos, text);
  };
  const isName = (tok: Token, word: string) => tok.t === 'name' && tok.v.toLowerCase() === word;
  const isPunct = (tok: Token, p: string) => tok.t === 'punct' && tok.v === p;
  const expectPunct = (p: string) => {
    if (!isPunct(peek(), p)) fail();
    k++;
  };
  const literal = (): Literal => {
    const tok = peek();
    if (tok.t !== 'lit') return fail();
    k++;
    return tok.v;
  };
  const name = (): string => {
    const tok = peek();
    if (tok.t !== 'name') return fail();
    k++;
    return tok.v;
  };

  function or(): FilterNode {
    let left = and();
    while (isName(peek(), 'or')) {
      k++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }
  function and(): FilterNode {
    let left = unary();
    while (isName(peek(), 'and')) {
      k++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  }
  function unary(): FilterNode {
    if (isName(peek(), 'not')) {
      k++;
      return { kind: 'not', operand: unary() };
    }
    return primary();
  }
  function primary(): FilterNode {
    const tok = peek();
    if (isPunct(tok, '(')) {
      k++;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    if ((isName(tok, 'startswith') || isName(tok, 'endswith')) && isPunct(tokens[k + 1], '(')) {
      const kind = (tok as { v: string }).v.toLowerCase() as 'startswith' | 'endswith';
      k += 2;
      const path = parsePath();
      expectPunct(',');
      const valueTok = peek();
      const value = literal();
      if (typeof value !== 'string') fail(valueTok);
      expectPunct(')');
      return { kind, path, value: value as string };
    }
    const path = [name()];
    while (isPunct(peek(), '/')) {
      k++;
      const seg = peek();
      if ((isName(seg, 'any') || isName(seg, 'all')) && isPunct(tokens[k + 1], '(')) {
        const kind = (seg as { v: string }).v.toLowerCase() as 'any' | 'all';
        k += 2;
        const variable = name();
        expectPunct(':');
        const body = or();
        expectPunct(')');
        return { kind, path, variable, body };
      }
      path.push(name());
    }
    const opTok = peek();
    if (isName(opTok, 'in')) {
      k++;
      expectPunct('(');
      const values = [literal()];
      while (isPunct(peek(), ',')) {
        k++;
        values.push(literal());
      }
      expectPunct(')');
      return { kind: 'in', path, values };
    }
    if (opTok.t !== 'name' || !COMPARE_OPS.has(opTok.v.toLowerCase())) return fail(opTok);
    k++;
    return { kind: 'compare', op: opTok.v.toLowerCase() as CompareOp, path, value: literal() };
  }
  function parsePath(): string[] {
    const path = [name()];
    while (isPunct(peek(), '/')) {
      k++;
      path.push(name());
    }
    return path;
  }

  const node = or();
  if (peek().t !== 'end') fail();
  return node;
}

/** Top-level property names a filter refers to (lambda variables excluded). */
export function filterProperties(node: FilterNode, bound: ReadonlySet<string> = new Set()): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterProperties(node.left, bound), ...filterProperties(node.right, bound)];
    case 'not':
      return filterProperties(node.operand, bound);
    case 'any':
    case 'all': {
      const own = bound.has(node.path[0]) ? [] : [node.path[0]];
      return [...own, ...filterProperties(node.body, new Set([...bound, node.variable]))];
    }
    default:
      return bound.has(node.path[0]) ? [] : [node.path[0]];
  }
}

function property(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const rec = obj as Record<string, unknown>;
  if (name in rec) return rec[name];
  const lower = name.toLowerCase();
  const key = Object.keys(rec).find((x) => x.toLowerCase() === lower);
  return key === undefined ? undefined : rec[key];
}

function resolve(path: string[], obj: unknown, env: ReadonlyMap<string, unknown>): unknown {
  const [head, ...rest] = path;
  let cur: unknown = env.has(head) ? env.get(head) : property(obj, head);
  for (const seg of rest) cur = property(cur, seg);
  return cur;
}

function norm(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function compare(op: CompareOp, actual: unknown, expected: Literal): boolean {
  const a = norm(actual ?? null);
  const b = norm(expected);
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    default: {
      if (a === null || b === null || typeof a !== typeof b) return false;
      const x = a as string | number;
      const y = b as string | number;
      return op === 'gt' ? x > y : op === 'ge' ? x >= y : op === 'lt' ? x < y : x <= y;
    }
  }
}

export function evaluateFilter(node: FilterNode, obj: unknown, env: ReadonlyMap<string, unknown> = new Map()): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, obj, env) && evaluateFilter(node.right, obj, env);
    case 'or':
      return evaluateFilter(node.left, obj, env) || evaluateFilter(node.right, obj, env);
    case 'not':
      return !evaluateFilter(node.operand, obj, env);
    case 'compare':
      return compare(node.op, resolve(node.path, obj, env), node.value);
    case 'in': {
      const v = norm(resolve(node.path, obj, env) ?? null);
      return node.values.some((x) => norm(x) === v);
    }
    case 'startswith':
    case 'endswith': {
      const v = resolve(node.path, obj, env);
      if (typeof v !== 'string') return false;
      const s = v.toLowerCase();
      const p = node.value.toLowerCase();
      return node.kind === 'startswith' ? s.startsWith(p) : s.endsWith(p);
    }
    case 'any':
    case 'all': {
      const items = resolve(node.path, obj, env);
      const list = Array.isArray(items) ? items : [];
      const test = (item: unknown) => evaluateFilter(node.body, obj, new Map([...env, [node.variable, item]]));
      return node.kind === 'any' ? list.some(test) : list.every(test);
    }
  }
}
