// A parser for GraphQL executable documents (operations, fragments, variables, directives), enough for
// the queries a connector sends. Errors carry graphql-ruby's wording, which GitHub returns.

export interface Location {
  line: number;
  column: number;
}

export type Value =
  | { kind: 'Variable'; name: string }
  | { kind: 'Int'; value: number }
  | { kind: 'Float'; value: number }
  | { kind: 'String'; value: string }
  | { kind: 'Boolean'; value: boolean }
  | { kind: 'Null' }
  | { kind: 'Enum'; value: string }
  | { kind: 'List'; values: Value[] }
  | { kind: 'Object'; fields: Record<string, Value> };

export interface Directive {
  name: string;
  args: Record<string, Value>;
}

export interface FieldNode {
  kind: 'Field';
  alias?: string;
  name: string;
  args: Record<string, Value>;
  directives: Directive[];
  selections?: SelectionNode[];
  loc: Location;
}

export interface FragmentSpreadNode {
  kind: 'FragmentSpread';
  name: string;
  directives: Directive[];
  loc: Location;
}

export interface InlineFragmentNode {
  kind: 'InlineFragment';
  typeCondition?: string;
  directives: Directive[];
  selections: SelectionNode[];
  loc: Location;
}

export type SelectionNode = FieldNode | FragmentSpreadNode | InlineFragmentNode;

export interface TypeRef {
  name: string;
  list: boolean;
  nonNull: boolean;
  /** For lists: whether items are non-null. */
  itemNonNull: boolean;
}

export interface VariableDefinition {
  name: string;
  type: TypeRef;
  defaultValue?: Value;
  loc: Location;
}

export interface OperationNode {
  kind: 'Operation';
  operation: 'query' | 'mutation' | 'subscription';
  name?: string;
  variables: VariableDefinition[];
  selections: SelectionNode[];
  loc: Location;
}

export interface FragmentNode {
  kind: 'Fragment';
  name: string;
  typeCondition: string;
  selections: SelectionNode[];
  loc: Location;
}

export interface DocumentNode {
  operations: OperationNode[];
  fragments: Map<string, FragmentNode>;
}

export class GraphQLSyntaxError extends Error {
  constructor(
    message: string,
    readonly loc: Location,
  ) {
    super(message);
  }
}

type TokenKind = 'punct' | 'name' | 'int' | 'float' | 'string' | 'eof';
interface Token {
  kind: TokenKind;
  value: string;
  loc: Location;
}

const PUNCTUATORS = new Set(['!', '$', '(', ')', ':', '=', '@', '[', ']', '{', '|', '}', '&']);

