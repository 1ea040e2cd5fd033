// The one place that names every connector. Everything else (CLI, renderer, linking, findings, exports,
// evidence) learns about providers from their descriptions, looked up here.
import { awsIdentityCenterConnector } from './aws/aws-connector.ts';
import { datadogConnector } from './datadog/datadog-connector.ts';
import { entraConnector } from './entra/entra-connector.ts';
import { githubConnector } from './github/github-connector.ts';
import { gitlabConnector } from './gitlab/gitlab-connector.ts';
import { googleWorkspaceConnector } from './google-workspace/google-connector.ts';
import { jiraConnector } from './jira/jira-connector.ts';
import { oktaConnector } from './okta/okta-connector.ts';
import type { Connector, DatasetDeclaration } from './types.ts';

const connectors: Record<string, Connector> = {
  // Identity providers first, then applications: the order the Add Source gallery lists them.
  okta: oktaConnector,
  entra: entraConnector,
  'google-workspace': googleWorkspaceConnector,
  github: githubConnector,
  gitlab: gitlabConnector,
  jira: jiraConnector,
  datadog: datadogConnector,
  'aws-identity-center': awsIdentityCenterConnector,
};

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

/** The display name of a connector kind, or null for a kind this build does not know. */
export function connectorDisplayName(kind: string): string | null {
  return connectors[kind]?.describe().displayName ?? null;
}

/**
 * The declaration of a dataset kind (e.g. okta.users), or of the dataset a derived kind was drawn from
 * (okta.users.sample → okta.users); null when no registered connector declares it.
 */
export function datasetDeclaration(kind: string): DatasetDeclaration | null {
  for (const connector of Object.values(connectors)) {
    // Stand-in connectors of tests may declare no datasets.
    for (const dataset of connector.describe().datasets ?? []) {
      if (kind === dataset.kind || kind.startsWith(`${dataset.kind}.`)) return dataset;
    }
  }
  return null;
}
