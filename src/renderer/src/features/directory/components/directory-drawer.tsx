import { Button, Drawer, Paper, Skeleton, Stack, Text } from '@mantine/core'
import { IconListDetails } from '@tabler/icons-react'
import type { UseQueryResult } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../app/paths'
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
  useEscapeInside(opened, onClose)
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      // Mantine's Escape closes every open drawer and dialog at once; useEscapeInside closes only this one.
      closeOnEscape={false}
      data-directory-drawer
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

/**
 * Escape closes the drawer, unless it was pressed in a dialog opened over it (Edit, Delete, the command palette),
 * which closes on its own: one Escape, one layer.
 */
function useEscapeInside(opened: boolean, onClose: () => void): void {
  useEffect(() => {
    if (!opened) return
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.isComposing || !(event.target instanceof Element)) return
      // A combobox's dropdown takes its own Escape, as Mantine's dialogs let it.
      if (event.target.getAttribute('data-mantine-stop-propagation') === 'true') return
      const dialog = event.target.closest('[role="dialog"]')
      if (dialog !== null && dialog.closest('[data-directory-drawer]') === null) return
      onClose()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [opened, onClose])
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

/** The drawer's way to the log, filtered to the tenant and the user's or group's name: its requests, and the console's changes. */
export function OpenInLogButton({ tenantSlug, target }: { tenantSlug: string; target: string }) {
  return (
    <Button
      size="xs"
      variant="subtle"
      color="gray"
      ml="auto"
      component={Link}
      to={`${paths.logs({ tenant: tenantSlug })}&${new URLSearchParams({ target }).toString()}`}
      leftSection={<IconListDetails size={14} aria-hidden />}
    >
      Open in log
    </Button>
  )
}
