// A small GraphQL engine: validates a document against an object-type schema, coerces variables, checks
// OAuth scopes and connection bounds up front, computes GitHub's query cost, and executes resolvers.
// Errors are shaped as GitHub returns them (graphql-ruby codes for validation, `type` for execution).
import { parseDocument, GraphQLSyntaxError } from './parser.ts';
import type {
  DocumentNode,
  FieldNode,
  FragmentNode,
  Location,
  OperationNode,
  SelectionNode,
  TypeRef,
  Value,
} from './parser.ts';

export interface GraphQLError {
  type?: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
  locations?: Location[];
  message: string;
}

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
}

export type Args = Record<string, unknown>;

export interface FieldDef<C> {
  /** GraphQL type, e.g. `String!`, `[UserEmailMetadata!]`, `ExternalIdentityConnection!`. */
  type: string;
  args?: Record<string, string>;
  /** A paginated connection: `first` or `last` is required, at most 100. */
  connection?: boolean;
  /** OAuth scopes of which a classic token needs one (GitHub's `minimum_accepted_scopes`). */
  scopes?: readonly string[];
  resolve(parent: unknown, args: Args, context: C, info: ResolveInfo): unknown;
}

export interface ObjectType<C> {
  fields: Record<string, FieldDef<C>>;
  /** Scopes every field of the type requires (checked per selected field, as GitHub reports them). */
  scopes?: readonly string[];
}

export interface Schema<C> {
  types: Record<string, ObjectType<C>>;
  enums: Record<string, readonly string[]>;
}

const SCALARS = new Set([
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'URI',
  'DateTime',
  'X509Certificate',
  'HTML',
]);

/** Thrown by resolvers: becomes an execution error at the field's path, the field becomes null. */
export class FieldError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface ResolveInfo {
  path: Array<string | number>;
  loc: Location;
}

interface ParsedType {
  name: string;
  list: boolean;
  nonNull: boolean;
  itemNonNull: boolean;
}

function parseType(type: string): ParsedType {
  const nonNull = type.endsWith('!');
  const bare = nonNull ? type.slice(0, -1) : type;
  if (bare.startsWith('[')) {
    const inner = bare.slice(1, -1);
    return { name: inner.replace('!', ''), list: true, nonNull, itemNonNull: inner.endsWith('!') };
  }
  return { name: bare, list: false, nonNull, itemNonNull: false };
}

function typeString(t: TypeRef): string {
  const core = t.list ? `[${t.name}${t.itemNonNull ? '!' : ''}]` : t.name;
  return t.nonNull ? `${core}!` : core;
}

export interface ScopeCheck {
  classic: boolean;
  has(scope: string): boolean;
  /** The token's scopes as GitHub lists them in the error message. */
  granted: readonly string[];
}

export interface Prepared<C> {
  /** Errors that end the request before execution (syntax, validation, variables, scopes, bounds). */
  errors?: GraphQLResponse;
  cost: number;
  nodeCount: number;
  execute(context: C): GraphQLResponse;
}

interface Walk {
  /** Response-key path used in validation errors, starting with `query` or `query Name`. */
  path: Array<string | number>;
  typeName: string;
}

