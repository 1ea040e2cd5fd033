// Okta's `search` and `filter` expression language (SCIM-like): `status eq "ACTIVE" and (created lt
// "2024-01-01T00:00:00.000Z" or profile.department sw "Eng")`. Each endpoint says which attributes and
// operators it accepts; anything else is a 400 E0000031, as in Okta. Where we are unsure whether Okta
// accepts something, we reject it: a connector tuned to a laxer simulator would break in production.
import { oktaErrors } from './errors.ts';

export type Operator = 'eq' | 'sw' | 'co' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';
const OPERATORS = new Set<string>(['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr']);

export interface ExpressionRules {
  /** search: string values and operators are case-insensitive; filter: values are case-sensitive. */
  caseInsensitiveValues: boolean;
  /** The operators allowed on an attribute, or undefined when the attribute cannot be queried. */
  operatorsFor(attribute: string): readonly Operator[] | undefined;
  /** Attributes holding timestamps: their comparisons are by instant, and values must be dates. */
  isDate(attribute: string): boolean;
}

export type Predicate<T> = (record: T) => boolean;
export type AttributeReader<T> = (record: T, attribute: string) => unknown;

type ValueToken = { kind: 'word' | 'string'; text: string };
type Token = { kind: 'open' | 'close' } | ValueToken;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw oktaErrors.invalidSearch('Invalid search syntax.');
        const d = text[i] as string;
        if (d === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: 'string', text: value });
    } else {
      const match = /^[^\s()"]+/.exec(text.slice(i));
      const word = (match as RegExpExecArray)[0];
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

export function compileExpression<T>(
  text: string,
  rules: ExpressionRules,
  read: AttributeReader<T>,
): Predicate<T> {
  const tokens = tokenize(text);
  let position = 0;
  const syntaxError = () => oktaErrors.invalidSearch('Invalid search syntax.');
  const peekWord = (): string | undefined => {
    const token = tokens[position];
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  };

  const parseOr = (): Predicate<T> => {
    const parts = [parseAnd()];
    while (peekWord() === 'or') {
      position++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? (parts[0] as Predicate<T>) : (r) => parts.some((p) => p(r));
  };
  const parseAnd = (): Predicate<T> => {
    const parts = [parsePrimary()];
    while (peekWord() === 'and') {
      position++;
      parts.push(parsePrimary());
    }
    return parts.length === 1 ? (parts[0] as Predicate<T>) : (r) => parts.every((p) => p(r));
  };
  const parsePrimary = (): Predicate<T> => {
    const token = tokens[position++];
    if (!token) throw syntaxError();
    if (token.kind === 'open') {
      const inner = parseOr();
      if (tokens[position++]?.kind !== 'close') throw syntaxError();
      return inner;
    }
    if (token.kind !== 'word' || token.text.toLowerCase() === 'not') throw syntaxError();
    const attribute = token.text;
    const operatorToken = tokens[position++];
    if (operatorToken?.kind !== 'word' || !OPERATORS.has(operatorToken.text.toLowerCase()))
      throw syntaxError();
    const operator = operatorToken.text.toLowerCase() as Operator;
    const allowed = rules.operatorsFor(attribute);
    if (!allowed || !allowed.includes(operator)) {
      throw oktaErrors.invalidSearch(`Unsupported attribute or operator: ${attribute} ${operator}`);
    }
    if (operator === 'pr') return (r) => read(r, attribute) !== null && read(r, attribute) !== undefined;
    const valueToken = tokens[position++];
    if (valueToken?.kind !== 'word' && valueToken?.kind !== 'string') throw syntaxError();
    return comparison(attribute, operator, literal(valueToken), rules, read);
  };

  const predicate = parseOr();
  if (position !== tokens.length) throw syntaxError();
  return predicate;
}

function literal(token: ValueToken): string | number | boolean | null {
  if (token.kind === 'string') return token.text;
  const word = token.text.toLowerCase();
  if (word === 'true' || word === 'false') return word === 'true';
  if (word === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  throw oktaErrors.invalidSearch('Invalid search syntax.');
}

function comparison<T>(
  attribute: string,
  operator: Operator,
  value: string | number | boolean | null,
  rules: ExpressionRules,
  read: AttributeReader<T>,
): Predicate<T> {
  if (rules.isDate(attribute)) {
    const instant = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(instant)) throw oktaErrors.invalidSearch(`Invalid date for ${attribute}`);
    const test = ordering(operator);
    return (r) => {
      const current = read(r, attribute);
      return typeof current === 'string' && test(Date.parse(current), instant);
    };
  }
  const fold = (v: unknown): unknown =>
    rules.caseInsensitiveValues && typeof v === 'string' ? v.toLowerCase() : v;
  const wanted = fold(value);
  const matchOne = (current: unknown): boolean => {
    const actual = fold(current);
    switch (operator) {
      case 'eq':
        return actual === wanted;
      case 'sw':
        return typeof actual === 'string' && typeof wanted === 'string' && actual.startsWith(wanted);
      case 'co':
        return typeof actual === 'string' && typeof wanted === 'string' && actual.includes(wanted);
      default:
        if (typeof actual !== typeof wanted || actual === null || wanted === null) return false;
        return ordering(operator)(actual as string | number, wanted as string | number);
    }
  };
  // SCIM semantics for multi-valued attributes: the record matches when any element matches. Large
  // multi-valued attributes (an app's users) are handed over as Sets and only support `eq`.
  return (r) => {
    const current = read(r, attribute);
    if (current instanceof Set) return operator === 'eq' && current.has(value);
    return Array.isArray(current) ? current.some(matchOne) : matchOne(current);
  };
}

function ordering(operator: Operator): (a: string | number, b: string | number) => boolean {
  switch (operator) {
    case 'gt':
      return (a, b) => a > b;
    case 'ge':
      return (a, b) => a >= b;
    case 'lt':
      return (a, b) => a < b;
    case 'le':
      return (a, b) => a <= b;
    default:
      return (a, b) => a === b;
  }
}

/** Reads a dotted path such as `profile.login` or `type.id` from a plain object. */
export function readPath(record: unknown, attribute: string): unknown {
  let current: unknown = record;
  for (const key of attribute.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
