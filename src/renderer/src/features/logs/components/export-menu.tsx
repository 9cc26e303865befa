import { Button, Menu, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconJson } from '@tabler/icons-react'
import { errorMessage } from '../../../api/client'
import { plural } from '../../../lib/format'
import { hasFilters, toLogQuery, type LogFilters } from '../log-filters'
import { useExportLog } from '../queries'

/** Names the toast's close button for screen readers. */
const dismiss = { 'aria-label': 'Dismiss notification' }

/** Export, in the page header: the requests the filters match, written to a CSV or NDJSON file through a save dialog. */
export function ExportMenu({
  filters,
  tenantId,
  ready
}: {
  filters: LogFilters
  tenantId: string | undefined
  /** Whether the tenant the filters name has been looked up (useExplorerTenant). */
  ready: boolean
}) {
  const exportLog = useExportLog()
  const runExport = (format: 'csv' | 'ndjson'): void => {
    // Without the tenant's id the query would name no tenant, and the file would hold every tenant's requests.
    if (!ready) return
    exportLog.mutate(
      { query: toLogQuery(filters, tenantId, Date.now()), format },
      {
        onSuccess: (result) => {
          if (!result) return
          notifications.show({
            color: 'teal',
            title: `Exported ${plural(result.count, 'request')}`,
            message: <span className="mono">{result.path}</span>,
            autoClose: 8000,
            closeButtonProps: dismiss
          })
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Could not export the log', message: errorMessage(error), closeButtonProps: dismiss })
      }
    )
  }
  return (
    <Menu position="bottom-end" shadow="md" width={260}>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          loading={exportLog.isPending}
          disabled={!ready}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{hasFilters(filters) ? 'The requests matching these filters' : 'Every request in the log'}</Menu.Label>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} aria-hidden />} onClick={() => runExport('csv')}>
          CSV, for a spreadsheet
        </Menu.Item>
        <Menu.Item leftSection={<IconJson size={16} aria-hidden />} onClick={() => runExport('ndjson')}>
          NDJSON, one request a line
        </Menu.Item>
        <Menu.Divider />
        <Text size="xs" c="dimmed" px="sm" py={4}>
          API tokens stay redacted.
        </Text>
      </Menu.Dropdown>
    </Menu>
  )
}
