import { describe, expect, it } from 'vitest'
import { routeFromMain } from './navigation-from-main'

describe('navigation asked for by the menu, the tray and notifications', () => {
  it('takes hash routes and plain paths', () => {
    expect(routeFromMain('#/settings')).toBe('/settings')
    expect(routeFromMain('#/logs?tenant=acme&outcome=failed')).toBe('/logs?tenant=acme&outcome=failed')
    expect(routeFromMain('/server')).toBe('/server')
  })

  it('ignores anything that is not a path inside the app', () => {
    for (const route of ['https://example.com', '//example.com/x', 'settings', '', '#', 'javascript:alert(1)', '/\\example.com']) {
      expect(routeFromMain(route)).toBeNull()
    }
  })
})
