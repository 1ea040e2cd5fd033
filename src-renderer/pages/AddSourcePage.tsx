// Add a source: a form generated from the connector's describe() fields, validated here, saved and
// tested by the engine (sources.add). A failed test keeps the source and shows the failure with its fix.
import {
  Anchor,
  Breadcrumbs,
  Button,
  Divider,
  FileInput,
  Grid,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ApiOutput } from '../../src-shared/api.ts';
import { Capabilities, CollectsList, ConnectorMark, RequiredScopes } from '../components/ConnectorFacts.tsx';
import { ConnectionResult } from '../components/ConnectionResult.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import {
  GeneratedFields,
  filledValues,
  validateFields,
  type FieldErrors,
  type FieldValues,
} from '../components/GeneratedFields.tsx';
import { IconBook, IconKey, IconRefresh, IconUpload } from '../components/Icons.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useAppStore } from '../state/app-store.ts';
import { openDialog } from '../state/dialogs.ts';
import { hrefFor, navigate } from '../state/router.ts';
import { syncWithNotice } from '../state/source-actions.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';

const sourceNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const maxCaBytes = 20_000;

interface CaFile {
  fileName: string;
  pem: string;
}

async function readCaFile(file: File): Promise<CaFile> {
  if (file.size > maxCaBytes)
    throw new Error('This file is too large for a certificate bundle (20 KB at most).');
  const pem = await file.text();
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error('This is not a PEM certificate: it should contain "-----BEGIN CERTIFICATE-----".');
  }
  return { fileName: file.name, pem };
}

function defaultName(kind: string, taken: string[]): string {
  if (!taken.includes(kind)) return kind;
  for (let n = 2; ; n++) if (!taken.includes(`${kind}-${n}`)) return `${kind}-${n}`;
}

