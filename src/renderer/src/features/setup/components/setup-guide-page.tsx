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
import { providerNotice } from '../provider-notice'
import { providerWords, useSetupProvider } from '../setup-provider'
import { EntraGuide } from './entra-guide'
import { OktaGuide } from './okta-guide'
import { ProviderNoticeAlert } from './provider-notice-alert'
import classes from './setup-guide-page.module.css'

/**
 * `#/tenants/:slug/setup`: the exact values and clicks for the customer's Okta admin, mirroring Okta's screens;
 * `?for=entra` gives the same for a customer who provisions from Microsoft Entra ID, and `?for=okta` Okta's. Without
 * `for`, the guide of the tenant's provider (useSetupProvider). The switch only changes the view, often on a shared
 * screen: the tenant's provider changes only when the CSM says so, with the note's "Use … for this tenant" (or Edit
 * tenant), which can be undone.
 */
export function SetupGuidePage() {
  const tenant = useCurrentTenant()
  const guide = useSetupGuide(tenant.id)
  const exportGuide = useExportSetupGuide()
  const [issuing, setIssuing] = useState(false)
  const [params, setParams] = useSearchParams()
  const [usual, setProvider] = useSetupProvider(tenant)
  const asked = params.get('for')
  const provider: IdentityProvider = asked === 'entra' || asked === 'okta' ? asked : usual
  const named = providerWords[provider]
  const notice = providerNotice(tenant, provider)
  useSetupLiveUpdates()

  const choose = (value: string): void => {
    const chosen: IdentityProvider = value === 'entra' ? 'entra' : 'okta'
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        // The tenant's own guide needs no `for`: the address stays the one the navigation links to.
        if (chosen === usual) next.delete('for')
        else next.set('for', chosen)
        return next
      },
      { replace: true }
    )
  }

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
        title={named.guide}
        description={`What ${tenant.name}'s ${named.admin} clicks and types, screen by screen, in ${named.words}.`}
        actions={
          <>
            <SegmentedControl
              aria-label="Identity provider"
              value={provider}
              onChange={choose}
              data={(Object.keys(providerWords) as IdentityProvider[]).map((value) => ({ value, label: providerWords[value].label }))}
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
      {notice ? <ProviderNoticeAlert notice={notice} onUse={() => setProvider(notice.offer)} /> : null}
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