export function prepare<C>(
  schema: Schema<C>,
  query: string,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  scopes: ScopeCheck,
): Prepared<C> {
  const fail = (errors: GraphQLError[], withData = false): Prepared<C> => ({
    errors: withData ? { data: null, errors } : { errors },
    cost: 1,
    nodeCount: 0,
    execute: () => (withData ? { data: null, errors } : { errors }),
  });
  let document: DocumentNode;
  try {
    document = parseDocument(query);
  } catch (error) {
    if (error instanceof GraphQLSyntaxError)
      return fail([{ message: error.message, locations: [error.loc] }]);
    throw error;
  }
  const operation = pickOperation(document, operationName);
  if ('message' in operation) return fail([operation]);
  const rootType =
    operation.operation === 'query'
      ? 'Query'
      : operation.operation === 'mutation'
        ? 'Mutation'
        : 'Subscription';
  const opLabel = operation.name ? `${operation.operation} ${operation.name}` : operation.operation;

  // Validation: fields, arguments, selections, fragments, variables.
  const errors: GraphQLError[] = [];
  const used = new Set<string>();
  const validate = (selections: SelectionNode[], walk: Walk, seen: Set<string>): void => {
    const type = schema.types[walk.typeName];
    for (const selection of selections) {
      if (selection.kind === 'FragmentSpread') {
        const fragment = document.fragments.get(selection.name);
        if (!fragment) {
          errors.push({
            path: [...walk.path, `... ${selection.name}`],
            extensions: { code: 'undefinedFragment', fragmentName: selection.name },
            locations: [selection.loc],
            message: `Fragment ${selection.name} was used, but not defined`,
          });
        } else if (!seen.has(fragment.name)) {
          validate(
            fragment.selections,
            { path: [`fragment ${fragment.name}`], typeName: fragment.typeCondition },
            new Set([...seen, fragment.name]),
          );
        }
        continue;
      }
      if (selection.kind === 'InlineFragment') {
        const on = selection.typeCondition ?? walk.typeName;
        if (!schema.types[on]) {
          errors.push({
            path: [...walk.path, `... on ${on}`],
            extensions: { code: 'undefinedType', typeName: on },
            locations: [selection.loc],
            message: `No such type ${on}, so it can't be a fragment condition`,
          });
          continue;
        }
        validate(selection.selections, { path: [...walk.path, `... on ${on}`], typeName: on }, seen);
        continue;
      }
      collectVariables(selection, used);
      const key = selection.alias ?? selection.name;
      const path = [...walk.path, key];
      if (selection.name === '__typename') continue;
      const field = type?.fields[selection.name];
      if (!field) {
        errors.push({
          path,
          extensions: { code: 'undefinedField', typeName: walk.typeName, fieldName: selection.name },
          locations: [selection.loc],
          message: `Field '${selection.name}' doesn't exist on type '${walk.typeName}'`,
        });
        continue;
      }
      const declared = field.args ?? {};
      for (const arg of Object.keys(selection.args)) {
        if (!(arg in declared)) {
          errors.push({
            path: [...path, arg],
            extensions: {
              code: 'argumentNotAccepted',
              name: selection.name,
              typeName: 'Field',
              argumentName: arg,
            },
            locations: [selection.loc],
            message: `Field '${selection.name}' doesn't accept argument '${arg}'`,
          });
        }
      }
      const missing = Object.entries(declared)
        .filter(([name, t]) => t.endsWith('!') && !(name in selection.args))
        .map(([name]) => name);
      if (missing.length > 0) {
        errors.push({
          path,
          extensions: {
            code: 'missingRequiredArguments',
            className: 'Field',
            name: selection.name,
            arguments: missing.join(', '),
          },
          locations: [selection.loc],
          message: `Field '${selection.name}' is missing required arguments: ${missing.join(', ')}`,
        });
      }
      const returns = parseType(field.type);
      const isObject = !SCALARS.has(returns.name) && !(returns.name in schema.enums);
      if (isObject && !selection.selections) {
        errors.push({
          path,
          extensions: {
            code: 'selectionMismatch',
            nodeName: `field '${selection.name}'`,
            typeName: returns.name,
          },
          locations: [selection.loc],
          message: `Field must have selections (field '${selection.name}' returns ${returns.name} but has no selections. Did you mean '${selection.name} { ... }'?)`,
        });
      } else if (!isObject && selection.selections) {
        errors.push({
          path,
          extensions: {
            code: 'selectionMismatch',
            nodeName: `field '${selection.name}'`,
            typeName: returns.name,
          },
          locations: [selection.loc],
          message: `Selections can't be made on scalars (field '${selection.name}' returns ${returns.name} but has selections [${selection.selections
            .filter((s): s is FieldNode => s.kind === 'Field')
            .map((s) => s.name)
            .join(', ')}])`,
        });
      } else if (isObject && selection.selections) {
        validate(selection.selections, { path, typeName: returns.name }, seen);
      }
    }
  };
  if (!schema.types[rootType]) {
    return fail([
      { message: `Schema is not configured for ${operation.operation}s`, locations: [operation.loc] },
    ]);
  }
  validate(operation.selections, { path: [opLabel], typeName: rootType }, new Set());
  const declaredVariables = new Map(operation.variables.map((v) => [v.name, v]));
  for (const name of used) {
    if (!declaredVariables.has(name)) {
      errors.push({
        path: [opLabel],
        extensions: { code: 'variableNotDefined', variableName: name },
        locations: [operation.loc],
        message: `Variable $${name} is used by ${operation.name ?? 'anonymous query'} but not declared`,
      });
    }
  }
  for (const variable of operation.variables) {
    if (!used.has(variable.name)) {
      errors.push({
        path: [opLabel],
        extensions: { code: 'variableNotUsed', variableName: variable.name },
        locations: [variable.loc],
        message: `Variable $${variable.name} is declared by ${operation.name ?? 'anonymous query'} but not used`,
      });
    }
  }
  if (errors.length > 0) return fail(errors);

  // Variables.
  const values: Record<string, unknown> = {};
  for (const variable of operation.variables) {
    const provided = variables[variable.name];
    const value =
      provided === undefined ? (variable.defaultValue ? literal(variable.defaultValue, {}) : null) : provided;
    const problem = checkVariable(value, variable.type, schema);
    if (problem) {
      errors.push({
        extensions: { value, problems: [{ path: [], explanation: problem }] },
        locations: [variable.loc],
        message: `Variable $${variable.name} of type ${typeString(variable.type)} was provided invalid value`,
      });
    }
    values[variable.name] = value;
  }
  if (errors.length > 0) return fail(errors);

  // Scopes (classic tokens), connection bounds, and cost, all from the document alone.
  const scopeErrors: GraphQLError[] = [];
  const boundErrors: GraphQLError[] = [];
  let requests = 0;
  let nodeCount = 0;
  const analyze = (
    selections: SelectionNode[],
    typeName: string,
    path: Array<string | number>,
    multiplier: number,
  ): void => {
    for (const selection of flatten(selections, document, typeName)) {
      if (selection.name === '__typename') continue;
      const type = schema.types[typeName] as ObjectType<unknown>;
      const field = type.fields[selection.name] as FieldDef<unknown>;
      const key = selection.alias ?? selection.name;
      const required = field.scopes ?? type.scopes;
      if (scopes.classic && required && !required.some((s) => scopes.has(s))) {
        scopeErrors.push({
          type: 'INSUFFICIENT_SCOPES',
          locations: [selection.loc],
          message: `Your token has not been granted the required scopes to execute this query. The '${selection.name}' field requires one of the following scopes: ['${required.join("', '")}'], but your token has only been granted the: ['${scopes.granted.join("', '")}'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens.`,
        });
      }
      let childMultiplier = multiplier;
      if (field.connection) {
        const args = argumentValues(selection, values);
        const limit = (args.first ?? args.last) as number | null | undefined;
        const bound = args.first !== undefined && args.first !== null ? 'first' : 'last';
        if (limit === undefined || limit === null) {
          boundErrors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            path: [...path, key],
            locations: [selection.loc],
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${selection.name}\` connection.`,
          });
        } else if (limit > 100 || limit < 0) {
          boundErrors.push({
            type: limit > 100 ? 'EXCESSIVE_PAGINATION' : 'INVALID_PAGINATION',
            path: [...path, key],
            locations: [selection.loc],
            message:
              limit > 100
                ? `Requesting ${limit} records on the \`${selection.name}\` connection exceeds the \`${bound}\` limit of 100 records.`
                : `\`${bound}\` on the \`${selection.name}\` connection cannot be less than zero.`,
          });
        }
        requests += multiplier;
        childMultiplier = multiplier * Math.max(0, Math.min(limit ?? 0, 100));
        nodeCount += childMultiplier;
      }
      if (selection.selections) {
        analyze(selection.selections, parseType(field.type).name, [...path, key], childMultiplier);
      }
    }
  };
  analyze(operation.selections, rootType, [], 1);
  if (scopeErrors.length > 0) return fail(scopeErrors);
  if (boundErrors.length > 0) return fail(boundErrors, true);
  const cost = Math.max(1, Math.round(requests / 100));

  return {
    cost,
    nodeCount,
    execute: (context) => {
      const executionErrors: GraphQLError[] = [];
      const data = executeSelections(
        schema,
        document,
        operation.selections,
        rootType,
        null,
        context,
        values,
        [],
        executionErrors,
      );
      return executionErrors.length > 0 ? { data, errors: executionErrors } : { data };
    },
  };
}

