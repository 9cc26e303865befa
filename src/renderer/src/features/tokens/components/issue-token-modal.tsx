import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { IconCheck, IconLock } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import type { IssuedToken, TenantSummary } from '../../../../../shared/models'
import { CopyField } from '../../../components/copy-field'
import { FormFooter } from '../../../components/form-footer'
import { formatDate } from '../../../lib/format'
import { useIssueToken } from '../queries'

const expiryOptions = [
  { value: 'never', label: 'Never' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '365 days' }
]

/**
 * "Issue token": a label and an expiry, then the secret, shown once. While the secret is on
 * screen the dialog only closes through "I've copied it", so a stray click cannot lose it.
 */
export function IssueTokenModal({ tenant, opened, onClose }: { tenant: TenantSummary; opened: boolean; onClose: () => void }) {
  const [issued, setIssued] = useState<IssuedToken | null>(null)
  const showingSecret = issued !== null
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => setIssued(null)}
      title={showingSecret ? 'Copy your new API token' : `Issue API token for ${tenant.name}`}
      size="lg"
      closeOnClickOutside={!showingSecret}
      closeOnEscape={!showingSecret}
      withCloseButton={!showingSecret}
    >
      {issued ? <SecretStep token={issued} onDone={onClose} /> : <IssueForm tenant={tenant} onIssued={setIssued} onCancel={onClose} />}
    </Modal>
  )
}

function IssueForm({ tenant, onIssued, onCancel }: { tenant: TenantSummary; onIssued: (token: IssuedToken) => void; onCancel: () => void }) {
  const [label, setLabel] = useState('')
  const [expiry, setExpiry] = useState('never')
  const issue = useIssueToken()

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    issue.mutate(
      {
        tenant: tenant.id,
        ...(label.trim() ? { label: label.trim() } : {}),
        ...(expiry !== 'never' ? { expiresInDays: Number(expiry) } : {})
      },
      { onSuccess: onIssued }
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Okta sends this token with every SCIM request to {tenant.name}. Issue one per Okta app, so that you can revoke one without cutting off the others.
        </Text>
        <TextInput
          label="Label"
          placeholder="Okta production"
          description="Where the token is used, so that you recognise it later."
          value={label}
          onChange={(event) => setLabel(event.currentTarget.value)}
          data-autofocus
          autoComplete="off"
          maxLength={80}
        />
        <Stack gap={6}>
          <Text size="sm" fw={500} id="token-expiry-label">
            Expires
          </Text>
          <SegmentedControl aria-labelledby="token-expiry-label" data={expiryOptions} value={expiry} onChange={setExpiry} fullWidth />
          <Text size="xs" c="dimmed">
            When a token expires Okta gets 401 Unauthorized and provisioning stops, so set a reminder to issue the next one.
          </Text>
        </Stack>
        <FormFooter error={issue.isError ? issue.error : null} pending={issue.isPending} submitLabel="Issue token" onCancel={onCancel} />
      </Stack>
    </form>
  )
}

function SecretStep({ token, onDone }: { token: IssuedToken; onDone: () => void }) {
  return (
    <Stack gap="md">
      <Text size="sm">
        <Text span fw={600}>
          {token.label || 'Your token'}
        </Text>{' '}
        is active{token.expiresAt ? ` until ${formatDate(token.expiresAt)}` : ' and does not expire'}.
      </Text>
      <CopyField value={token.token} label="API token" size="md" emphasis testId="issued-token" />
      <Alert color="yellow" variant="light" icon={<IconLock size={18} aria-hidden />} title="Copy it now">
        SCIM Console stores only a hash; you will not see this token again. Paste it into Okta: Provisioning → Integration → API Token.
      </Alert>
      <Group justify="flex-end">
        <Button leftSection={<IconCheck size={16} aria-hidden />} onClick={onDone} data-autofocus>
          I&apos;ve copied it
        </Button>
      </Group>
    </Stack>
  )
}
