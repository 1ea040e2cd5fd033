// The slice of OData `$filter` Graph accepts on directory collections, per property and operator. What a
// collection does not list is refused with Graph's Request_UnsupportedQuery; operators Graph only runs as
// "advanced queries" (ne, not, endsWith, eq null) need `ConsistencyLevel: eventual` and `$count=true`,
// as on the real service. A simulator that accepted more than Graph would let a connector ship a query
// that fails in production.
import { graphErrors } from './errors.ts';

export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'in' | 'startswith' | 'endswith' | 'any';

type Literal = string | number | boolean | null;

type Node =
  | { type: 'and'; left: Node; right: Node }
  | { type: 'or'; left: Node; right: Node }
  | { type: 'not'; operand: Node }
  | { type: 'compare'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; path: string; value: Literal }
  | { type: 'in'; path: string; values: Literal[] }
  | { type: 'function'; name: 'startswith' | 'endswith'; path: string; value: string }
  | { type: 'any'; path: string; op: 'eq'; value: Literal };

export interface FilterProperty {
  /** Operators Graph runs without advanced-query headers. */
  basic: readonly Operator[];
  /** Operators that need `ConsistencyLevel: eventual` and `$count=true`. */
  advanced?: readonly Operator[];
  kind: 'string' | 'boolean' | 'datetime' | 'collection';
}

export interface FilterRules {
  /** `User`, `Group`...: how Graph names the resource in its errors. */
  resource: string;
  properties: Record<string, FilterProperty>;
}

export type ValueReader<R> = (record: R, path: string) => unknown;

// ---- tokenizer ---------------------------------------------------------------------------------------

type Token = { t: 'word'; v: string } | { t: 'string'; v: string } | { t: 'punct'; v: '(' | ')' | ',' | ':' };

function invalid(detail: string): Error {
  return graphErrors.badRequest(`Invalid filter clause: ${detail}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalid('unterminated string literal.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ t: 'string', v: value });
    } else if (/^\d{4}-\d{2}-\d{2}T/.test(text.slice(i, i + 11))) {
      // An unquoted DateTimeOffset: its colons are not the lambda's.
      const date = (/^[\d\-T:.]+(Z|[+-]\d{2}:\d{2})?/.exec(text.slice(i)) as RegExpExecArray)[0];
      tokens.push({ t: 'word', v: date });
      i += date.length;
    } else if (c === '(' || c === ')' || c === ',' || c === ':') {
      tokens.push({ t: 'punct', v: c });
      i++;
    } else {
      const match = /^[^\s(),':]+/.exec(text.slice(i));
      const word = (match as RegExpExecArray)[0];
      tokens.push({ t: 'word', v: word });
      i += word.length;
    }
  }
  return tokens;
}

// ---- parser ------------------------------------------------------------------------------------------

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.position < this.tokens.length) throw invalid(`syntax error at '${this.describe(this.peek())}'.`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private describe(token: Token | undefined): string {
    return token === undefined ? 'end of input' : token.v;
  }

  private isWord(value: string): boolean {
    const token = this.peek();
    return token?.t === 'word' && token.v.toLowerCase() === value;
  }

  private expectPunct(value: string): void {
    const token = this.peek();
    if (token?.t !== 'punct' || token.v !== value)
      throw invalid(`expected '${value}' but found '${this.describe(token)}'.`);
    this.position++;
  }

  private word(): string {
    const token = this.peek();
    if (token?.t !== 'word') throw invalid(`expected a property but found '${this.describe(token)}'.`);
    this.position++;
    return token.v;
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord('or')) {
      this.position++;
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.isWord('and')) {
      this.position++;
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.isWord('not')) {
      this.position++;
      return { type: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private literal(): Literal {
    const token = this.peek();
    if (token === undefined || token.t === 'punct')
      throw invalid(`expected a value but found '${this.describe(token)}'.`);
    this.position++;
    if (token.t === 'string') return token.v;
    const word = token.v;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
    // Unquoted DateTimeOffset and GUID literals are values too.
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(word) || /^[0-9a-f-]{36}$/i.test(word))
      return word;
    throw invalid(`'${word}' is not a valid literal.`);
  }

  private primary(): Node {
    const token = this.peek();
    if (token?.t === 'punct' && token.v === '(') {
      this.position++;
      const node = this.or();
      this.expectPunct(')');
      return node;
    }
    const word = this.word();
    const lower = word.toLowerCase();
    if ((lower === 'startswith' || lower === 'endswith') && this.peek()?.t === 'punct') {
      this.expectPunct('(');
      const path = this.word();
      this.expectPunct(',');
      const value = this.literal();
      this.expectPunct(')');
      if (typeof value !== 'string') throw invalid(`${word} takes a string.`);
      return { type: 'function', name: lower, path, value };
    }
    const lambda = /^(.+)\/any$/i.exec(word);
    if (lambda) {
      // groupTypes/any(c:c eq 'Unified')
      this.expectPunct('(');
      const variable = this.word();
      this.expectPunct(':');
      const subject = this.word();
      if (subject !== variable) throw invalid(`the lambda must compare '${variable}'.`);
      const op = this.word().toLowerCase();
      if (op !== 'eq') throw invalid(`any() supports eq only, not '${op}'.`);
      const value = this.literal();
      this.expectPunct(')');
      return { type: 'any', path: lambda[1] as string, op: 'eq', value };
    }
    const op = this.word().toLowerCase();
    if (op === 'in') {
      this.expectPunct('(');
      const values = [this.literal()];
      while (this.peek()?.t === 'punct' && this.peek()?.v === ',') {
        this.position++;
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { type: 'in', path: word, values };
    }
    if (!COMPARISONS.has(op)) throw invalid(`unknown operator '${op}'.`);
    return { type: 'compare', op: op as 'eq', path: word, value: this.literal() };
  }
}

// ---- checking against the collection's rules ---------------------------------------------------------

function operatorOf(node: Node): Operator {
  if (node.type === 'compare') return node.op;
  if (node.type === 'in') return 'in';
  if (node.type === 'function') return node.name;
  return 'any';
}

interface CheckContext {
  rules: FilterRules;
  advanced: boolean;
  /** Canonical property names the filter touches (for permission and licence checks). */
  touched: Set<string>;
}

const ADVANCED_HINT =
  'is not supported because the required parameters might be missing. Try adding $count=true query ' +
  'parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for ' +
  'more information';

function canonical(rules: FilterRules, path: string): string | undefined {
  const lower = path.toLowerCase();
  return Object.keys(rules.properties).find((name) => name.toLowerCase() === lower);
}

function check(node: Node, context: CheckContext): Node {
  if (node.type === 'and' || node.type === 'or')
    return { ...node, left: check(node.left, context), right: check(node.right, context) };
  if (node.type === 'not') {
    if (!context.advanced) throw graphErrors.unsupportedQuery(`Operator 'not' ${ADVANCED_HINT}`);
    return { ...node, operand: check(node.operand, context) };
  }
  return checkLeaf(node, context);
}

type Leaf = Exclude<Node, { type: 'and' } | { type: 'or' } | { type: 'not' }>;

function checkLeaf(node: Leaf, context: CheckContext): Node {
  const name = canonical(context.rules, node.path);
  const property = name === undefined ? undefined : context.rules.properties[name];
  if (name === undefined || property === undefined) {
    throw graphErrors.unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${node.path}' of resource '${context.rules.resource}'.`,
    );
  }
  const op = operatorOf(node);
  const isNullCheck = node.type === 'compare' && node.value === null;
  // `eq null` is an advanced query wherever `eq` is allowed at all.
  const basic = property.basic.includes(op) && !isNullCheck;
  const advanced = (property.advanced?.includes(op) ?? false) || (isNullCheck && property.basic.includes(op));
  if (!basic && !(advanced && context.advanced)) {
    if (advanced) throw graphErrors.unsupportedQuery(`Operator '${op}' ${ADVANCED_HINT}`);
    throw graphErrors.unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${name}' of resource '${context.rules.resource}'.`,
    );
  }
  context.touched.add(name);
  return { ...node, path: name };
}

