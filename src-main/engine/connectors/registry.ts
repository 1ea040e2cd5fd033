import { githubConnector } from './github/github-connector.ts';
import { oktaConnector } from './okta/okta-connector.ts';
import type { Connector } from './types.ts';

const connectors: Record<string, Connector> = { okta: oktaConnector, github: githubConnector };

export function connectorFor(kind: string): Connector {
  const connector = connectors[kind];
  if (!connector)
    throw new Error(`Unknown source type "${kind}". Known: ${Object.keys(connectors).join(', ')}.`);
  return connector;
}

/** Adds a connector kind (tests use it for a stand-in application source until more connectors exist). */
export function registerConnector(kind: string, connector: Connector): void {
  connectors[kind] = connector;
}

export function connectorKinds(): string[] {
  return Object.keys(connectors);
}
