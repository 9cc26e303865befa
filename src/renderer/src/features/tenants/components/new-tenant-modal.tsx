import { Anchor, Button, Group, Stack, Text, TextInput, ThemeIcon } from '@mantine/core'
import { IconCheck, IconKey } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { entraStandardsFlag } from '../../../../../shared/entra-setup'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import type { Tenant } from '../../../../../shared/models'
import { derivedSlugNote, slugify, slugProblem } from '../../../../../shared/slug'
import { errorMessage, isApiError } from '../../../api/client'
import { paths } from '../../../app/paths'
import { CopyField } from '../../../components/copy-field'
import { FormFooter } from '../../../components/form-footer'
import { FormModal, useFormDirty } from '../../../components/form-modal'
import { UrlText } from '../../../components/url-text'
import { useSingleSubmit } from '../../../lib/use-single-submit'
import { scimOrigin, useServerStatus } from '../../server/queries'
import { providerWords, rememberSetupProvider } from '../../setup/setup-provider'
import { useCreateTenant } from '../queries'
import { ProviderChoice } from './provider-choice'

type Field = 'name' | 'slug'

/** Which field a failed create belongs to, so the message shows beside it. */
function fieldOf(error: unknown): Field | null {
  if (!isApiError(error, 'conflict', 'invalid_argument')) return null
  const field = error.details?.['field']
  if (field === 'name' || field === 'slug') return field
  return /slug/i.test(error.message) ? 'slug' : 'name'
}

/** Where the customer's admin pastes the token and the base URL, for the next step's sentence. */
const pasteInto: Record<IdentityProvider, string> = {
  okta: "You'll paste it, with this base URL, into Okta under Provisioning → Integration.",
  entra: "You'll paste it as the Secret Token, with this Tenant URL, into Entra under Provisioning → Admin Credentials."
}

interface Created {
  readonly tenant: Tenant
  readonly provider: IdentityProvider
}

/** "New tenant": a short form, then the next step (issue an API token). */
export function NewTenantModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<Created | null>(null)
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => setCreated(null)}
      title={created ? 'Tenant created' : 'New tenant'}
      size="lg"
    >
      {created ? <NextSteps {...created} /> : <NewTenantForm onCreated={setCreated} onCancel={onClose} />}
    </FormModal>
  )
}

