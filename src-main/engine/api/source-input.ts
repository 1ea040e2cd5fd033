// What the UI sends for a new source or a rotation, checked against the connector's declared fields before
// the repository sees it. The CA bundle arrives as PEM text (the UI reads the file the user picked).
import { X509Certificate } from 'node:crypto';
import { connectorFor, connectorKinds } from '../connectors/registry.ts';
import type { Connector } from '../connectors/types.ts';
import { VouchError } from '../errors.ts';
import { InvalidSourceInputError } from '../sources/source-errors.ts';

/** Configuration keys every connector accepts besides its own fields (DESIGN.md: custom CA bundle). */
const CA_PEM = 'caPem';
const CA_FILE = 'caFile';

export class UnknownConnectorError extends VouchError {
  constructor(kind: string) {
    super(
      'unknown_connector',
      `Vouch has no connector for "${kind.slice(0, 64)}".`,
      `Pick one of: ${connectorKinds().join(', ')}.`,
    );
  }
}

export function knownConnector(kind: string): Connector {
  if (!connectorKinds().includes(kind)) throw new UnknownConnectorError(kind);
  return connectorFor(kind);
}

const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM text, normalized, when it holds one or more certificates and nothing secret. */
export function checkCaPem(pem: string): string {
  const nextStep =
    'Pick the PEM file of the certificate authority (it starts with -----BEGIN CERTIFICATE-----).';
  if (/PRIVATE KEY-----/.test(pem)) {
    // Never store it: a private key in a "CA file" is a mistake the user must hear about.
    throw new InvalidSourceInputError('The chosen CA file holds a private key, not a certificate.', nextStep);
  }
  const blocks = pem.match(certificateBlock) ?? [];
  if (blocks.length === 0)
    throw new InvalidSourceInputError('The chosen CA file holds no PEM certificate.', nextStep);
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new InvalidSourceInputError(
        `Certificate ${index + 1} in the chosen CA file cannot be read.`,
        nextStep,
      );
    }
  });
  return `${blocks.join('\n')}\n`;
}

/** Only the connector's declared fields plus the CA bundle; values trimmed, empty optional values dropped. */
export function normalizeSourceConfig(
  connector: Connector,
  config: Record<string, string>,
): Record<string, string> {
  const description = connector.describe();
  const allowed = new Set([...description.configFields.map((f) => f.name), CA_PEM, CA_FILE]);
  const unknown = Object.keys(config).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new InvalidSourceInputError(
      `${description.displayName} sources have no setting named ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}.`,
      `Use: ${[...allowed].join(', ')}.`,
    );
  }
  const normalized: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === CA_PEM) {
      if (value.trim() !== '') normalized[key] = checkCaPem(value);
      continue;
    }
    const trimmed = value.trim();
    if (trimmed !== '') normalized[key] = trimmed;
  }
  // A file name without its content would suggest a CA is trusted when none is.
  if (normalized[CA_FILE] !== undefined && normalized[CA_PEM] === undefined) delete normalized[CA_FILE];
  return normalized;
}

/** Only declared credential fields; surrounding whitespace (a pasted newline) removed. */
export function normalizeSecrets(
  connector: Connector,
  secrets: Record<string, string>,
): Record<string, string> {
  const description = connector.describe();
  const allowed = new Set(description.credentialFields.map((f) => f.name));
  const unknown = Object.keys(secrets).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new InvalidSourceInputError(
      `${description.displayName} sources have no credential named ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}.`,
      `Use: ${[...allowed].join(', ')}.`,
    );
  }
  const normalized: Record<string, string> = {};
  for (const [key, value] of Object.entries(secrets)) normalized[key] = value.trim();
  return normalized;
}
