import type { IdentityProvider } from '../../../shared/identity-provider'

/** `path?a=1&b=2` from the parameters that have a value ("all" counts as none). */
function withSearch(path: string, params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value && value !== 'all') search.set(key, value)
  const text = search.toString()
  return text ? `${path}?${text}` : path
}

/** Paths of every screen, so that links are written once. */
export const paths = {
  tenants: '/tenants',
  tenant: (slug: string) => `/tenants/${encodeURIComponent(slug)}`,
  tenantTokens: (slug: string) => `/tenants/${encodeURIComponent(slug)}/tokens`,
  /** The directory's users; `user` opens that user's drawer. */
  tenantUsers: (slug: string, params: { readonly user?: string; readonly q?: string; readonly status?: string } = {}) =>
    withSearch(`/tenants/${encodeURIComponent(slug)}/directory`, params),
  /** The directory's groups; `group` opens that group's drawer. */
  tenantGroups: (slug: string, params: { readonly group?: string; readonly q?: string } = {}) =>
    withSearch(`/tenants/${encodeURIComponent(slug)}/directory/groups`, params),
  /** The setup guide: Okta's, or with `for: 'entra'` Microsoft Entra ID's. */
  tenantSetup: (slug: string, params: { readonly for?: IdentityProvider } = {}) => withSearch(`/tenants/${encodeURIComponent(slug)}/setup`, params),
  /** The demo page: its simulators, or with `tab: 'conformance'` the conformance self-test. */
  tenantDemo: (slug: string, params: { readonly tab?: 'conformance' } = {}) => withSearch(`/tenants/${encodeURIComponent(slug)}/demo`, params),
  tenantFaults: (slug: string) => `/tenants/${encodeURIComponent(slug)}/faults`,
  logs: (filters: { readonly tenant?: string; readonly outcome?: string } = {}) => {
    const params = new URLSearchParams()
    if (filters.tenant) params.set('tenant', filters.tenant)
    if (filters.outcome && filters.outcome !== 'all') params.set('outcome', filters.outcome)
    const search = params.toString()
    return search ? `/logs?${search}` : '/logs'
  },
  server: '/server',
  settings: '/settings'
} as const
