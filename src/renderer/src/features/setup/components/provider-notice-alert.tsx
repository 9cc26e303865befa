import { Alert, Button, Group, Text } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react'
import type { ProviderNotice } from '../provider-notice'
import { providerWords } from '../setup-provider'

/**
 * The note above a setup guide (providerNotice): which provider the tenant is set to, and the one deliberate way to
 * change it from here. A contradiction with the tenant's traffic is a warning; a guide viewed for the other provider
 * only a note.
 */
export function ProviderNoticeAlert({ notice, onUse }: { notice: ProviderNotice; onUse: () => void }) {
  const warning = notice.kind === 'traffic'
  return (
    <Alert
      variant="light"
      color={warning ? 'yellow' : 'gray'}
      title={notice.title}
      icon={warning ? <IconAlertTriangle size={18} aria-hidden /> : <IconInfoCircle size={18} aria-hidden />}
      data-testid="provider-notice"
    >
      <Group justify="space-between" gap="sm" wrap="nowrap" align="center">
        <Text size="sm">{notice.message}</Text>
        <Button size="xs" variant="default" onClick={onUse} style={{ flexShrink: 0 }}>
          Use {providerWords[notice.offer].label} for this tenant
        </Button>
      </Group>
    </Alert>
  )
}
