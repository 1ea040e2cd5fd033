// Command-line input of a source's fields, derived from its connector's declared fields: each configuration
// field is its own option (--domain, --org, ...), any field may be set with --field NAME=VALUE (not a secret:
// argv is visible in `ps` and shell history), --field-file NAME=FILE (a secret, a PEM or JSON key file) or
// --field-stdin NAME (one secret). Flags older versions took for a field (--token-file, --token-stdin,
// --private-key-file) are declared by the connector as aliases of that field and keep working.
import { readFileSync } from 'node:fs';
import { connectorFor, connectorKinds } from '../engine/connectors/registry.ts';
import type { CliAlias, CredentialField } from '../engine/connectors/types.ts';
import { InvalidSourceInputError } from '../engine/sources/source-errors.ts';
import { UsageError } from './usage-error.ts';

/** `baseUrl` → `--base-url`; commander hands the value back under the field's own (camelCase) name. */
export function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `token-file` → `tokenFile`, the key commander uses for the option's value. */
function optionKey(flag: string): string {
  return flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

export interface CliOption {
  flag: string;
  help: string;
  /** Given several times, each value kept (commander's variadic options would swallow the arguments after). */
  repeatable?: boolean;
}

/** Registers options on a commander command. */
export function addOptions(
  command: {
    option(
      flag: string,
      help: string,
      parse?: (v: string, prev: string[]) => string[],
      initial?: string[],
    ): unknown;
  },
  options: CliOption[],
): void {
  for (const { flag, help, repeatable } of options) {
    if (repeatable) command.option(flag, help, (value, previous) => [...previous, value], []);
    else command.option(flag, help);
  }
}

/** Every connector's configuration fields as options, each documented with the connectors using it. */
export function configOptions(): CliOption[] {
  const byName = new Map<string, { flag: string; uses: string[] }>();
  for (const kind of connectorKinds()) {
    for (const field of connectorFor(kind).describe().configFields) {
      const option = byName.get(field.name) ?? {
        flag: `${flagOf(field.name)} <${flagOf(field.name).slice(2)}>`,
        uses: [],
      };
      option.uses.push(`${kind}: ${field.label}${field.required ? '' : ' (optional)'}. ${field.help}`);
      byName.set(field.name, option);
    }
  }
  return [...byName.values()].map(({ flag, uses }) => ({ flag, help: uses.join(' ') }));
}

/** The kept flags every connector declares for its credential fields, once each. */
export function aliasOptions(): CliOption[] {
  const byFlag = new Map<string, { alias: CliAlias; kinds: string[] }>();
  for (const kind of connectorKinds()) {
    for (const field of connectorFor(kind).describe().credentialFields) {
      for (const alias of field.cliAliases ?? []) {
        const entry = byFlag.get(alias.flag) ?? { alias, kinds: [] };
        entry.kinds.push(kind);
        byFlag.set(alias.flag, entry);
      }
    }
  }
  return [...byFlag.values()].map(({ alias, kinds }) => ({
    flag: alias.from === 'stdin' ? `--${alias.flag}` : `--${alias.flag} <${alias.from}>`,
    help: `${alias.help} (${kinds.join(', ')})`,
  }));
}

export const genericFieldOptions: CliOption[] = [
  { flag: '--field <NAME=VALUE>', help: 'set a field that is not secret (repeatable)', repeatable: true },
  {
    flag: '--field-file <NAME=FILE>',
    help: 'set a field from a file: a secret, a PEM or JSON key (repeatable)',
    repeatable: true,
  },
  { flag: '--field-stdin <NAME>', help: 'read one secret field from standard input' },
];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A field's value from a file; only the file's name goes into errors, never its contents. */
function readFieldFile(field: CredentialField, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidSourceInputError(
      `Could not read the file ${file} for ${field.label} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check the path and that this user may read it.',
    );
  }
  return text;
}

function pairs(values: unknown, flag: string): [string, string][] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list.map((item) => {
    const text = String(item);
    const at = text.indexOf('=');
    if (at <= 0)
      throw new UsageError(`${flag} takes NAME=VALUE, got "${text.split('=')[0]}".`, `e.g. ${flag} name=...`);
    return [text.slice(0, at), text.slice(at + 1)];
  });
}

export interface FieldInput {
  config: Record<string, string>;
  secrets: Record<string, string>;
}

/**
 * The configuration and credentials a command line gives for a connector kind. `credentialsOnly` (rotation)
 * refuses configuration fields. Secret values never come from argv. Problems are UsageErrors naming flags.
 */
export async function fieldsFromOptions(
  kind: string,
  opts: Record<string, unknown>,
  credentialsOnly = false,
): Promise<FieldInput> {
  const description = connectorFor(kind).describe();
  const configFields = credentialsOnly ? [] : description.configFields;
  const all = [...configFields, ...description.credentialFields];
  const byName = new Map(all.map((f) => [f.name, f]));
  const out: FieldInput = { config: {}, secrets: {} };
  const given = new Map<string, string>();
  const set = (field: CredentialField, value: string, how: string) => {
    if (given.has(field.name)) {
      throw new UsageError(
        `${field.label} was given twice (${given.get(field.name)} and ${how}).`,
        'Use one of them.',
      );
    }
    given.set(field.name, how);
    const target = configFields.includes(field) ? out.config : out.secrets;
    target[field.name] = value.trim();
  };
  const fieldNamed = (name: string, flag: string): CredentialField => {
    const field = byName.get(name);
    if (!field) {
      throw new UsageError(
        `${flag} ${name}: ${kind} sources have no field "${name}"${credentialsOnly ? ' to rotate' : ''}.`,
        `Fields: ${all.map((f) => f.name).join(', ') || '(none)'}.`,
      );
    }
    return field;
  };

  // Configuration fields' own options (--domain, --org, ...), refusing another connector's.
  const ownConfig = new Set(configFields.map((f) => f.name));
  if (!credentialsOnly) {
    const foreign = configOptions()
      .map(({ flag }) => flag.split(' ')[0] as string)
      .filter((flag) => {
        const name = optionKey(flag.slice(2));
        return !ownConfig.has(name) && opts[name] !== undefined;
      });
    if (foreign.length) {
      throw new UsageError(
        `${foreign.join(', ')} ${foreign.length > 1 ? 'do' : 'does'} not apply to ${kind} sources.`,
        `${kind} sources take ${configFields.map((f) => flagOf(f.name)).join(', ')}.`,
      );
    }
    for (const field of configFields) {
      const value = opts[field.name];
      if (typeof value === 'string' && value.trim() !== '') set(field, value, flagOf(field.name));
    }
  }

  // Kept flags, mapped onto the fields that declare them; another connector's flag does not apply.
  const aliases = new Map<string, { field: CredentialField; alias: CliAlias }>();
  for (const field of description.credentialFields) {
    for (const alias of field.cliAliases ?? []) aliases.set(alias.flag, { field, alias });
  }
  let stdinUsed: string | null = null;
  for (const { flag } of aliasOptions()) {
    const name = flag.split(' ')[0]!.slice(2);
    const value = opts[optionKey(name)];
    if (value === undefined || value === false) continue;
    const own = aliases.get(name);
    if (!own) {
      const flags = [...aliases.keys()].map((f) => `--${f}`);
      throw new UsageError(
        `--${name} does not apply to ${kind} sources.`,
        flags.length ? `Use ${flags.join(' or ')}.` : 'Use --field-file NAME=FILE.',
      );
    }
    if (own.alias.from === 'stdin') {
      if (stdinUsed)
        throw new UsageError(`Both ${stdinUsed} and --${name} read standard input.`, 'Use one of them.');
      stdinUsed = `--${name}`;
      set(own.field, await readStdin(), `--${name}`);
    } else if (own.alias.from === 'file') {
      set(own.field, readFieldFile(own.field, String(value)), `--${name}`);
    } else {
      if (own.field.secret)
        throw new UsageError(`--${name} would put a secret on the command line.`, 'Use a file.');
      set(own.field, String(value), `--${name}`);
    }
  }

  for (const [name, value] of pairs(opts.field, '--field')) {
    const field = fieldNamed(name, '--field');
    if (field.secret) {
      throw new UsageError(
        `${field.label} is secret and is never accepted on the command line (visible in ps and shell history).`,
        `Use --field-file ${name}=FILE or --field-stdin ${name}.`,
      );
    }
    set(field, value, '--field');
  }
  for (const [name, file] of pairs(opts.fieldFile, '--field-file')) {
    const field = fieldNamed(name, '--field-file');
    set(field, readFieldFile(field, file), '--field-file');
  }
  if (typeof opts.fieldStdin === 'string') {
    if (stdinUsed)
      throw new UsageError(`Both ${stdinUsed} and --field-stdin read standard input.`, 'Use one of them.');
    set(fieldNamed(opts.fieldStdin, '--field-stdin'), await readStdin(), '--field-stdin');
  }

  for (const field of configFields) {
    if (field.required && out.config[field.name] === undefined) {
      throw new UsageError(
        `${kind} sources need ${flagOf(field.name)} (${field.label}).`,
        `${field.help} Example: ${exampleFor(kind)}`,
      );
    }
  }
  const secretFlags = () =>
    description.credentialFields
      .map((f) => {
        const file = f.cliAliases?.find((a) => a.from === 'file');
        return file ? `--${file.flag} FILE` : `--field-file ${f.name}=FILE`;
      })
      .join(' or ');
  for (const [name, value] of Object.entries(out.secrets)) {
    if (!value)
      throw new InvalidSourceInputError(
        `${byName.get(name)?.label ?? name} is empty.`,
        'Put the value in the file, alone.',
      );
  }
  if (description.credentialFields.length > 0 && Object.keys(out.secrets).length === 0) {
    throw new InvalidSourceInputError(
      'No token given.',
      `Pass ${secretFlags()} (or read one from standard input); secrets are never accepted on the command line.`,
    );
  }
  return out;
}

/** An example command line for a kind, from its required fields. */
export function exampleFor(kind: string): string {
  const description = connectorFor(kind).describe();
  const config = description.configFields
    .filter((f) => f.required)
    .map((f) => `${flagOf(f.name)} ${f.placeholder ?? f.name.toUpperCase()}`);
  const secret = description.credentialFields.find((f) => f.required) ?? description.credentialFields[0];
  const file = secret?.cliAliases?.find((a) => a.from === 'file');
  const secretFlag = secret ? (file ? `--${file.flag} FILE` : `--field-file ${secret.name}=FILE`) : '';
  return ['vouch source add', kind, '--name NAME', ...config, secretFlag].filter(Boolean).join(' ');
}
