import { NumberInput, Stack, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconLock } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import { maxRateLimitPerMinute, type Tenant, type TenantSummary } from '../../../../../shared/models'
import { errorMessage, isApiError } from '../../../api/client'
import { FormFooter } from '../../../components/form-footer'
import { FormModal, useFormDirty } from '../../../components/form-modal'
import { formatCount } from '../../../lib/format'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { useUpdateTenant } from '../queries'
import { ProviderChoice } from './provider-choice'
import { rateLimitProblem, tenantNameProblem } from '../tenant-form'

/** The field of the form that opened the dialog, and so has the focus first. */
export type EditTenantField = 'name' | 'rateLimit'

/** Which field a refused save belongs to, so the message shows beside it. */
function fieldOf(error: unknown): EditTenantField | null {
  if (!isApiError(error, 'conflict', 'invalid_argument')) return null
  const field = error.details?.['field']
  if (field === 'name') return 'name'
  if (field === 'rateLimitPerMinute') return 'rateLimit'
  return null
}

/** "Rate limit: 600 requests / minute" or "Unlimited", as the overview shows it. */
export function rateLimitText(rate: number): string {
  return rate > 0 ? `${formatCount(rate)} requests / minute` : 'Unlimited'
}

/**
 * "Edit tenant": its name, the identity provider its customer provisions from, and its rate limit. The slug is shown
 * but cannot change, because it is part of the SCIM base URL saved in the customer's Okta app.
 */
export function EditTenantModal({
  tenant,
  opened,
  focus = 'name',
  onClose
}: {
  tenant: TenantSummary
  opened: boolean
  focus?: EditTenantField
  onClose: () => void
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title="Edit tenant" size="lg">
      <EditTenantForm tenant={tenant} focus={focus} onDone={onClose} />
    </FormModal>
  )
}

function EditTenantForm({ tenant, focus, onDone }: { tenant: TenantSummary; focus: EditTenantField; onDone: () => void }) {
  const [current] = useSetupProvider(tenant)
  // The form starts from the tenant as it was when the dialog opened; Modal unmounts it when closed.
  const [provider, setProvider] = useState(current)
  const { client, app, urlName, afterThrottle } = providerWords[provider]
  const [name, setName] = useState(tenant.name)
  const [rate, setRate] = useState<number | string>(tenant.rateLimitPerMinute)
  const [showProblems, setShowProblems] = useState(false)
  useFormDirty(name !== tenant.name || String(rate) !== String(tenant.rateLimitPerMinute) || provider !== current)
  const update = useUpdateTenant()
  const failedField = fieldOf(update.error)
  const nameProblem = tenantNameProblem(name)
  const rateProblem = rateLimitProblem(rate)

  const edited = (): void => {
    if (update.isError) update.reset()
  }

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (nameProblem || rateProblem) {
      setShowProblems(true)
      return
    }
    const nextName = name.trim()
    const nextRate = Number(rate)
    if (nextName === tenant.name && nextRate === tenant.rateLimitPerMinute && provider === current) {
      onDone()
      return
    }
    update.mutate(
      {
        tenant: tenant.id,
        ...(nextName !== tenant.name ? { name: nextName } : {}),
        ...(nextRate !== tenant.rateLimitPerMinute ? { rateLimitPerMinute: nextRate } : {}),
        ...(provider !== current ? { setupProvider: provider } : {})
      },
      {
        onSuccess: (saved) => {
          onDone()
          notifications.show({
            color: 'green',
            title: 'Tenant saved',
            message: savedMessage(tenant, saved, provider !== current ? provider : null, client),
            closeButtonProps: { 'aria-label': 'Dismiss notification' }
          })
        }
      }
    )
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${tenant.name}`}>
      <Stack gap="md">
        <TextInput
          label="Name"
          description={`The customer, as your team calls them. ${client} does not see it.`}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value)
            edited()
          }}
          error={showProblems && nameProblem ? nameProblem : failedField === 'name' ? errorMessage(update.error) : undefined}
          required
          data-autofocus={focus === 'name' ? true : undefined}
          autoComplete="off"
        />
        <TextInput
          label="Slug"
          description={`Cannot be changed: it is part of the ${urlName} saved in the customer's ${app}.`}
          value={tenant.slug}
          readOnly
          variant="filled"
          classNames={{ input: 'mono' }}
          rightSection={<IconLock size={15} stroke={1.7} aria-hidden />}
          rightSectionPointerEvents="none"
        />
        <ProviderChoice
          id="edit-tenant-provider"
          value={provider}
          onChange={(chosen) => {
            setProvider(chosen)
            edited()
          }}
          description="The setup guide to open, and the words the tenant's screens use. Requests from either provider are served alike."
        />
        <NumberInput
          label="Rate limit"
          // The unit shows beside the number; say it with the label too, since the number alone is ambiguous.
          aria-label="Rate limit (requests per minute)"
          description={`How many requests ${client} may make per minute; 0 means unlimited. Over the limit, ${client} gets 429 Too Many Requests and ${afterThrottle}.`}
          value={rate}
          onChange={(value) => {
            setRate(value)
            edited()
          }}
          error={showProblems && rateProblem ? rateProblem : failedField === 'rateLimit' ? errorMessage(update.error) : undefined}
          min={0}
          max={maxRateLimitPerMinute}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          thousandSeparator=","
          hideControls
          rightSection={<span aria-hidden>requests / minute</span>}
          rightSectionWidth={140}
          rightSectionPointerEvents="none"
          styles={{
            wrapper: { maxWidth: 280 },
            section: { color: 'var(--mantine-color-dimmed)', fontSize: 'var(--mantine-font-size-sm)', justifyContent: 'flex-start' }
          }}
          className="tabular"
          data-autofocus={focus === 'rateLimit' ? true : undefined}
          autoComplete="off"
        />
        <FormFooter error={update.isError && failedField === null ? update.error : null} pending={update.isPending} submitLabel="Save changes" onCancel={onDone} />
      </Stack>
    </form>
  )
}

/**
 * What changed, in the overview's words, and when it takes effect (`client`: the tenant's Okta or Entra; `provider`:
 * the one newly chosen, if it changed).
 */
function savedMessage(before: TenantSummary, after: Tenant, provider: IdentityProvider | null, client: string): string {
  const parts: string[] = []
  if (after.name !== before.name) parts.push(`${before.name} is now called ${after.name}.`)
  if (provider) parts.push(`Provisioned from ${providerWords[provider].label}: the tenant's guide and screens now speak of it.`)
  if (after.rateLimitPerMinute !== before.rateLimitPerMinute) {
    parts.push(
      after.rateLimitPerMinute > 0
        ? `Rate limit: ${rateLimitText(after.rateLimitPerMinute)}, from ${client}'s next request.`
        : `No rate limit, from ${client}'s next request.`
    )
  }
  return parts.join(' ')
}