function NewTenantForm({ onCreated, onCancel }: { onCreated: (created: Created) => void; onCancel: () => void }) {
  const [name, setName] = useState('')
  const [slug, setSlug] = useState('')
  const [provider, setProvider] = useState<IdentityProvider>('okta')
  const [nameMissing, setNameMissing] = useState(false)
  useFormDirty(name.trim() !== '' || slug.trim() !== '' || provider !== 'okta')
  const create = useCreateTenant()
  const server = useServerStatus()
  const origin = scimOrigin(server.data) ?? 'http://127.0.0.1:8787'
  const effectiveSlug = slug.trim() || slugify(name)
  const failedField = fieldOf(create.error)
  // The same rule main applies, shown as the slug is typed rather than after Create.
  const typedSlugProblem = slug.trim() ? slugProblem(slug.trim()) : null
  // Letters the derived slug leaves out ("Ωmega" gives `mega`), said beside it rather than dropped without a word; a
  // name with none left ("株式会社") needs a slug typed, which main would otherwise refuse only after Create.
  const slugNote = slug.trim() ? null : derivedSlugNote(name.trim())

  const once = useSingleSubmit(create)
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (!name.trim()) {
      setNameMissing(true)
      return
    }
    if (typedSlugProblem) return
    once(() =>
      create.mutate(
        { name: name.trim(), ...(slug.trim() ? { slug: slug.trim() } : {}), setupProvider: provider },
        {
          onSuccess: (tenant) => {
            // Kept with the tenant; mirrored here so that its screens speak the provider before it loads (useSetupProvider).
            rememberSetupProvider(tenant.slug, provider)
            onCreated({ tenant, provider })
          }
        }
      )
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          A tenant is one customer, who provisions from Okta or Microsoft Entra ID. It gets its own SCIM base URL and API tokens, and its users and groups stay apart from every other tenant&apos;s.
        </Text>
        <TextInput
          label="Name"
          placeholder="Acme Corporation"
          description="The customer, as your team calls them."
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value)
            setNameMissing(false)
            if (create.isError) create.reset()
          }}
          error={nameMissing ? "Enter the customer's name." : failedField === 'name' ? errorMessage(create.error) : undefined}
          required
          data-autofocus
          autoComplete="off"
        />
        <TextInput
          label="Slug"
          placeholder={slugify(name) || 'acme-corporation'}
          description={slugNote ?? 'Optional. Identifies the tenant in its SCIM base URL; derived from the name when left empty.'}
          value={slug}
          onChange={(event) => {
            setSlug(event.currentTarget.value)
            if (create.isError) create.reset()
          }}
          error={typedSlugProblem ?? (failedField === 'slug' ? errorMessage(create.error) : undefined)}
          classNames={{ input: 'mono' }}
          autoComplete="off"
          spellCheck={false}
        />
        <ProviderChoice
          id="new-tenant-provider"
          value={provider}
          onChange={setProvider}
          description="The setup guide to open, and the words the tenant's screens use. Edit tenant and the guide can change it later."
        />
        <Stack gap={4}>
          <Text size="xs" fw={600} c="dimmed">
            {providerWords[provider].urlLabel}
          </Text>
          <Text size="sm" className="mono" aria-live="polite">
            <UrlText value={`${origin}/scim/v2/`}>
              <Text span inherit fw={600} c={typedSlugProblem ? 'red' : effectiveSlug ? undefined : 'dimmed'}>
                {effectiveSlug || 'slug'}
              </Text>
              {provider === 'entra' ? `?${entraStandardsFlag}` : null}
            </UrlText>
          </Text>
        </Stack>
        <FormFooter error={create.isError && failedField === null ? create.error : null} pending={create.isPending} submitLabel="Create tenant" onCancel={onCancel} />
      </Stack>
    </form>
  )
}

// Navigating away unmounts the Tenants screen, and the modal with it.
function NextSteps({ tenant, provider }: Created) {
  const navigate = useNavigate()
  const server = useServerStatus()
  const origin = scimOrigin(server.data)
  const other: IdentityProvider = provider === 'okta' ? 'entra' : 'okta'
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon color="green" variant="light" size={36} radius="xl" aria-hidden>
          <IconCheck size={20} />
        </ThemeIcon>
        <div>
          <Text fw={600}>{tenant.name} is ready</Text>
          <Text size="sm" c="dimmed">
            Next, issue an API token. {pasteInto[provider]}
          </Text>
        </div>
      </Group>
      {origin ? <CopyField value={providerWords[provider].pastedUrl(`${origin}${tenant.scimPath}`)} label={providerWords[provider].urlName} /> : null}
      <Text size="sm" c="dimmed">
        Then walk the customer&apos;s admin through the{' '}
        <Anchor component={Link} to={paths.tenantSetup(tenant.slug, { for: provider })} size="sm">
          {providerWords[provider].guide}
        </Anchor>
        , or the{' '}
        <Anchor component={Link} to={paths.tenantSetup(tenant.slug, { for: other })} size="sm">
          {providerWords[other].guide}
        </Anchor>{' '}
        if they provision from {providerWords[other].client} after all.
      </Text>
      <Group justify="flex-end" gap="sm" mt="xs">
        <Button
          variant="default"
          onClick={() => navigate(paths.tenant(tenant.slug))}
        >
          Open tenant
        </Button>
        <Button
          leftSection={<IconKey size={16} aria-hidden />}
          data-autofocus
          onClick={() => navigate(`${paths.tenantTokens(tenant.slug)}?issue=1`)}
        >
          Issue API token
        </Button>
      </Group>
    </Stack>
  )
}