function pickOperation(document: DocumentNode, name: string | undefined): OperationNode | GraphQLError {
  if (name) {
    const found = document.operations.find((op) => op.name === name);
    return found ?? { message: `No operation named "${name}"` };
  }
  if (document.operations.length === 1) return document.operations[0] as OperationNode;
  if (document.operations.length === 0) return { message: 'No operations in query document' };
  return { message: 'An operation name is required' };
}

function collectVariables(field: FieldNode, into: Set<string>): void {
  const visit = (value: Value): void => {
    if (value.kind === 'Variable') into.add(value.name);
    else if (value.kind === 'List') value.values.forEach(visit);
    else if (value.kind === 'Object') Object.values(value.fields).forEach(visit);
  };
  Object.values(field.args).forEach(visit);
  for (const directive of field.directives) Object.values(directive.args).forEach(visit);
}

function checkVariable(value: unknown, type: TypeRef, schema: Schema<unknown>): string | undefined {
  if (value === null || value === undefined)
    return type.nonNull ? 'Expected value to not be null' : undefined;
  const scalar = (item: unknown): string | undefined => {
    if (item === null) return type.itemNonNull ? 'Expected value to not be null' : undefined;
    if (type.name === 'Int' && !Number.isInteger(item))
      return `Could not coerce value ${JSON.stringify(item)} to Int`;
    if (type.name === 'Boolean' && typeof item !== 'boolean')
      return `Could not coerce value ${JSON.stringify(item)} to Boolean`;
    if (
      ['String', 'ID', 'URI', 'DateTime'].includes(type.name) &&
      typeof item !== 'string' &&
      !(type.name === 'ID' && typeof item === 'number')
    ) {
      return `Could not coerce value ${JSON.stringify(item)} to ${type.name}`;
    }
    const allowed = schema.enums[type.name];
    if (allowed && !allowed.includes(String(item)))
      return `Expected "${String(item)}" to be one of: ${allowed.join(', ')}`;
    return undefined;
  };
  if (type.list) return Array.isArray(value) ? value.map(scalar).find((p) => p !== undefined) : scalar(value);
  return scalar(value);
}