// ---- evaluation --------------------------------------------------------------------------------------

function comparable(value: unknown, kind: FilterProperty['kind']): unknown {
  if (kind === 'datetime' && typeof value === 'string') return Date.parse(value);
  if (typeof value === 'string') return value.toLowerCase();
  return value;
}

function compare(op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', left: unknown, right: unknown): boolean {
  if (op === 'eq') return left === right;
  if (op === 'ne') return left !== right;
  if (left === null || left === undefined || right === null) return false;
  const a = left as number | string;
  const b = right as number | string;
  if (op === 'gt') return a > b;
  if (op === 'ge') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

function evaluate<R>(node: Node, record: R, read: ValueReader<R>, rules: FilterRules): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, record, read, rules) && evaluate(node.right, record, read, rules);
    case 'or':
      return evaluate(node.left, record, read, rules) || evaluate(node.right, record, read, rules);
    case 'not':
      return !evaluate(node.operand, record, read, rules);
    default:
      break;
  }
  const kind = (rules.properties[node.path] as FilterProperty).kind;
  const value = read(record, node.path);
  if (node.type === 'compare') {
    return compare(node.op, comparable(value ?? null, kind), comparable(node.value, kind));
  }
  if (node.type === 'in') {
    const actual = comparable(value ?? null, kind);
    return node.values.some((v) => comparable(v, kind) === actual);
  }
  if (node.type === 'function') {
    if (typeof value !== 'string') return false;
    const text = value.toLowerCase();
    const prefix = node.value.toLowerCase();
    return node.name === 'startswith' ? text.startsWith(prefix) : text.endsWith(prefix);
  }
  const items = Array.isArray(value) ? value : [];
  return items.some((item) => comparable(item, 'string') === comparable(node.value, 'string'));
}

export interface CompiledFilter<R> {
  matches(record: R): boolean;
  /** Canonical names of the properties the filter reads. */
  properties: ReadonlySet<string>;
}

/** Parses and checks `$filter` against the collection's rules; throws Graph's 400 when Graph would. */
export function compileFilter<R>(
  text: string,
  rules: FilterRules,
  read: ValueReader<R>,
  advanced: boolean,
): CompiledFilter<R> {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw invalid('the filter is empty.');
  const touched = new Set<string>();
  const tree = check(new Parser(tokens).parse(), { rules, advanced, touched });
  return { matches: (record) => evaluate(tree, record, read, rules), properties: touched };
}
