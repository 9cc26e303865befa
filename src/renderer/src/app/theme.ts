/** The visual language: one calm indigo accent, neutral greys, status colours only for meaning. */
import { alpha, Badge, Code, createTheme, Modal, Table, Tooltip, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core'

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
  primaryColor: 'indigo',
  primaryShade: { light: 6, dark: 7 },
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
      defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 } },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }
    }),
    Code: Code.extend({ styles: { root: { fontSize: '0.8125rem' } } })
  }
})

// Colours that carry meaning (status badges, alerts) or the accent.
const tintedColors = ['indigo', 'red', 'yellow', 'orange', 'green', 'teal', 'violet', 'gray', 'blue'] as const

/**
 * In dark mode Mantine 9 paints "light" variants as opaque, saturated blocks; a calm console wants tints.
 * This keeps light mode as Mantine draws it and turns dark-mode badges and alerts into translucent washes.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {},
  dark: Object.fromEntries(
    tintedColors.flatMap((color) => {
      const shades = resolved.colors[color]
      if (!shades) return []
      return [
        [`--mantine-color-${color}-light`, alpha(shades[6], 0.16)],
        [`--mantine-color-${color}-light-hover`, alpha(shades[6], 0.24)],
        [`--mantine-color-${color}-light-color`, shades[3]]
      ]
    })
  )
})
