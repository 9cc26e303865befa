/** Server state for the embedded SCIM server: polled once, then pushed by main. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ServerStatus } from '../../../../shared/models'
import { call, useApiEvent } from '../../api/client'

/** Query keys for the SCIM server. */
export const serverKeys = {
  all: ['server'] as const,
  status: () => [...serverKeys.all, 'status'] as const
}

/**
 * The SCIM server's state; pushes from main keep it current without polling. `live` also polls, for
 * figures that move without a state change (requests per second) while a screen shows them.
 */
export function useServerStatus(options: { live?: boolean } = {}) {
  return useQuery({
    queryKey: serverKeys.status(),
    queryFn: () => call('server:status', {}),
    staleTime: options.live ? 0 : Infinity,
    refetchInterval: options.live ? 2000 : false
  })
}

/** What the Start, Stop and Restart buttons ask of the server. */
export type ServerAction = 'start' | 'stop' | 'restart'

/**
 * Starts, stops or restarts the SCIM server with the saved settings. The answer is the new status; `server:status`
 * pushes carry the steps in between (starting, running or failed).
 */
export function useServerAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (action: ServerAction) => call(`server:${action}`, {}),
    onSuccess: (status) => {
      queryClient.setQueryData(serverKeys.status(), status)
    }
  })
}

/** Writes each `server:status` push straight into the cache. */
export function useServerStatusLiveUpdates(): void {
  const queryClient = useQueryClient()
  useApiEvent('server:status', (status: ServerStatus) => {
    queryClient.setQueryData(serverKeys.status(), status)
  })
}

/** The origin identity providers should call: the public URL when set, else the listening one. */
export function scimOrigin(status: ServerStatus | undefined): string | null {
  if (!status) return null
  return status.publicUrl ?? status.url ?? `http://${status.host}:${status.port}`
}

/** "127.0.0.1:8787": the address without the scheme. */
export function serverAddress(status: ServerStatus): string {
  if (status.url) return status.url.replace(/^https?:\/\//, '')
  return `${status.host}:${status.port}`
}
