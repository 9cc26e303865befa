import { Drawer, Paper, Skeleton, Stack, Text } from '@mantine/core'
import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { isApiError } from '../../../api/client'
import { ErrorState } from '../../../components/states'

/**
 * The right-hand drawer of a user or a group: a skeleton while it loads, a plain word when it no longer exists (it
 * may have been deleted over SCIM while open), a retry on other errors, else the detail.
 */
export function DirectoryDrawer<T>({
  opened,
  onClose,
  query,
  kind,
  goneDetail,
  skeleton,
  title,
  children
}: {
  opened: boolean
  onClose: () => void
  query: UseQueryResult<T>
  kind: 'user' | 'group'
  goneDetail: string
  skeleton: readonly number[]
  title: (data: T) => ReactNode
  children: (data: T) => ReactNode
}) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={620}
      title={query.data ? title(query.data) : <Text fw={650}>{kind === 'user' ? 'User' : 'Group'}</Text>}
      styles={{ title: { flex: 1, minWidth: 0 } }}
      overlayProps={{ backgroundOpacity: 0.2, blur: 0 }}
    >
      {query.isPending && opened ? (
        <Stack gap="md" aria-busy="true">
          {skeleton.map((height, index) => (
            <Skeleton key={index} height={height} />
          ))}
        </Stack>
      ) : query.isError ? (
        isApiError(query.error, 'not_found') ? (
          <Paper withBorder p="lg" radius="md">
            <Text fw={600}>This {kind} no longer exists</Text>
            <Text size="sm" c="dimmed" mt={4}>
              {goneDetail}
            </Text>
          </Paper>
        ) : (
          <ErrorState title={`Could not load this ${kind}`} error={query.error} onRetry={() => void query.refetch()} />
        )
      ) : query.data ? (
        children(query.data)
      ) : null}
    </Drawer>
  )
}

/** One row of a drawer's facts list (`<dl>`): a label and its value. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}
