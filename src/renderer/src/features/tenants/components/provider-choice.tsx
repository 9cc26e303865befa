import { Input, SegmentedControl, Stack } from '@mantine/core'
import type { IdentityProvider } from '../../../../../shared/identity-provider'

const providerChoices = [
  { label: 'Okta', value: 'okta' },
  { label: 'Microsoft Entra ID', value: 'entra' }
] satisfies { label: string; value: IdentityProvider }[]

/**
 * "Provisioned from": which identity provider the tenant's customer provisions from (Tenant.setupProvider), in the
 * New tenant and Edit tenant forms. `id` names the label and description for screen readers.
 */
export function ProviderChoice({
  id,
  value,
  onChange,
  description
}: {
  id: string
  value: IdentityProvider
  onChange: (provider: IdentityProvider) => void
  description: string
}) {
  return (
    <Stack gap={4}>
      <Input.Label id={`${id}-label`}>Provisioned from</Input.Label>
      <Input.Description id={`${id}-description`}>{description}</Input.Description>
      <SegmentedControl
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-description`}
        data={providerChoices}
        value={value}
        onChange={(chosen) => onChange(chosen === 'entra' ? 'entra' : 'okta')}
        mt={4}
      />
    </Stack>
  )
}
