import { writeFile } from 'node:fs/promises'
import { z } from 'zod'
import type { SetupGuide, Tenant } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import { buildSetupGuide, renderSetupGuideHtml } from '../core/setup-guide'
import type { HandlerDeps } from './handlers'
import { handle, type HandlerMap } from './define'

const tenantRef = z.string().trim().min(1).max(200)

// Where the server would listen per the settings, for when it is stopped.
function configuredOrigin(deps: Pick<HandlerDeps, 'services'>): string {
  const { host, port } = deps.services.settings.get().server
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** The origin identity providers should use: the public URL when set, else where the server listens (or would). */
export function scimOrigin(deps: Pick<HandlerDeps, 'services' | 'server'>): string {
  return deps.services.settings.get().server.publicUrl ?? deps.server.status().url ?? configuredOrigin(deps)
}

/** The setup guide of a tenant from the settings, the server's state and the tenant's tokens. */
export function setupGuideOf(deps: Pick<HandlerDeps, 'services' | 'server'>, tenant: string): Result<SetupGuide> {
  const { services, server } = deps
  const found: Tenant | undefined = services.tenants.find(tenant)
  if (!found) return fail('not_found', `No tenant has the id or slug "${tenant}".`, { tenant })
  const tokens = services.tokens.list(found.id)
  if (!tokens.ok) return tokens as Result<never>
  const status = server.status()
  return ok(
    buildSetupGuide({
      tenant: found,
      publicUrl: services.settings.get().server.publicUrl,
      serverUrl: status.url,
      configuredOrigin: configuredOrigin(deps),
      tokens: tokens.value,
      serverRunning: status.state === 'running'
    })
  )
}

/** The setup guide for Okta and Entra: its values, and a one-page export for the customer's admin. */
export function setupHandlers(deps: HandlerDeps): HandlerMap<'setup:guide' | 'setup:export'> {
  const { services, native } = deps
  return {
    'setup:guide': handle('setup:guide', z.object({ tenant: tenantRef }).strict(), ({ tenant }) => setupGuideOf(deps, tenant)),
    'setup:export': handle(
      'setup:export',
      z.object({ tenant: tenantRef, format: z.enum(['html', 'pdf']), provider: z.enum(['okta', 'entra']).optional() }).strict(),
      async ({ tenant, format, provider = 'okta' }) => {
        const guide = setupGuideOf(deps, tenant)
        if (!guide.ok) return guide as Result<never>
        const html = renderSetupGuideHtml(guide.value, { generatedAt: new Date(services.now()).toISOString(), provider })
        const path = await native.chooseSavePath({
          title: provider === 'entra' ? 'Export the Microsoft Entra ID setup guide' : 'Export the Okta setup guide',
          defaultName: `${provider}-scim-setup-${guide.value.tenant.slug}.${format}`,
          filters: [format === 'pdf' ? { name: 'PDF document', extensions: ['pdf'] } : { name: 'Web page', extensions: ['html'] }]
        })
        if (path === null) return ok(null)
        try {
          await writeFile(path, format === 'pdf' ? await native.renderPdf(html) : html)
        } catch (error) {
          return fail('unavailable', `The guide could not be written to ${path}: ${error instanceof Error ? error.message : String(error)}`, { path })
        }
        return ok({ path, count: 1 })
      }
    )
  }
}
