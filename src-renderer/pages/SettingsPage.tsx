// Settings: where the data lives, how secrets are protected (with a visible warning when weakly), the
// schedules, and the theme. Changes save immediately.
import {
  Alert,
  Badge,
  DataList,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { Settings } from '../../src-shared/api.ts';
import { EngineStatusPanel } from '../components/EngineStatusPanel.tsx';
import {
  IconActivity,
  IconAlertTriangle,
  IconCalendar,
  IconDatabase,
  IconLock,
  IconPalette,
} from '../components/Icons.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ShortHash } from '../components/ShortHash.tsx';
import { useAppStore } from '../state/app-store.ts';
import { notify } from '../state/notices.ts';

const intervalChoices = [
  { value: '0', label: 'Off (sync by hand)' },
  { value: '1', label: 'Every hour' },
  { value: '6', label: 'Every 6 hours' },
  { value: '12', label: 'Every 12 hours' },
  { value: '24', label: 'Every day' },
  { value: '168', label: 'Every week' },
];

function Section({
  icon,
  title,
  description,
  children,
}: {
  icon: ReactNode;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={`settings-${title}`}>
      <Group gap="sm" mb={4} wrap="nowrap">
        <Text c="brand.7" lh={0} aria-hidden="true" className="vouch-section-icon">
          {icon}
        </Text>
        <Title order={2} fz="lg" id={`settings-${title}`}>
          {title}
        </Title>
      </Group>
      <Text fz="sm" c="dimmed" mb="md">
        {description}
      </Text>
      {children}
    </Paper>
  );
}

export function SettingsPage() {
  const info = useAppStore((s) => s.info);
  const settings = useAppStore((s) => s.settings);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [saving, setSaving] = useState<keyof Settings | null>(null);

  if (!info || !settings) return null;

  const save = async (patch: Partial<Settings>) => {
    setSaving(Object.keys(patch)[0] as keyof Settings);
    try {
      await updateSettings(patch);
      notify({ tone: 'success', title: 'Settings saved' });
    } catch (error) {
      notify({ tone: 'error', title: 'The setting was not saved', message: (error as Error).message });
    } finally {
      setSaving(null);
    }
  };

  const interval = String(settings.syncIntervalHours);
  const choices = intervalChoices.some((c) => c.value === interval)
    ? intervalChoices
    : [...intervalChoices, { value: interval, label: `Every ${interval} hours` }];
  const weak = info.keyProtection.weak;

  return (
    <>
      <PageHeader
        title="Settings"
        description="Where Vouch keeps its data, how it protects credentials, and when it works on its own."
      />
      {weak && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle />}
          title="Credentials are weakly protected"
          role="alert"
          mb="lg"
        >
          <Text fz="sm">
            The data key is protected by {info.keyProtection.backend}, a weaker method you accepted because
            this computer offered no stronger one. Anyone who can read your user account's files may be able
            to open the stored credentials. To protect them properly, make a system keyring available (on
            Linux: GNOME Keyring or KWallet, unlocked at login) and restart Vouch.
          </Text>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="lg">
            <Section
              icon={<IconLock size={20} />}
              title="Key protection"
              description="Credentials are sealed with AES-256-GCM under a data key; this is what protects that key."
            >
              <Stack gap="md">
                <Group gap="sm">
                  <Text fw={600} ff="var(--vouch-mono)" fz="sm" data-testid="key-backend">
                    {info.keyProtection.backend}
                  </Text>
                  {weak ? (
                    <Badge color="orange" variant="light">
                      Weaker protection
                    </Badge>
                  ) : (
                    <Badge color="green" variant="light">
                      Protected
                    </Badge>
                  )}
                </Group>
                <Text fz="sm">{info.keyProtection.description}</Text>
              </Stack>
            </Section>
            <Section
              icon={<IconDatabase size={20} />}
              title="Data"
              description="Everything Vouch collects stays on this computer, in one directory."
            >
              <DataList labelWidth={150} withDivider size="sm">
                <DataList.Item>
                  <DataList.ItemLabel>Data directory</DataList.ItemLabel>
                  <DataList.ItemValue>
                    <ShortHash value={info.dataDir} label="data directory path" full />
                  </DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Version</DataList.ItemLabel>
                  <DataList.ItemValue>Vouch {info.version}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Running as</DataList.ItemLabel>
                  <DataList.ItemValue>
                    {info.shell === 'desktop'
                      ? 'Desktop app'
                      : 'Browser mode (vouch serve, this computer only)'}
                  </DataList.ItemValue>
                </DataList.Item>
              </DataList>
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="lg">
            <Section
              icon={<IconCalendar size={20} />}
              title="Schedules"
              description="Vouch syncs and tests sources by itself while it is running."
            >
              <Stack gap="lg">
                <Select
                  label="Sync every source"
                  description="Each scheduled sync produces a fresh set of artifacts. A source can have its own schedule: Sources, its connection details."
                  data={choices}
                  value={interval}
                  allowDeselect={false}
                  onChange={(value) => value !== null && void save({ syncIntervalHours: Number(value) })}
                  disabled={saving === 'syncIntervalHours'}
                  maw={340}
                />
                <Switch
                  label="Test every connection daily"
                  description="Catches expired tokens and removed permissions before the next sync needs them."
                  checked={settings.dailyConnectionTest}
                  onChange={(e) => void save({ dailyConnectionTest: e.currentTarget.checked })}
                  disabled={saving === 'dailyConnectionTest'}
                />
              </Stack>
            </Section>
            <Section
              icon={<IconPalette size={20} />}
              title="Appearance"
              description="Light, dark, or the same as your system."
            >
              <SegmentedControl
                aria-label="Theme"
                value={settings.theme}
                onChange={(value) => void save({ theme: value as Settings['theme'] })}
                data={[
                  { value: 'light', label: 'Light' },
                  { value: 'dark', label: 'Dark' },
                  { value: 'auto', label: 'System' },
                ]}
              />
            </Section>
          </Stack>
        </Grid.Col>
        {/* Full width: the lanes table has seven columns and the dead letters carry whole error messages. */}
        <Grid.Col span={12}>
          <Section
            icon={<IconActivity size={20} />}
            title="Engine"
            description="The lanes that run syncs (they stay up while Vouch runs), the job queue, and jobs that failed their last attempt."
          >
            <EngineStatusPanel />
          </Section>
        </Grid.Col>
      </Grid>
    </>
  );
}
