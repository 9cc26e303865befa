/** Paths of every screen, so that links are written once. */
export const paths = {
  tenants: '/tenants',
  tenant: (slug: string) => `/tenants/${encodeURIComponent(slug)}`,
  tenantTokens: (slug: string) => `/tenants/${encodeURIComponent(slug)}/tokens`,
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
