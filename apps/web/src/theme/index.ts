import { Alert, createTheme, DEFAULT_THEME, Modal, Notification, type MantineColorsTuple, type MantineThemeOverride } from '@mantine/core';
import { readablePalette } from './contrast';

// The light surfaces text sits on besides white: every palette's lightest tint (messages, notes, rows) and grey 1.
const lightPalettes = Object.entries(DEFAULT_THEME.colors).filter(([name]) => name !== 'dark');
const SURFACES = [...lightPalettes.map(([, palette]) => palette[0]), DEFAULT_THEME.colors.gray[1]];

/** Mantine's palettes with text shades that meet WCAG AA (issue 10 point 10); "dark" is for the dark scheme, unused. */
const colors: Record<string, MantineColorsTuple> = Object.fromEntries(
  lightPalettes.map(([name, palette]) => [name, readablePalette(palette, SURFACES)]),
);

/** Names of the controls Mantine draws itself, in the reader's language. */
export interface ThemeLabels {
  close: string;
}

/**
 * The app's theme. Contrast is fixed here, in the palettes, rather than page by page; the close buttons of toasts,
 * dialogs and alerts get a name by default, so no page can leave one nameless.
 */
export function createAppTheme(labels: ThemeLabels): MantineThemeOverride {
  const closeButtonProps = { 'aria-label': labels.close };
  return createTheme({
    colors,
    primaryColor: 'indigo',
    defaultRadius: 'md',
    fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "JetBrains Mono", Menlo, Consolas, monospace',
    headings: { fontWeight: '650' },
    components: {
      Notification: Notification.extend({ defaultProps: { closeButtonProps } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
      Alert: Alert.extend({ defaultProps: { closeButtonLabel: labels.close } }),
    },
  });
}
