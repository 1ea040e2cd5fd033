// The frame around every page: header (product, live sync indicator, theme), left navigation, content.
import {
  ActionIcon,
  AppShell,
  Badge,
  Box,
  Group,
  NavLink,
  Stack,
  Text,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Dialogs } from '../components/Dialogs.tsx';
import {
  IconDashboard,
  IconFileCheck,
  IconMoon,
  IconPlug,
  IconPlus,
  IconSettings,
  IconShieldCheck,
  IconSun,
  IconUsers,
} from '../components/Icons.tsx';
import { Notices } from '../components/Notices.tsx';
import { AddSourcePage } from '../pages/AddSourcePage.tsx';
import { ArtifactPage } from '../pages/ArtifactPage.tsx';
import { DashboardPage } from '../pages/DashboardPage.tsx';
import { EvidencePage } from '../pages/EvidencePage.tsx';
import { GalleryPage } from '../pages/GalleryPage.tsx';
import { PeoplePage } from '../pages/PeoplePage.tsx';
import { PersonPage } from '../pages/PersonPage.tsx';
import { SettingsPage } from '../pages/SettingsPage.tsx';
import { SourcesPage } from '../pages/SourcesPage.tsx';
import { useAppStore } from '../state/app-store.ts';
import { notify } from '../state/notices.ts';
import { hrefFor, useRouter, type Route } from '../state/router.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { SyncIndicator } from './SyncIndicator.tsx';

interface NavItem {
  label: string;
  route: Route;
  icon: ReactNode;
  /** Pages whose nav item is this one. */
  owns: Route['page'][];
}

const navItems: NavItem[] = [
  { label: 'Dashboard', route: { page: 'dashboard' }, icon: <IconDashboard />, owns: ['dashboard'] },
  { label: 'Sources', route: { page: 'sources', errorFor: null }, icon: <IconPlug />, owns: ['sources'] },
  { label: 'Add source', route: { page: 'gallery' }, icon: <IconPlus />, owns: ['gallery', 'add-source'] },
  { label: 'Evidence', route: { page: 'evidence' }, icon: <IconFileCheck />, owns: ['evidence', 'artifact'] },
  {
    label: 'People',
    route: { page: 'people', source: null },
    icon: <IconUsers />,
    owns: ['people', 'person'],
  },
  { label: 'Settings', route: { page: 'settings' }, icon: <IconSettings />, owns: ['settings'] },
];

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'sources':
      return <SourcesPage errorFor={route.errorFor} />;
    case 'gallery':
      return <GalleryPage />;
    case 'add-source':
      return <AddSourcePage kind={route.kind} />;
    case 'evidence':
      return <EvidencePage />;
    case 'artifact':
      return <ArtifactPage id={route.id} />;
    case 'people':
      return <PeoplePage source={route.source} />;
    case 'person':
      return <PersonPage id={route.id} />;
    case 'settings':
      return <SettingsPage />;
  }
}

function ThemeToggle() {
  const scheme = useComputedColorScheme('light');
  const updateSettings = useAppStore((s) => s.updateSettings);
  const next = scheme === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={label}
        onClick={() =>
          void updateSettings({ theme: next }).catch((error: Error) =>
            notify({ tone: 'error', title: 'The theme was not saved', message: error.message }),
          )
        }
      >
        {scheme === 'dark' ? <IconSun /> : <IconMoon />}
      </ActionIcon>
    </Tooltip>
  );
}

export function AppLayout() {
  const route = useRouter((s) => s.route);
  const info = useAppStore((s) => s.info);
  const failed = useSourcesStore((s) => s.sources.filter((x) => x.status === 'failed').length);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 232, breakpoint: 0 }} padding={0}>
      <AppShell.Header px="lg">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap={10} wrap="nowrap">
            <Box c="brand.7" className="vouch-logo" aria-hidden="true">
              <IconShieldCheck size={28} strokeWidth={2} />
            </Box>
            <Stack gap={0}>
              <Text fw={750} fz={19} lh={1.1} className="vouch-wordmark">
                Vouch
              </Text>
              <Text fz={11} c="dimmed" lh={1.2}>
                Compliance evidence collector
              </Text>
            </Stack>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SyncIndicator />
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component="nav" aria-label="Pages">
          <Stack gap={2}>
            {navItems.map((item) => {
              const active = item.owns.includes(route.page);
              return (
                <NavLink
                  key={item.label}
                  href={hrefFor(item.route)}
                  label={item.label}
                  leftSection={item.icon}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  variant="light"
                  className="vouch-navlink"
                  rightSection={
                    item.label === 'Sources' && failed > 0 ? (
                      <Badge color="red" size="sm" circle aria-label={`${failed} failed`}>
                        {failed}
                      </Badge>
                    ) : undefined
                  }
                />
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Stack gap={2} px="xs" pb={4}>
            <Text fz="xs" c="dimmed">
              Vouch {info?.version}
            </Text>
            <Text fz="xs" c="dimmed">
              {info?.shell === 'desktop' ? 'Desktop app' : 'Browser mode · this computer only'}
            </Text>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main className="vouch-main">
        <Box px={32} py={28} maw={1480} mx="auto">
          <CurrentPage route={route} />
        </Box>
      </AppShell.Main>
      <Dialogs />
      <Notices />
    </AppShell>
  );
}
