import { Button, Menu, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronDown, IconFileTypeHtml, IconFileTypePdf } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import { errorMessage } from '../../../api/client'
import { PageHeader, readingPageWidth } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { IssueTokenModal } from '../../tokens/components/issue-token-modal'
import { useExportSetupGuide, useSetupGuide, useSetupLiveUpdates } from '../queries'
import { guideView, providerNotice } from '../provider-notice'
import { providerWords, useSetupProvider } from '../setup-provider'
import { EntraGuide } from './entra-guide'
import { OktaGuide } from './okta-guide'
import { ProviderNoticeAlert } from './provider-notice-alert'
import classes from './setup-guide-page.module.css'
import { useLiveSearchParams } from '../../../lib/live-search-params'

/** The search parameters with `for` naming `provider`, or without it. */
function withFor(params: URLSearchParams, provider: IdentityProvider | null): URLSearchParams {
  const next = new URLSearchParams(params)
  if (provider === null) next.delete('for')
  else next.set('for', provider)
  return next
}

/**
 * `#/tenants/:slug/setup`: the exact values and clicks for the customer's Okta admin, mirroring Okta's screens;
 * `?for=entra` gives the same for a customer who provisions from Microsoft Entra ID, and `?for=okta` Okta's. Without
 * `for`, the guide of the tenant's provider (useSetupProvider). The switch only changes the view, often on a shared
 * screen: the tenant's provider changes only when the CSM says so, with the note's "Use … for this tenant" (or Edit
 * tenant), which can be undone. The address names a provider only while it is not the tenant's (guideView).
 */
export function SetupGuidePage() {
  const tenant = useCurrentTenant()
  const guide = useSetupGuide(tenant.id)
  const exportGuide = useExportSetupGuide()
  const [issuing, setIssuing] = useState(false)
  const [params, setParams] = useLiveSearchParams()
  const [usual, setProvider] = useSetupProvider(tenant)
  const asked = params.get('for')
  const { shown: provider } = guideView(asked, usual)
  const named = providerWords[provider]
  const notice = providerNotice(tenant, provider)
  useSetupLiveUpdates()

  // The provider whose guide this page pins against the tenant's own, by the switch or by an address that named it
  // (the effect below lets go of the pin once the tenant's provider becomes it).
  const pinnedAgainst = useRef<string | null>(null)

  // The switch pins another provider's guide; the tenant's own needs no `for`, so the address stays the one the
  // navigation links to.
  const choose = (value: string): void => {
    const { pinned } = guideView(value, usual)
    pinnedAgainst.current = pinned
    setParams((current) => withFor(current, pinned), { replace: true })
  }

  // The address as the page shows it now, for a save that answers later: null once the page is gone, so that an answer
  // that comes after the CSM moved on does not move them back.
  const address = useRef<string | null>(null)
  useEffect(() => {
    address.current = `${tenant.slug}?for=${asked}`
    return () => {
      address.current = null
    }
  })

  // Saved, the guide pinned is the tenant's own: the address lets go of it, so that the guide follows the tenant from
  // then on (an Undo shows the tenant's own again) and a copied link pins nothing. Refused, the guide stays as it was,
  // still offering the change.
  const saving = useRef(false)
  const use = (offer: IdentityProvider): void => {
    const from = `${tenant.slug}?for=${asked}`
    saving.current = true
    void setProvider(offer).then((took) => {
      saving.current = false
      if (took) pinnedAgainst.current = null
      if (took && asked === offer && address.current === from) setParams((current) => withFor(current, null), { replace: true })
    })
  }

  // The same when the tenant's provider becomes the pinned one elsewhere while the page is open (Edit tenant, the CLI,
  // another window): kept, the pin would hold the guide there once the tenant changed back. Not while this page's own
  // Use is saving (the screens show its provider before main has answered, and a refusal must find the pin), and not
  // for an address that named the tenant's provider as it opened (a link from the palette keeps what it says). The
  // switch remembers its pin itself, as well as a render that shows one: a navigation renders in a transition, so a
  // change of provider that arrives straight after a click may render before the address does, and no render then
  // shows the pin against the old provider.
  useEffect(() => {
    if (asked === null) return
    if (asked !== usual) pinnedAgainst.current = asked
    else if (pinnedAgainst.current === asked && !saving.current) {
      pinnedAgainst.current = null
      setParams((current) => withFor(current, null), { replace: true })
    }
  }, [asked, usual, setParams])

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
    <Stack gap="lg" maw={readingPageWidth}>
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
      {notice ? <ProviderNoticeAlert notice={notice} onUse={() => use(notice.offer)} /> : null}
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
