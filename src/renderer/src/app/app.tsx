/** The composition root of the renderer: theme, toasts, query cache and routes. */
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { RouterProvider } from 'react-router'
import { createQueryClient } from './query-client'
import { router } from './router'
import { cssVariablesResolver, theme } from './theme'

/** localStorage key for the chosen theme; absent means "follow the OS". */
export const colorSchemeStorageKey = 'scim-console:color-scheme'

const colorSchemeManager = localStorageColorSchemeManager({ key: colorSchemeStorageKey })

/** The whole renderer. */
export function App() {
  const [queryClient] = useState(createQueryClient)
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  )
}