/** graphql-ruby names tokens in parse errors: `Parse error on "}" (RCURLY) at [3, 5]`. */
const TOKEN_NAMES: Record<string, string> = {
  '{': 'LCURLY',
  '}': 'RCURLY',
  '(': 'LPAREN',
  ')': 'RPAREN',
  '[': 'LBRACKET',
  ']': 'RBRACKET',
  ':': 'COLON',
  '!': 'BANG',
  $: 'VAR_SIGN',
  '=': 'EQUALS',
  '@': 'DIR_SIGN',
  '...': 'ELLIPSIS',
  '|': 'PIPE',
  '&': 'AMP',
};

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const loc = (): Location => ({ line, column: i - lineStart + 1 });
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === ',' || c === '\r' || c === '\ufeff') {
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '.' && source.startsWith('...', i)) {
      tokens.push({ kind: 'punct', value: '...', loc: loc() });
      i += 3;
    } else if (PUNCTUATORS.has(c)) {
      tokens.push({ kind: 'punct', value: c, loc: loc() });
      i++;
    } else if (/[_A-Za-z]/.test(c)) {
      const start = loc();
      let j = i;
      while (j < source.length && /[_0-9A-Za-z]/.test(source[j] as string)) j++;
      tokens.push({ kind: 'name', value: source.slice(i, j), loc: start });
      i = j;
    } else if (/[-0-9]/.test(c)) {
      const start = loc();
      const match = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i));
      if (!match)
        throw new GraphQLSyntaxError(
          `Parse error on "${c}" (error) at [${start.line}, ${start.column}]`,
          start,
        );
      tokens.push({ kind: match[1] || match[2] ? 'float' : 'int', value: match[0], loc: start });
      i += match[0].length;
    } else if (c === '"') {
      const start = loc();
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        if (end < 0)
          throw new GraphQLSyntaxError(
            `Parse error on unterminated string at [${start.line}, ${start.column}]`,
            start,
          );
        const raw = source.slice(i + 3, end);
        for (const ch of raw) if (ch === '\n') line++;
        tokens.push({ kind: 'string', value: raw.trim(), loc: start });
        i = end + 3;
        continue;
      }
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\n')
          throw new GraphQLSyntaxError(
            `Parse error on unterminated string at [${start.line}, ${start.column}]`,
            start,
          );
        if (source[j] === '\\') {
          const next = source[j + 1];
          const escapes: Record<string, string> = {
            n: '\n',
            t: '\t',
            r: '\r',
            b: '\b',
            f: '\f',
            '"': '"',
            '\\': '\\',
            '/': '/',
          };
          if (next === 'u') {
            value += String.fromCharCode(parseInt(source.slice(j + 2, j + 6), 16));
            j += 6;
          } else {
            value += escapes[next as string] ?? next;
            j += 2;
          }
        } else {
          value += source[j];
          j++;
        }
      }
      if (j >= source.length)
        throw new GraphQLSyntaxError(
          `Parse error on unterminated string at [${start.line}, ${start.column}]`,
          start,
        );
      tokens.push({ kind: 'string', value, loc: start });
      i = j + 1;
    } else {
      const start = loc();
      throw new GraphQLSyntaxError(
        `Parse error on "${c}" (error) at [${start.line}, ${start.column}]`,
        start,
      );
    }
  }
  tokens.push({ kind: 'eof', value: '', loc: loc() });
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    this.position++;
    return token;
  }

  private fail(token: Token): never {
    if (token.kind === 'eof') {
      throw new GraphQLSyntaxError(`Unexpected end of document`, token.loc);
    }
    const name =
      token.kind === 'punct'
        ? (TOKEN_NAMES[token.value] ?? 'PUNCT')
        : token.kind === 'name'
          ? 'IDENTIFIER'
          : token.kind.toUpperCase();
    throw new GraphQLSyntaxError(
      `Parse error on "${token.value}" (${name}) at [${token.loc.line}, ${token.loc.column}]`,
      token.loc,
    );
  }

  private expectPunct(value: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.value !== value) this.fail(token);
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  private name(): string {
    const token = this.next();
    if (token.kind !== 'name') this.fail(token);
    return token.value;
  }

  document(): DocumentNode {
    const operations: OperationNode[] = [];
    const fragments = new Map<string, FragmentNode>();
    while (this.peek().kind !== 'eof') {
      const token = this.peek();
      if (token.kind === 'punct' && token.value === '{') {
        operations.push({
          kind: 'Operation',
          operation: 'query',
          variables: [],
          selections: this.selectionSet(),
          loc: token.loc,
        });
      } else if (
        token.kind === 'name' &&
        (token.value === 'query' || token.value === 'mutation' || token.value === 'subscription')
      ) {
        operations.push(this.operation());
      } else if (token.kind === 'name' && token.value === 'fragment') {
        const fragment = this.fragment();
        fragments.set(fragment.name, fragment);
      } else {
        this.fail(token);
      }
    }
    return { operations, fragments };
  }

  private operation(): OperationNode {
    const start = this.next();
    const operation = start.value as OperationNode['operation'];
    let name: string | undefined;
    if (this.peek().kind === 'name') name = this.name();
    const variables: VariableDefinition[] = [];
    if (this.isPunct('(')) {
      this.next();
      while (!this.isPunct(')')) {
        const loc = this.expectPunct('$').loc;
        const varName = this.name();
        this.expectPunct(':');
        const type = this.typeRef();
        let defaultValue: Value | undefined;
        if (this.isPunct('=')) {
          this.next();
          defaultValue = this.value(true);
        }
        variables.push({ name: varName, type, defaultValue, loc });
      }
      this.next();
    }
    this.directives();
    return { kind: 'Operation', operation, name, variables, selections: this.selectionSet(), loc: start.loc };
  }

  private fragment(): FragmentNode {
    const start = this.next();
    const name = this.name();
    const on = this.next();
    if (on.kind !== 'name' || on.value !== 'on') this.fail(on);
    const typeCondition = this.name();
    this.directives();
    return { kind: 'Fragment', name, typeCondition, selections: this.selectionSet(), loc: start.loc };
  }

  private typeRef(): TypeRef {
    if (this.isPunct('[')) {
      this.next();
      const item = this.typeRef();
      this.expectPunct(']');
      const nonNull = this.isPunct('!');
      if (nonNull) this.next();
      return { name: item.name, list: true, nonNull, itemNonNull: item.nonNull };
    }
    const name = this.name();
    const nonNull = this.isPunct('!');
    if (nonNull) this.next();
    return { name, list: false, nonNull, itemNonNull: false };
  }

  private selectionSet(): SelectionNode[] {
    this.expectPunct('{');
    const selections: SelectionNode[] = [];
    while (!this.isPunct('}')) {
      if (this.peek().kind === 'eof') this.fail(this.peek());
      selections.push(this.selection());
    }
    this.next();
    if (selections.length === 0) this.fail(this.tokens[this.position - 1] as Token);
    return selections;
  }

  private selection(): SelectionNode {
    const token = this.peek();
    if (token.kind === 'punct' && token.value === '...') {
      this.next();
      const after = this.peek();
      if (after.kind === 'name' && after.value !== 'on') {
        const name = this.name();
        return { kind: 'FragmentSpread', name, directives: this.directives(), loc: token.loc };
      }
      let typeCondition: string | undefined;
      if (after.kind === 'name' && after.value === 'on') {
        this.next();
        typeCondition = this.name();
      }
      const directives = this.directives();
      return {
        kind: 'InlineFragment',
        typeCondition,
        directives,
        selections: this.selectionSet(),
        loc: token.loc,
      };
    }
    const loc = token.loc;
    let name = this.name();
    let alias: string | undefined;
    if (this.isPunct(':')) {
      this.next();
      alias = name;
      name = this.name();
    }
    const args = this.isPunct('(') ? this.arguments(false) : {};
    const directives = this.directives();
    const selections = this.isPunct('{') ? this.selectionSet() : undefined;
    return { kind: 'Field', alias, name, args, directives, selections, loc };
  }

  private arguments(isConst: boolean): Record<string, Value> {
    this.expectPunct('(');
    const args: Record<string, Value> = {};
    while (!this.isPunct(')')) {
      const name = this.name();
      this.expectPunct(':');
      args[name] = this.value(isConst);
    }
    this.next();
    return args;
  }

  private directives(): Directive[] {
    const directives: Directive[] = [];
    while (this.isPunct('@')) {
      this.next();
      const name = this.name();
      directives.push({ name, args: this.isPunct('(') ? this.arguments(false) : {} });
    }
    return directives;
  }

  private value(isConst: boolean): Value {
    const token = this.next();
    if (token.kind === 'punct' && token.value === '$' && !isConst)
      return { kind: 'Variable', name: this.name() };
    if (token.kind === 'int') return { kind: 'Int', value: Number(token.value) };
    if (token.kind === 'float') return { kind: 'Float', value: Number(token.value) };
    if (token.kind === 'string') return { kind: 'String', value: token.value };
    if (token.kind === 'name') {
      if (token.value === 'true' || token.value === 'false')
        return { kind: 'Boolean', value: token.value === 'true' };
      if (token.value === 'null') return { kind: 'Null' };
      return { kind: 'Enum', value: token.value };
    }
    if (token.kind === 'punct' && token.value === '[') {
      const values: Value[] = [];
      while (!this.isPunct(']')) values.push(this.value(isConst));
      this.next();
      return { kind: 'List', values };
    }
    if (token.kind === 'punct' && token.value === '{') {
      const fields: Record<string, Value> = {};
      while (!this.isPunct('}')) {
        const name = this.name();
        this.expectPunct(':');
        fields[name] = this.value(isConst);
      }
      this.next();
      return { kind: 'Object', fields };
    }
    return this.fail(token);
  }
}

export function parseDocument(source: string): DocumentNode {
  return new Parser(tokenize(source)).document();
}
