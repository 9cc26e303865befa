import { describe, expect, it } from 'vitest'
import { createWindowStateStore, defaultWindowSize, parseWindowState, placeWindow, windowStateKey, type Rect } from '../../src/main/core/window-state'

const laptop: Rect = { x: 0, y: 25, width: 1512, height: 920 }
const external: Rect = { x: 1512, y: -200, width: 2560, height: 1415 }

describe('window size and position', () => {
  it('opens at the default size, centred on the primary display, the first time', () => {
    expect(placeWindow(null, [laptop, external])).toEqual({
      bounds: { x: 76, y: 55, width: defaultWindowSize.width, height: defaultWindowSize.height },
      maximized: false
    })
  })

  it('reopens where it was, on the display it was on', () => {
    const saved = { bounds: { x: 1800, y: 0, width: 1400, height: 900 }, maximized: false }
    expect(placeWindow(saved, [laptop, external])).toEqual(saved)
  })

  it('remembers being maximised', () => {
    expect(placeWindow({ bounds: { x: 10, y: 40, width: 1000, height: 700 }, maximized: true }, [laptop]).maximized).toBe(true)
  })

  it('comes back onto the screen when its monitor was unplugged', () => {
    const saved = { bounds: { x: 1800, y: 0, width: 1400, height: 900 }, maximized: false }
    const placed = placeWindow(saved, [laptop])
    expect(placed.bounds).toEqual({ x: 56, y: 35, width: 1400, height: 900 })
  })

  it('shrinks to fit a smaller screen and stays fully visible', () => {
    const small: Rect = { x: 0, y: 0, width: 1280, height: 720 }
    const placed = placeWindow({ bounds: { x: 900, y: 400, width: 2400, height: 1300 }, maximized: false }, [small])
    expect(placed.bounds).toEqual({ x: 0, y: 0, width: 1280, height: 720 })
  })

  it('pulls a window hanging off an edge back inside its display', () => {
    const placed = placeWindow({ bounds: { x: -600, y: 800, width: 1200, height: 800 }, maximized: false }, [laptop])
    expect(placed.bounds).toEqual({ x: 0, y: 145, width: 1200, height: 800 })
  })

  it('handles displays left of and above the primary (negative coordinates)', () => {
    const left: Rect = { x: -1920, y: -300, width: 1920, height: 1080 }
    const saved = { bounds: { x: -1700, y: -250, width: 1300, height: 800 }, maximized: false }
    expect(placeWindow(saved, [laptop, left]).bounds).toEqual(saved.bounds)
  })

  it('never goes below the smallest usable size, unless the screen itself is smaller', () => {
    expect(placeWindow({ bounds: { x: 100, y: 100, width: 300, height: 200 }, maximized: false }, [laptop]).bounds).toMatchObject({ width: 960, height: 600 })
    const tiny: Rect = { x: 0, y: 0, width: 800, height: 500 }
    expect(placeWindow({ bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false }, [tiny]).bounds).toEqual(tiny)
  })

  it('ignores a malformed stored value', () => {
    for (const value of [undefined, null, 'big', { bounds: { x: 0, y: 0, width: -5, height: 10 } }, { bounds: { x: 'a', y: 0, width: 5, height: 5 } }, { bounds: { x: 0, y: 0, width: Infinity, height: 5 } }]) {
      expect(parseWindowState(value)).toBeNull()
    }
  })

  it('is stored in the settings table under its own key', () => {
    const table = new Map<string, unknown>()
    const store = createWindowStateStore({ get: (key) => table.get(key), set: (key, value) => void table.set(key, value) })
    expect(store.load()).toBeNull()
    store.save({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true })
    expect(table.get(windowStateKey)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true })
    expect(store.load()).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true })
  })
})
