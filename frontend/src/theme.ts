// The Mantine theme: system fonts only (no web fonts are loaded from anywhere), and
// colors that pass WCAG AA contrast (4.5:1, checked by axe-core in the e2e run).
import { createTheme, darken, Notification, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Filled buttons and badges, outlines and links use shade 8 of their color: with Mantine's
  // default (6), white on blue and blue on white are 3.5:1.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, "Liberation Mono", monospace',
  components: {
    // Notifications: a named close button, and the text under a title in the dimmed gray
    // (Mantine's gray 6 there is 3.3:1 on white).
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
  },
});

/**
 * Secondary ("dimmed") text in gray 7 (Mantine's gray 6 is 3.3:1 on white), and the text
 * of light badges, alerts and buttons a quarter darker than shade 9 (orange 9 on orange 1
 * is 3.6:1, green 9 on green 1 is 3.8:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, darken(shades[9], 0.25)]),
    ),
  },
  dark: {},
});
