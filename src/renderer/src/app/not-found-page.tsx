/** Screens for a route that does not exist, and for a render that crashed. */
import { Button, Center, Code, EmptyState, Stack } from '@mantine/core'
import { IconAlertTriangle, IconCompass } from '@tabler/icons-react'
import { Link, useLocation, useRouteError } from 'react-router'
import { paths } from './paths'

/** An unknown route inside the frame. */
export function NotFoundPage() {
  const location = useLocation()
  return (
    <Center py={80}>
      <EmptyState
        icon={<IconCompass size={28} aria-hidden />}
        withIndicatorBackground
        title="This page does not exist"
        description={
          <>
            Nothing lives at <Code>{location.pathname}</Code>. It may have been a tenant that was deleted.
          </>
        }
      >
        <EmptyState.Actions>
          <Button component={Link} to={paths.tenants}>
            Go to tenants
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  )
}

/** A bug in a screen: say so plainly and offer a way back, instead of a white window. */
export function RouteErrorPage() {
  const error = useRouteError()
  const message = error instanceof Error ? error.message : String(error)
  return (
    <Center h="100dvh" p="xl">
      <Stack align="center" maw={560}>
        <EmptyState
          icon={<IconAlertTriangle size={28} aria-hidden />}
          color="red"
          variant="light"
          title="SCIM Console hit a problem showing this screen"
          description="The SCIM server keeps running. Reload the window to carry on; if it happens again, send this message to support."
        />
        <Code block w="100%">
          {message}
        </Code>
        <Button onClick={() => window.location.reload()}>Reload window</Button>
      </Stack>
    </Center>
  )
}