function literal(value: Value, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case 'Variable':
      return variables[value.name] ?? null;
    case 'Null':
      return null;
    case 'List':
      return value.values.map((v) => literal(v, variables));
    case 'Object':
      return Object.fromEntries(Object.entries(value.fields).map(([k, v]) => [k, literal(v, variables)]));
    default:
      return value.value;
  }
}

function argumentValues(field: FieldNode, variables: Record<string, unknown>): Args {
  const args: Args = {};
  for (const [name, value] of Object.entries(field.args)) {
    const resolved = literal(value, variables);
    if (value.kind === 'Variable' && variables[value.name] === undefined) continue;
    args[name] = resolved;
  }
  return args;
}

function included(directives: FieldNode['directives'], variables: Record<string, unknown>): boolean {
  for (const directive of directives) {
    const condition = directive.args.if ? literal(directive.args.if, variables) : undefined;
    if (directive.name === 'skip' && condition === true) return false;
    if (directive.name === 'include' && condition === false) return false;
  }
  return true;
}

/** The fields a selection set selects on `typeName`, fragments expanded (object types only). */
function flatten(
  selections: SelectionNode[],
  document: DocumentNode,
  typeName: string,
  variables: Record<string, unknown> = {},
): FieldNode[] {
  const out: FieldNode[] = [];
  for (const selection of selections) {
    if (!included(selection.directives, variables)) continue;
    if (selection.kind === 'Field') out.push(selection);
    else if (selection.kind === 'InlineFragment') {
      if (!selection.typeCondition || selection.typeCondition === typeName) {
        out.push(...flatten(selection.selections, document, typeName, variables));
      }
    } else {
      const fragment = document.fragments.get(selection.name) as FragmentNode;
      if (fragment.typeCondition === typeName)
        out.push(...flatten(fragment.selections, document, typeName, variables));
    }
  }
  return out;
}

function executeSelections<C>(
  schema: Schema<C>,
  document: DocumentNode,
  selections: SelectionNode[],
  typeName: string,
  parent: unknown,
  context: C,
  variables: Record<string, unknown>,
  path: Array<string | number>,
  errors: GraphQLError[],
): Record<string, unknown> | null {
  const type = schema.types[typeName] as ObjectType<C>;
  const result: Record<string, unknown> = {};
  for (const selection of flatten(selections, document, typeName, variables)) {
    const key = selection.alias ?? selection.name;
    if (key in result) continue;
    if (selection.name === '__typename') {
      result[key] = typeName;
      continue;
    }
    const field = type.fields[selection.name] as FieldDef<C>;
    const fieldPath = [...path, key];
    const returns = parseType(field.type);
    let value: unknown;
    try {
      value = field.resolve(parent, argumentValues(selection, variables), context, {
        path: fieldPath,
        loc: selection.loc,
      });
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors.push({
        type: error.type,
        path: fieldPath,
        ...(error.extensions ? { extensions: error.extensions } : {}),
        locations: [selection.loc],
        message: error.message,
      });
      value = null;
    }
    const completed = complete(
      schema,
      document,
      selection,
      returns,
      value,
      context,
      variables,
      fieldPath,
      errors,
    );
    // A null in a non-null position nulls the parent instead (GraphQL's null propagation).
    if (completed === null && returns.nonNull) return null;
    result[key] = completed;
  }
  return result;
}

function complete<C>(
  schema: Schema<C>,
  document: DocumentNode,
  selection: FieldNode,
  returns: ParsedType,
  value: unknown,
  context: C,
  variables: Record<string, unknown>,
  path: Array<string | number>,
  errors: GraphQLError[],
): unknown {
  if (value === null || value === undefined) return null;
  const isObject = !SCALARS.has(returns.name) && !(returns.name in schema.enums);
  const one = (item: unknown, itemPath: Array<string | number>): unknown =>
    item === null || item === undefined
      ? null
      : isObject
        ? executeSelections(
            schema,
            document,
            selection.selections ?? [],
            returns.name,
            item,
            context,
            variables,
            itemPath,
            errors,
          )
        : item;
  if (returns.list) {
    const items = (value as unknown[]).map((item, i) => one(item, [...path, i]));
    return returns.itemNonNull && items.some((item) => item === null) ? null : items;
  }
  return one(value, path);
}
