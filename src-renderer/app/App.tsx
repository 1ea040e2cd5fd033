// The app's providers and first load: theme (following settings.theme), engine info, sources, evidence.
import { Center, Loader, MantineProvider, Stack, Text, useMantineColorScheme } from '@mantine/core';
import { useEffect } from 'react';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAppStore } from '../state/app-store.ts';
import { useArtifactsStore } from '../state/artifacts-store.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { AppLayout } from './AppLayout.tsx';
import { vouchCssVariables, vouchTheme } from './theme.ts';

/** Keeps Mantine's color scheme in step with the engine's settings (light / dark / follow the system). */
function ThemeFromSettings() {
  const theme = useAppStore((s) => s.settings?.theme);
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    if (theme) setColorScheme(theme);
  }, [theme, setColorScheme]);
  return null;
}

function Startup() {
  const loaded = useAppStore((s) => s.loaded);
  const loadError = useAppStore((s) => s.loadError);
  const load = useAppStore((s) => s.load);
  useEffect(() => {
    void load();
    void useSourcesStore.getState().refresh();
    void useArtifactsStore.getState().refresh();
  }, [load]);

  if (!loaded) {
    return (
      <Center h="100vh">
        <Stack align="center" gap="sm">
          <Loader aria-label="Loading Vouch" />
          <Text c="dimmed" fz="sm">
            Opening Vouch…
          </Text>
        </Stack>
      </Center>
    );
  }
  if (loadError) {
    return (
      <Center h="100vh" p="xl">
        <ErrorAlert error={loadError} title="Vouch could not start" />
      </Center>
    );
  }
  return <AppLayout />;
}

export function App() {
  return (
    <MantineProvider theme={vouchTheme} cssVariablesResolver={vouchCssVariables} defaultColorScheme="auto">
      <ThemeFromSettings />
      <Startup />
    </MantineProvider>
  );
}
