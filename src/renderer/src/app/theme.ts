/** The visual language: one calm indigo accent, neutral greys, status colours only for meaning. */
import { alpha, Badge, Code, createTheme, darken, Drawer, Modal, Table, Tooltip, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core'

// A slightly cool neutral for dark mode, so greys read as greys next to the indigo accent.
const dark: MantineColorsTuple = [
  '#d4d7de',
  '#a9adb8',
  '#868b98',
  '#5e6372',
  '#3c404c',
  '#2d313b',
  '#23262e',
  '#1b1d23',
  '#15171c',
  '#0f1014'
]

/** Mantine theme for both colour schemes. */
export const theme = createTheme({
  // Dialogs, drawers and menus open without sliding or fading for people who ask their system for less motion.
  respectReducedMotion: true,
  primaryColor: 'indigo',
  // Shade 7 in light mode too: white on indigo-6 is 4.3:1, under WCAG AA's 4.5:1 for button labels.
  primaryShade: { light: 7, dark: 7 },
  colors: { dark },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily:
    "Inter, 'Segoe UI Variable Text', 'Segoe UI', system-ui, -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif",
  fontFamilyMonospace:
    "'JetBrains Mono', 'SF Mono', SFMono-Regular, ui-monospace, 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.375rem', lineHeight: '1.3' },
      h2: { fontSize: '1.125rem', lineHeight: '1.35' },
      h3: { fontSize: '0.95rem', lineHeight: '1.4' }
    }
  },
  components: {
    Badge: Badge.extend({
      defaultProps: { variant: 'light', radius: 'sm' },
      styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 } }
    }),
    Table: Table.extend({
      defaultProps: { tabularNums: true, verticalSpacing: 'xs', horizontalSpacing: 'sm', highlightOnHover: true }
    }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 250, withArrow: true, fz: 'xs' } }),
    Modal: Modal.extend({
      defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 }, closeButtonProps: { 'aria-label': 'Close dialog' } },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }
    }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } }),
    Code: Code.extend({ styles: { root: { fontSize: '0.8125rem' } } })
  }
})

// Colours that carry meaning (status badges, alerts) or the accent.
const tintedColors = ['indigo', 'red', 'yellow', 'orange', 'green', 'teal', 'violet', 'gray', 'blue'] as const

/**
 * Text in a status colour must keep WCAG AA's 4.5:1, on white and on the colour's own light tint (a badge, an alert),
 * and white text must keep it on a filled button. Mantine's shades 6–7 do not for red, orange, yellow, green or teal;
 * these are the lightest of Mantine's shades that do, or its shade 9 darkened a little where none does.
 */
const readableText: Readonly<Record<string, string>> = {
  red: '#bf2828',
  orange: '#b83d0d',
  yellow: '#a15300',
  green: '#257535',
  teal: '#087956',
  blue: '#1864ab',
  indigo: '#364fc7',
  violet: '#6741d9',
  grape: '#862e9c',
  pink: '#a61e4d',
  cyan: '#0b7285',
  lime: '#4a760a',
  gray: '#495057'
}
const readableFill: Readonly<Record<string, string>> = {
  red: '#c92a2a',
  orange: '#ce440e',
  yellow: '#ad5900',
  green: '#29833b',
  teal: '#087f5b',
  blue: '#1971c2',
  cyan: '#0b7285',
  lime: '#4e7e0b'
}

function fills(): [string, string][] {
  return Object.entries(readableFill).flatMap(([color, fill]) => [
    [`--mantine-color-${color}-filled`, fill],
    [`--mantine-color-${color}-filled-hover`, darken(fill, 0.12)]
  ])
}

/**
 * In dark mode Mantine 9 paints "light" variants as opaque, saturated blocks; a calm console wants tints. This turns
 * dark-mode badges and alerts into translucent washes, and gives both schemes colours that stay readable (WCAG AA):
 * dimmed text, links, status text and filled buttons.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  // Mantine's dimmed grey (gray-6) is 3.2:1 on our backgrounds; this one keeps 4.5:1 on every surface (body, page,
  // table header, hover, a selected row) while still reading as secondary.
  light: Object.fromEntries([
    ['--mantine-color-dimmed', '#5f666e'],
    ['--mantine-color-anchor', 'var(--mantine-color-indigo-7)'],
    ...Object.entries(readableText).flatMap(([color, text]) => [
      [`--mantine-color-${color}-text`, text],
      [`--mantine-color-${color}-light-color`, text],
      [`--mantine-color-${color}-outline`, text]
    ]),
    ...fills()
  ]),
  dark: Object.fromEntries([
    ['--mantine-color-dimmed', '#9a9fab'],
    ...fills(),
    ...tintedColors.flatMap((color) => {
      const shades = resolved.colors[color]
      if (!shades) return []
      return [
        [`--mantine-color-${color}-light`, alpha(shades[6], 0.16)],
        [`--mantine-color-${color}-light-hover`, alpha(shades[6], 0.24)],
        [`--mantine-color-${color}-light-color`, shades[3]]
      ]
    })
  ])
})
