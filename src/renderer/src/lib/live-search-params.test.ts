import { afterEach, describe, expect, it, vi } from 'vitest'
import { liveSearchParams } from './live-search-params'

function at(hash: string): void {
  vi.stubGlobal('window', { location: { hash } })
}

describe('the search parameters a change goes on', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('are those of the address now, which a change made since the last render is already in', () => {
    at('#/tenants/acme/directory?status=deactivated&user=42')
    const rendered = new URLSearchParams('status=deactivated')
    expect(liveSearchParams('/tenants/acme/directory', rendered).toString()).toBe('status=deactivated&user=42')
    at('#/tenants/acme/directory')
    expect(liveSearchParams('/tenants/acme/directory', rendered).toString()).toBe('')
  })

  it("are the page's own as rendered once the address shows another page", () => {
    at('#/logs?outcome=failed')
    const rendered = new URLSearchParams('q=ada')
    const now = liveSearchParams('/tenants/acme/directory', rendered)
    expect(now.toString()).toBe('q=ada')
    // A copy: the change may write to it.
    expect(now).not.toBe(rendered)
  })
})
