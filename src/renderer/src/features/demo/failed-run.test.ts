import { describe, expect, it } from 'vitest'
import type { DemoStep } from '../../../../shared/models'
import { failedRunWords } from './failed-run'

const step = (id: string, status: DemoStep['status']): DemoStep => ({
  index: 0,
  step: id,
  title: id,
  status,
  httpStatus: null,
  detail: null,
  method: 'GET',
  path: '/Users',
  startedAt: null,
  finishedAt: null
})

describe('where the identity provider shows what failed a demo run', () => {
  it('puts a failed Test API Credentials or Save of To App in Okta\'s admin console, not its Tasks list', () => {
    for (const id of ['test-credentials', 'save-to-app', 'save-to-app-groups']) {
      expect(failedRunWords({ mode: 'catalog', steps: [step(id, 'failed')] }, 'okta')).toBe(
        "Okta would show this error in its admin console, to the admin who clicked, not in its Tasks list. The failed step says why; its request is in the log on the right."
      )
    }
    // A provisioning task that fails after them is in Tasks.
    expect(failedRunWords({ mode: 'wizard', steps: [step('test-credentials', 'ok'), step('create-user', 'failed'), step('run-stopped', 'failed')] }, 'okta')).toBe(
      'Okta would report this in its Tasks list. The failed step says why; its request is in the log on the right.'
    )
  })

  it("puts a failed Test Connection in Entra's portal, and a failed cycle's change in its provisioning logs", () => {
    expect(failedRunWords({ mode: 'entra', steps: [step('test-credentials', 'failed')] }, 'entra')).toBe(
      'Entra would show this error in its portal, to the admin who clicked Test Connection. The failed step says why; its request is in the log on the right.'
    )
    expect(failedRunWords({ mode: 'entra-legacy', steps: [step('test-credentials', 'ok'), step('lookup-user', 'failed')] }, 'entra')).toBe(
      'Entra would list this in its provisioning logs. The failed step says why; its request is in the log on the right.'
    )
    expect(failedRunWords({ mode: 'entra-on-demand', steps: [step('test-credentials', 'failed')] }, 'entra')).toBe(
      "Entra's Provision on demand would show this step as failed. The step says why; its request is in the log on the right."
    )
  })
})
