/** A rectangle in screen coordinates (Electron's Rectangle). */
export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** The main window's size and place, as remembered between runs. */
export interface WindowState {
  readonly bounds: Rect
  readonly maximized: boolean
}

/** The first run's size, and the smallest the layout works at. */
export const defaultWindowSize = { width: 1360, height: 860 } as const
export const minimumWindowSize = { width: 960, height: 600 } as const

/** The settings-table key the window state is stored under (beside the `app` settings). */
export const windowStateKey = 'window'

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** Reads a stored state, or null when it is missing or malformed (a hand-edited or older value). */
export function parseWindowState(value: unknown): WindowState | null {
  if (!value || typeof value !== 'object') return null
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown }
  if (!bounds || typeof bounds !== 'object') return null
  const { x, y, width, height } = bounds as Record<string, unknown>
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(width) || !isFiniteNumber(height)) return null
  if (width <= 0 || height <= 0) return null
  return { bounds: { x, y, width, height }, maximized: maximized === true }
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max))
}

/**
 * Where to open the window: the remembered place when it is still on a screen, moved and shrunk to fit entirely inside
 * the work area of the display it overlaps most (a monitor may have been unplugged, or the resolution lowered), or
 * the default size centred on the primary display. `workAreas[0]` is the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: defaultWindowSize.width, height: defaultWindowSize.height }
  let area = primary
  let best = 0
  if (saved) {
    for (const candidate of workAreas) {
      const shared = overlap(saved.bounds, candidate)
      if (shared > best) {
        best = shared
        area = candidate
      }
    }
  }
  // The remembered size is kept even when its place is gone; an off-screen window is centred on the primary display.
  const place = saved && best > 0 ? saved.bounds : null
  const width = Math.round(clamp(saved?.bounds.width ?? defaultWindowSize.width, Math.min(minimumWindowSize.width, area.width), area.width))
  const height = Math.round(clamp(saved?.bounds.height ?? defaultWindowSize.height, Math.min(minimumWindowSize.height, area.height), area.height))
  const x = place ? place.x : area.x + (area.width - width) / 2
  const y = place ? place.y : area.y + (area.height - height) / 2
  return {
    bounds: {
      x: Math.round(clamp(x, area.x, area.x + area.width - width)),
      y: Math.round(clamp(y, area.y, area.y + area.height - height)),
      width,
      height
    },
    maximized: saved?.maximized ?? false
  }
}

/** A key–value store (the settings table's repository fits). */
export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

/** Loads and saves the window state in the settings table, so it survives restarts and travels with backups. */
export function createWindowStateStore(store: KeyValueStore) {
  return {
    load: (): WindowState | null => parseWindowState(store.get(windowStateKey)),
    save(state: WindowState): void {
      const parsed = parseWindowState(state)
      if (parsed) store.set(windowStateKey, parsed)
    }
  }
}
