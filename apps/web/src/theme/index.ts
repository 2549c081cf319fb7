import {
  Alert,
  createTheme,
  DEFAULT_THEME,
  Modal,
  Notification,
  NumberInput,
  TableScrollContainer,
  type MantineColorsTuple,
  type MantineThemeOverride,
} from '@mantine/core';
import { readablePalette } from './contrast';

// The light surfaces text sits on besides white: every palette's lightest tint (messages, notes, rows) and grey 1.
const lightPalettes = Object.entries(DEFAULT_THEME.colors).filter(([name]) => name !== 'dark');
const SURFACES = [...lightPalettes.map(([, palette]) => palette[0]), DEFAULT_THEME.colors.gray[1]];

/** Mantine's palettes with text shades that meet WCAG AA (issue 10 point 10); "dark" is for the dark scheme, unused. */
const colors: Record<string, MantineColorsTuple> = Object.fromEntries(
  lightPalettes.map(([name, palette]) => [name, readablePalette(palette, SURFACES)]),
);

/** What of the reader's language the theme needs: names of the controls Mantine draws itself, the decimal mark. */
export interface ThemeLabels {
  /** Number inputs show "0,5" in Croatian, not "0.5" (issue 10 point 9). */
  decimalSeparator: string;
  close: string;
}

/**
 * The app's theme. Contrast is fixed here, in the palettes, rather than page by page; the close buttons of toasts,
 * dialogs and alerts get a name by default, so no page can leave one nameless; a wide table's scrolling frame can be
 * focused, so it can be scrolled from the keyboard on a phone.
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
    // No sliding and fading for those who ask their system for less motion.
    respectReducedMotion: true,
    components: {
      Notification: Notification.extend({ defaultProps: { closeButtonProps } }),
      // A dialog's header is drawn as <header>, which outside <main> is a second page banner to screen readers.
      Modal: Modal.extend({ defaultProps: { closeButtonProps, attributes: { header: { role: 'none' } } } }),
      // The body may shrink below its widest child (a button's one-line label), so its text wraps on a phone
      // instead of running past the alert's edge, where it was cut off.
      Alert: Alert.extend({ defaultProps: { closeButtonLabel: labels.close }, styles: { body: { minWidth: 0 } } }),
      NumberInput: NumberInput.extend({ defaultProps: { decimalSeparator: labels.decimalSeparator } }),
      TableScrollContainer: TableScrollContainer.extend({
        // Focusable, not a named region: two tables on a page would be two regions of the same name.
        defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } },
      }),
    },
  });
}
