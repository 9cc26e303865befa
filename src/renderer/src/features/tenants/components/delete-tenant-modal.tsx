import { Alert, Anchor, Button, Checkbox, Modal, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconArrowRight, IconKey } from '@tabler/icons-react'
import { useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import type { TenantSummary } from '../../../../../shared/models'
import { isApiError } from '../../../api/client'
import { paths } from '../../../app/paths'
import { FormFooter } from '../../../components/form-footer'
import { UrlText } from '../../../components/url-text'
import { plural } from '../../../lib/format'
import { scimOrigin, useServerStatus } from '../../server/queries'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { useDeleteTenant } from '../queries'

/**
 * Confirms deleting a tenant: names what goes with it and what Okta (or Entra) will see, asks for its slug to be typed, and,
 * while API tokens are active (main refuses then), a second, explicit choice to delete it with them.
 */
export function DeleteTenantModal({ tenant, opened, onClose }: { tenant: TenantSummary; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Delete ${tenant.name}?`} size="lg">
      <DeleteTenantForm tenant={tenant} onCancel={onClose} />
    </Modal>
  )
}

function DeleteTenantForm({ tenant, onCancel }: { tenant: TenantSummary; onCancel: () => void }) {
  const [provider] = useSetupProvider(tenant)
  const { client, urlName } = providerWords[provider]
  const navigate = useNavigate()
  const server = useServerStatus()
  const baseUrl = `${scimOrigin(server.data) ?? ''}${tenant.scimPath}`
  const [typed, setTyped] = useState('')
  const [withTokens, setWithTokens] = useState(false)
  // Set when Delete was pressed without the box ticked; the box then says why and takes the focus.
  const [askedForTokens, setAskedForTokens] = useState(false)
  const withTokensBox = useRef<HTMLInputElement>(null)
  const remove = useDeleteTenant({
    onDeleted: () => {
      void navigate(paths.tenants)
      const id = `tenant-deleted-${tenant.id}`
      notifications.show({
        id,
        color: 'red',
        title: 'Tenant deleted',
        message: (
          <Stack gap={6} align="flex-start">
            <Text size="sm">
              {tenant.name} is gone, with its users, groups and API tokens. {client} now gets 401 Unauthorized for {tenant.scimPath}.
            </Text>
            {/* Its past requests stay in the log under its old slug, which no tenant's filter offers any more. The
                toast is outside the router, so the button navigates rather than being a link. */}
            <Button
              size="compact-xs"
              variant="default"
              rightSection={<IconArrowRight size={12} aria-hidden />}
              onClick={() => {
                notifications.hide(id)
                void navigate(paths.logs({ tenant: tenant.slug }))
              }}
            >
              View its log
            </Button>
          </Stack>
        ),
        closeButtonProps: { 'aria-label': 'Dismiss notification' }
      })
    }
  })
  // Main refuses while tokens are active; it may know of tokens issued since this screen loaded (from the CLI, say).
  const refused = isApiError(remove.error, 'failed_precondition') ? remove.error : null
  const refusedCount = refused?.details?.['activeTokens']
  const activeTokens = typeof refusedCount === 'number' ? refusedCount : tenant.activeTokenCount
  const needsForce = activeTokens > 0 || refused !== null
  const matches = typed.trim().toLowerCase() === tenant.slug
  const tokensWord = activeTokens === 1 ? 'token' : 'tokens'

  // Delete stays pressable once the slug is typed: a disabled button ignored Enter and said nothing about the box.
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (!matches || remove.isPending) return
    if (needsForce && !withTokens) {
      setAskedForTokens(true)
      withTokensBox.current?.focus()
      return
    }
    remove.mutate({ tenant: tenant.id, force: withTokens })
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Delete ${tenant.name}`}>
      <Stack gap="md">
        <Text size="sm">
          <Text span fw={600} inherit>
            {tenant.name}
          </Text>{' '}
          is deleted with its {plural(tenant.userCount, 'user')}, {plural(tenant.groupCount, 'group')} and all its API tokens. This cannot be undone.
        </Text>
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
          <Text size="sm">
            {client} will get 401 Unauthorized on every call to this {urlName} (its API tokens are deleted with it), and provisioning for {tenant.name} stops. Its past requests stay in
            the provisioning log.
          </Text>
          <Text size="sm" className="mono" mt={6}>
            <UrlText value={baseUrl} />
          </Text>
        </Alert>
        {needsForce ? (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconKey size={18} aria-hidden />}
            title={activeTokens > 0 ? `${plural(activeTokens, 'API token')} ${activeTokens === 1 ? 'is' : 'are'} still active` : 'API tokens are still active'}
            role={refused ? 'alert' : undefined}
          >
            <Stack gap="xs">
              <Text size="sm">
                {refused
                  ? refused.message
                  : `${client} may still be provisioning into ${tenant.name}. Revoke the ${tokensWord} first, or delete the tenant with ${activeTokens === 1 ? 'it' : 'them'}.`}{' '}
                {/* The text's own colour: the accent blue is too faint on the yellow alert. */}
                <Anchor component={Link} to={paths.tenantTokens(tenant.slug)} size="sm" underline="always" c="inherit" fw={600}>
                  Open API tokens
                </Anchor>
              </Text>
              <Checkbox
                label={activeTokens === 1 ? 'Delete it with its active API token' : 'Delete it with its active API tokens'}
                checked={withTokens}
                onChange={(event) => setWithTokens(event.currentTarget.checked)}
                ref={withTokensBox}
                error={askedForTokens && !withTokens ? `Tick this box to delete ${tenant.name} with its API ${tokensWord}, or revoke the ${tokensWord} first.` : undefined}
                color="red"
              />
            </Stack>
          </Alert>
        ) : null}
        <TextInput
          label={
            <>
              To confirm, type{' '}
              <Text span className="mono" fw={600} inherit>
                {tenant.slug}
              </Text>
            </>
          }
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          classNames={{ input: 'mono' }}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
        />
        <FormFooter
          error={remove.isError && !refused ? remove.error : null}
          pending={remove.isPending}
          submitLabel="Delete tenant"
          onCancel={onCancel}
          destructive
          disabled={!matches}
        />
      </Stack>
    </form>
  )
}
