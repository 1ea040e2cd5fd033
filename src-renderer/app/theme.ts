// The Vouch look: a calm navy primary, system fonts (the desktop app loads nothing from the network),
// and text colors that keep WCAG AA contrast in both schemes (axe-core checks it in e2e).
import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

const brand: MantineColorsTuple = [
  '#eef3ff',
  '#dce4f5',
  '#b9c7e6',
  '#93a8d7',
  '#7490ca',
  '#5f7fc2',
  '#5477bf',
  '#4466a9',
  '#3a5a98',
  '#2d4d87',
];

export const vouchTheme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 7 },
  colors: { brand },
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    // Sentence case reads calmer than Mantine's uppercase in tables full of badges.
    Badge: {
      defaultProps: { radius: 'sm', size: 'md' },
      styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0, fontSize: 12 } },
    },
    // Above any stacked dialog (Dialogs.tsx gives those 300 and up).
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true, zIndex: 1000 } },
    Popover: { defaultProps: { zIndex: 1000 } },
    Menu: { defaultProps: { zIndex: 1000 } },
    Paper: { defaultProps: { radius: 'md' } },
    // Its description is gray-6 (3.3:1) when a title is set.
    Notification: { styles: { description: { color: 'var(--mantine-color-dimmed)' } } },
  },
});

/**
 * Mantine's light-variant text (shade 9 on shade 1) and outline colors fall under 4.5:1 for green, orange and
 * red; these darker tones keep badges and outlines readable. Red buttons get a darker fill for white text.
 */
const accessibleTones: Record<string, string> = { green: '#1f6b30', orange: '#a33a0a', red: '#a51d1d' };
const lightToneVariables = Object.fromEntries(
  Object.entries(accessibleTones).flatMap(([color, tone]) => [
    [`--mantine-color-${color}-light-color`, tone],
    [`--mantine-color-${color}-outline`, tone],
    [`--mantine-color-${color}-text`, tone],
  ]),
);

export const vouchCssVariables: CSSVariablesResolver = () => ({
  variables: {
    '--vouch-mono': 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  },
  light: {
    // Mantine's default dimmed gray (gray-6) is 3.3:1 on white; this one is 5.9:1.
    '--mantine-color-dimmed': '#5c636b',
    '--mantine-color-placeholder': '#80868d',
    // red-6 is 3.3:1 on white; red-9 is 5.5:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    ...lightToneVariables,
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled-hover': '#a51d1d',
    '--vouch-warning-text': accessibleTones.orange ?? '',
    '--vouch-surface': 'var(--mantine-color-gray-0)',
    '--vouch-row-hover': 'var(--mantine-color-gray-0)',
    '--vouch-row-selected': 'var(--mantine-color-brand-0)',
    '--vouch-border': 'var(--mantine-color-gray-3)',
    '--vouch-table-head': 'var(--mantine-color-gray-0)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-5)',
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--vouch-warning-text': 'var(--mantine-color-orange-4)',
    '--vouch-surface': 'var(--mantine-color-dark-8)',
    '--vouch-row-hover': 'var(--mantine-color-dark-6)',
    '--vouch-row-selected': 'rgba(84, 119, 191, 0.18)',
    '--vouch-border': 'var(--mantine-color-dark-4)',
    '--vouch-table-head': 'var(--mantine-color-dark-6)',
  },
});
