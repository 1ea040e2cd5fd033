// The simulator's GraphQL engine: graphql-ruby's validation errors (what GitHub returns), variables,
// fragments and directives, connection bounds, and GitHub's documented cost formula.
import { describe, expect, it } from 'vitest';
import { prepare } from '../../sim/github/graphql/executor.ts';
import type { Schema, ScopeCheck } from '../../sim/github/graphql/executor.ts';

interface Ctx {
  names: string[];
}

const connection = (count: number) => ({
  type: 'ItemConnection!',
  args: { first: 'Int', after: 'String', last: 'Int', before: 'String' },
  connection: true,
  resolve: (_p: unknown, args: Record<string, unknown>) => ({
    count: Math.min(count, Number(args.first ?? args.last)),
  }),
});

const schema: Schema<Ctx> = {
  enums: {},
  types: {
    Query: {
      fields: {
        viewer: { type: 'Viewer!', resolve: () => ({}) },
        greeting: {
          type: 'String',
          args: { name: 'String!' },
          resolve: (_p, args) => `hello ${String(args.name)}`,
        },
        secret: { type: 'String', scopes: ['read:org'], resolve: () => 's3cret' },
        broken: { type: 'String!', resolve: () => null },
      },
    },
    Viewer: {
      fields: {
        login: { type: 'String!', resolve: () => 'octo' },
        names: { type: '[String!]!', resolve: (_p, _a, ctx) => ctx.names },
        repositories: connection(100),
      },
    },
    ItemConnection: {
      fields: {
        totalCount: { type: 'Int!', resolve: (c) => (c as { count: number }).count },
        nodes: {
          type: '[Item]',
          resolve: (c) => Array.from({ length: (c as { count: number }).count }, (_, i) => ({ i })),
        },
      },
    },
    Item: {
      fields: {
        id: { type: 'ID!', resolve: (item) => String((item as { i: number }).i) },
        issues: connection(50),
        labels: connection(60),
      },
    },
  },
};

const allScopes: ScopeCheck = { classic: true, has: () => true, granted: ['read:org'] };
const run = (
  query: string,
  variables: Record<string, unknown> = {},
  scopes = allScopes,
  operationName?: string,
) => {
  const prepared = prepare(schema, query, variables, operationName, scopes);
  return prepared.errors ?? prepared.execute({ names: ['a', 'b'] });
};

describe('GitHub simulator GraphQL engine', () => {
  it('executes queries with aliases, variables, fragments and directives', () => {
    expect(
      run(
        `query Q($who: String!, $skip: Boolean = true) {
          hi: greeting(name: $who)
          viewer { ...V  names @skip(if: $skip) ... on Viewer { me: login } }
        }
        fragment V on Viewer { login __typename }`,
        { who: 'mona' },
      ),
    ).toEqual({ data: { hi: 'hello mona', viewer: { login: 'octo', __typename: 'Viewer', me: 'octo' } } });
  });

  it('reports validation errors the way graphql-ruby (and so GitHub) words them', () => {
    expect(run('query Named { viewer { logn } }')).toEqual({
      errors: [
        {
          path: ['query Named', 'viewer', 'logn'],
          extensions: { code: 'undefinedField', typeName: 'Viewer', fieldName: 'logn' },
          locations: [{ line: 1, column: 24 }],
          message: "Field 'logn' doesn't exist on type 'Viewer'",
        },
      ],
    });
    expect(run('{ greeting }').errors?.[0]).toMatchObject({
      extensions: { code: 'missingRequiredArguments' },
      message: "Field 'greeting' is missing required arguments: name",
    });
    expect(run('{ viewer }').errors?.[0]?.message).toMatch(
      /^Field must have selections \(field 'viewer' returns Viewer/,
    );
    expect(run('{ viewer { login { x } } }').errors?.[0]?.message).toMatch(
      /^Selections can't be made on scalars/,
    );
    expect(run('{ greeting(name: "x", extra: 1) }').errors?.[0]?.message).toBe(
      "Field 'greeting' doesn't accept argument 'extra'",
    );
    expect(run('{ greeting(name: $nope) }').errors?.[0]?.message).toBe(
      'Variable $nope is used by anonymous query but not declared',
    );
    expect(run('query($n: String!) { greeting(name: $n) }').errors?.[0]).toMatchObject({
      message: 'Variable $n of type String! was provided invalid value',
      extensions: { value: null, problems: [{ path: [], explanation: 'Expected value to not be null' }] },
    });
    expect(run('{ viewer { login }').errors?.[0]?.message).toBe('Unexpected end of document');
    expect(run('{ viewer { login } } }').errors?.[0]?.message).toBe('Parse error on "}" (RCURLY) at [1, 22]');
  });

  it('enforces connection bounds and scopes before executing', () => {
    expect(run('{ viewer { repositories { totalCount } } }')).toMatchObject({
      data: null,
      errors: [{ type: 'MISSING_PAGINATION_BOUNDARIES', path: ['viewer', 'repositories'] }],
    });
    expect(run('{ viewer { repositories(first: 101) { totalCount } } }').errors?.[0]?.message).toBe(
      'Requesting 101 records on the `repositories` connection exceeds the `first` limit of 100 records.',
    );
    const noScopes: ScopeCheck = { classic: true, has: () => false, granted: ['repo'] };
    expect(run('{ secret }', {}, noScopes)).toEqual({
      errors: [
        {
          type: 'INSUFFICIENT_SCOPES',
          locations: [{ line: 1, column: 3 }],
          message:
            "Your token has not been granted the required scopes to execute this query. The 'secret' field requires one of the following scopes: ['read:org'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens.",
        },
      ],
    });
    // Fine-grained tokens have no scopes to check.
    expect(run('{ secret }', {}, { classic: false, has: () => false, granted: [] })).toEqual({
      data: { secret: 's3cret' },
    });
  });

  it('computes GitHub’s documented cost: the repositories/issues/labels example costs 51', () => {
    const prepared = prepare(
      schema,
      `{ viewer { login repositories(first: 100) { nodes { id issues(first: 50) { nodes { id labels(first: 60) { nodes { id } } } } } } } }`,
      {},
      undefined,
      allScopes,
    );
    expect(prepared.cost).toBe(51);
    expect(prepared.nodeCount).toBe(100 + 100 * 50 + 100 * 50 * 60);
    expect(prepare(schema, '{ viewer { login } }', {}, undefined, allScopes).cost).toBe(1);
  });

  it('propagates nulls from non-null fields', () => {
    expect(run('{ broken viewer { login } }')).toEqual({ data: null });
  });
});