function SectionTitle({ title, hint }: { title: string; hint?: string }) {
  return (
    <div>
      <Title order={2} fz="md">
        {title}
      </Title>
      {hint && (
        <Text fz="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}

export function AddSourcePage({ kind }: { kind: string }) {
  const connector = useAppStore((s) => s.connectors.find((c) => c.kind === kind));
  const sources = useSourcesStore((s) => s.sources);
  const existing = useMemo(() => sources.map((x) => x.name), [sources]);
  const add = useSourcesStore((s) => s.add);
  const [name, setName] = useState(() => defaultName(kind, existing));
  const [nameError, setNameError] = useState<string | undefined>();
  const [config, setConfig] = useState<FieldValues>({});
  const [secrets, setSecrets] = useState<FieldValues>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [caFile, setCaFile] = useState<File | null>(null);
  const [ca, setCa] = useState<CaFile | null>(null);
  const [caError, setCaError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiCallError | null>(null);
  const [result, setResult] = useState<ApiOutput<'sources.add'> | null>(null);

  if (!connector) {
    return (
      <>
        <PageHeader title="Unknown connector" description={`Vouch has no connector called "${kind}".`} />
        <Button component="a" href={hrefFor({ page: 'gallery' })} variant="default">
          Back to the gallery
        </Button>
      </>
    );
  }

  const onCaChange = async (file: File | null) => {
    setCaFile(file);
    setCa(null);
    setCaError(undefined);
    if (!file) return;
    try {
      setCa(await readCaFile(file));
    } catch (error) {
      setCaError((error as Error).message);
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmedName = name.trim();
    const nameProblem = !trimmedName
      ? 'Give the source a name.'
      : !sourceNamePattern.test(trimmedName)
        ? 'Use letters, digits, dot, dash or underscore (up to 64 characters), e.g. idp-prod.'
        : existing.includes(trimmedName)
          ? `A source named "${trimmedName}" already exists.`
          : undefined;
    const fieldErrors = {
      ...validateFields(connector.configFields, config),
      ...validateFields(connector.credentialFields, secrets),
    };
    setNameError(nameProblem);
    setErrors(fieldErrors);
    if (nameProblem || Object.values(fieldErrors).some(Boolean) || caError) {
      // After React has rendered the errors: take the keyboard to the first field that needs fixing.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const output = await add({
        kind,
        name: trimmedName,
        config: {
          ...filledValues(connector.configFields, config),
          ...(ca ? { caPem: ca.pem, caFile: ca.fileName } : {}),
        },
        secrets: filledValues(connector.credentialFields, secrets),
      });
      setSecrets({});
      setResult(output);
    } catch (error) {
      setFailure(toApiCallError(error));
    } finally {
      setSaving(false);
    }
  };

  const breadcrumbs = (
    <Breadcrumbs separator="›" fz="sm">
      <Anchor href={hrefFor({ page: 'gallery' })} fz="sm">
        Add source
      </Anchor>
      <Text fz="sm" c="dimmed">
        {connector.displayName}
      </Text>
    </Breadcrumbs>
  );

  const saved = result?.source.name;
  return (
    <>
      <PageHeader
        above={breadcrumbs}
        title={`Connect ${connector.displayName}`}
        description="Vouch saves the source, then tests the connection right away. Credentials are sealed on this computer and never shown again."
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {result && saved ? (
            <Paper withBorder p="lg">
              <Stack gap="md">
                <ConnectionResult
                  status={result.status}
                  title={
                    result.status.status === 'connected'
                      ? `${saved} is connected`
                      : `${saved} was saved, but the connection test failed`
                  }
                  actions={
                    result.status.status === 'connected' ? (
                      <>
                        <Button
                          leftSection={<IconRefresh size={16} />}
                          onClick={() => {
                            void syncWithNotice([saved]);
                            navigate({ page: 'sources', errorFor: null });
                          }}
                        >
                          Sync now
                        </Button>
                        <Button
                          variant="default"
                          component="a"
                          href={hrefFor({ page: 'sources', errorFor: null })}
                        >
                          Go to sources
                        </Button>
                      </>
                    ) : (
                      <>
                        <Button
                          leftSection={<IconKey size={16} />}
                          onClick={() => openDialog({ type: 'update-credentials', source: saved })}
                        >
                          Update credentials
                        </Button>
                        <Button
                          variant="default"
                          onClick={() => openDialog({ type: 'source-error', source: saved })}
                        >
                          View error
                        </Button>
                        <Button
                          variant="default"
                          component="a"
                          href={hrefFor({ page: 'sources', errorFor: null })}
                        >
                          Go to sources
                        </Button>
                      </>
                    )
                  }
                />
                {result.status.status === 'failed' && (
                  <Text fz="sm" c="dimmed">
                    The source is kept with its failure, so you can fix it from the sources list: change the
                    credential with Update credentials, or fix the provider side and use Test connection.
                  </Text>
                )}
              </Stack>
            </Paper>
          ) : (
            <Paper
              withBorder
              p="lg"
              component="form"
              onSubmit={(e) => void submit(e)}
              noValidate
              aria-label={`Connect ${connector.displayName}`}
            >
              <Stack gap="lg">
                <SectionTitle title="Name" />
                <TextInput
                  id="add-source-name"
                  label="Source name"
                  description={`How this source appears in Vouch and in its evidence, e.g. ${kind}-prod.`}
                  required
                  withAsterisk
                  value={name}
                  error={nameError}
                  onChange={(e) => {
                    setName(e.currentTarget.value);
                    setNameError(undefined);
                  }}
                  autoComplete="off"
                  spellCheck={false}
                />
                <Divider />
                <SectionTitle title="Connection" />
                <GeneratedFields
                  fields={connector.configFields}
                  values={config}
                  errors={errors}
                  idPrefix="add-source-config"
                  onChange={(field, value) => {
                    setConfig((v) => ({ ...v, [field]: value }));
                    setErrors((e) => ({ ...e, [field]: undefined }));
                  }}
                />
                <Divider />
                <SectionTitle
                  title="Credentials"
                  hint="Write-only: after saving, Vouch shows when they were set, never their values."
                />
                <GeneratedFields
                  fields={connector.credentialFields}
                  values={secrets}
                  errors={errors}
                  idPrefix="add-source-secret"
                  onChange={(field, value) => {
                    setSecrets((v) => ({ ...v, [field]: value }));
                    setErrors((e) => ({ ...e, [field]: undefined }));
                  }}
                />
                <Divider />
                <SectionTitle title="Network" hint="Optional." />
                <FileInput
                  id="add-source-ca"
                  label="Custom certificate authority"
                  description={`Only when a TLS-inspecting proxy or a private CA sits between this computer and ${connector.displayName}. PEM format.`}
                  placeholder="Choose a .pem file"
                  accept=".pem,.crt,.cer,application/x-pem-file"
                  clearable
                  clearButtonProps={{ 'aria-label': 'Remove the certificate file' }}
                  value={caFile}
                  onChange={(file) => void onCaChange(file)}
                  error={caError}
                  leftSection={<IconUpload size={16} />}
                  data-testid="ca-file"
                />
                {failure && <ErrorAlert error={failure} title="The source was not saved" />}
                <Group justify="space-between" mt="xs">
                  <Button variant="default" component="a" href={hrefFor({ page: 'gallery' })}>
                    Cancel
                  </Button>
                  <Button type="submit" loading={saving} size="md">
                    {saving ? 'Testing the connection…' : 'Save and test connection'}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="lg">
            <Stack gap="md">
              <Group gap="md" wrap="nowrap">
                <ConnectorMark connector={connector} size={36} />
                <Stack gap={2}>
                  <Text fw={650}>{connector.displayName}</Text>
                  <Capabilities connector={connector} />
                </Stack>
              </Group>
              <div>
                <Text fz="xs" fw={700} tt="uppercase" c="dimmed" mb={6}>
                  What Vouch collects
                </Text>
                <CollectsList connector={connector} />
              </div>
              {connector.requiredScopes.length > 0 && (
                <div>
                  <Text fz="xs" fw={700} tt="uppercase" c="dimmed" mb={6}>
                    Permissions it needs
                  </Text>
                  <RequiredScopes connector={connector} />
                </div>
              )}
              <Button
                variant="light"
                leftSection={<IconBook size={16} />}
                onClick={() => openDialog({ type: 'guide', kind })}
              >
                Open the integration guide
              </Button>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
