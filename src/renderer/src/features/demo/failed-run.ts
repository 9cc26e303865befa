import type { IdentityProvider } from '../../../../shared/identity-provider'
import { provisionsOnDemand, type DemoRun } from '../../../../shared/models'

/**
 * The steps that are an admin's click in the identity provider's console, not a provisioning task: their failure shows
 * there, to that admin, and never in Okta's Tasks or Entra's provisioning logs. Okta's Test API Credentials and its
 * Save of To App; Entra's Test Connection.
 */
const adminClicks: ReadonlySet<string> = new Set(['test-credentials', 'save-to-app', 'save-to-app-groups'])

/** Where the identity provider would show what failed a run (`provider` plays it), said above the failed run's steps. */
export function failedRunWords(run: Pick<DemoRun, 'mode' | 'steps'>, provider: IdentityProvider): string {
  const after = 'The failed step says why; its request is in the log on the right.'
  if (provisionsOnDemand(run.mode)) return `Entra's Provision on demand would show this step as failed. ${after.replace('The failed step says', 'The step says')}`
  const first = run.steps.find((step) => step.status === 'failed')
  if (first && adminClicks.has(first.step)) {
    return provider === 'entra'
      ? `Entra would show this error in its portal, to the admin who clicked Test Connection. ${after}`
      : `Okta would show this error in its admin console, to the admin who clicked, not in its Tasks list. ${after}`
  }
  return provider === 'entra' ? `Entra would list this in its provisioning logs. ${after}` : `Okta would report this in its Tasks list. ${after}`
}
