import { Button, Menu, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronDown, IconFileTypeHtml, IconFileTypePdf } from '@tabler/icons-react'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import { errorMessage } from '../../../api/client'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { IssueTokenModal } from '../../tokens/components/issue-token-modal'
import { useExportSetupGuide, useSetupGuide, useSetupLiveUpdates } from '../queries'
import { EntraGuide } from './entra-guide'
import { OktaGuide } from './okta-guide'
import classes from './setup-guide-page.module.css'

/** Each provider's guide as the page names it. */
const providers: Record<IdentityProvider, { readonly label: string; readonly title: string; readonly admin: string; readonly words: string }> = {
  okta: { label: 'Okta', title: 'Okta setup guide', admin: 'Okta admin', words: "Okta's own words" },
  entra: { label: 'Microsoft Entra ID', title: 'Microsoft Entra ID setup guide', admin: 'Entra admin', words: "the Microsoft Entra admin center's words" }
}

/**
 * `#/tenants/:slug/setup`: the exact values and clicks for the customer's Okta admin, mirroring Okta's screens;
 * `?for=entra` gives the same for a customer who provisions from Microsoft Entra ID.
 */
export function SetupGuidePage() {
  const tenant = useCurrentTenant()
  const guide = useSetupGuide(tenant.id)
  const exportGuide = useExportSetupGuide()
  const [issuing, setIssuing] = useState(false)
  const [params, setParams] = useSearchParams()
  const provider: IdentityProvider = params.get('for') === 'entra' ? 'entra' : 'okta'
  const named = providers[provider]
  useSetupLiveUpdates()

  const choose = (value: string): void =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value === 'entra') next.set('for', 'entra')
        else next.delete('for')
        return next
      },
      { replace: true }
    )

  const runExport = (format: 'html' | 'pdf'): void => {
    exportGuide.mutate(
      { tenant: tenant.id, format, provider },
      {
        onSuccess: (result) => {
          if (!result) return
          notifications.show({
            color: 'green',
            title: `Guide saved as ${format.toUpperCase()}`,
            closeButtonProps: { 'aria-label': 'Dismiss notification' },
            message: (
              <Text size="sm">
                Send <span className="mono">{result.path.split(/[\\/]/).pop()}</span> to {tenant.name}&apos;s {named.admin}. It holds no token: send that
                separately.
              </Text>
            )
          })
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Could not export the guide', message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
      }
    )
  }

  return (
    <Stack gap="lg" maw={1280}>
      <PageHeader
        title={named.title}
        description={`What ${tenant.name}'s ${named.admin} clicks and types, screen by screen, in ${named.words}.`}
        actions={
          <>
            <SegmentedControl
              aria-label="Identity provider"
              value={provider}
              onChange={choose}
              data={(Object.keys(providers) as IdentityProvider[]).map((value) => ({ value, label: providers[value].label }))}
            />
            <Menu position="bottom-end" width={250}>
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={15} aria-hidden />} loading={exportGuide.isPending}>
                  Export for the customer
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>One page for the {named.admin}, no secrets</Menu.Label>
                <Menu.Item leftSection={<IconFileTypePdf size={16} aria-hidden />} onClick={() => runExport('pdf')}>
                  Export as PDF
                </Menu.Item>
                <Menu.Item leftSection={<IconFileTypeHtml size={16} aria-hidden />} onClick={() => runExport('html')}>
                  Export as HTML
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      {guide.isError ? (
        <ErrorState title="Could not load the setup guide" error={guide.error} onRetry={() => void guide.refetch()} />
      ) : guide.isPending ? (
        <div className={classes.layout} aria-busy="true">
          <Stack gap="md">
            <Skeleton height={90} />
            <Skeleton height={320} />
          </Stack>
          <Skeleton height={420} />
        </div>
      ) : provider === 'entra' ? (
        <EntraGuide guide={guide.data} tenant={tenant} onIssue={() => setIssuing(true)} />
      ) : (
        <OktaGuide guide={guide.data} tenant={tenant} onIssue={() => setIssuing(true)} />
      )}
      {/* Keyed: a secret just issued stays with its tenant when the route moves to another one's guide. */}
      <IssueTokenModal key={tenant.id} tenant={tenant} provider={provider} opened={issuing} onClose={() => setIssuing(false)} />
    </Stack>
  )
}
