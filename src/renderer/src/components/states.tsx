/** The designed loading and error states every list and card shares. */
import { Alert, Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core'
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react'
import { errorMessage, isApiError } from '../api/client'

/** An error from main, in its own words, with a way to try again. */
export function ErrorState({
  error,
  onRetry,
  title = 'Something went wrong'
}: {
  error: unknown
  onRetry?: () => void
  title?: string
}) {
  const code = isApiError(error) ? error.code : null
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={title}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        <Group gap="sm">
          {onRetry ? (
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} onClick={onRetry}>
              Try again
            </Button>
          ) : null}
          {code ? (
            <Text size="xs" c="dimmed" className="mono">
              {code}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Alert>
  )
}

/** Placeholder rows shaped like the table that is loading. */
export function TableSkeletonRows({ rows = 6, columns }: { rows?: number; columns: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, row) => (
        <Table.Tr key={row} aria-hidden>
          {Array.from({ length: columns }, (_, column) => (
            <Table.Td key={column}>
              <Skeleton height={12} radius="sm" width={column === 0 ? '70%' : `${40 + ((row * 7 + column * 13) % 45)}%`} />
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </>
  )
}
