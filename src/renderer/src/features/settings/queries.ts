/** Server state for Settings: the facts about this installation. */
import { useQuery } from '@tanstack/react-query'
import { call } from '../../api/client'

/** Query keys for app facts. */
export const appKeys = {
  all: ['app'] as const,
  info: () => [...appKeys.all, 'info'] as const
}

/** Version, database path and component versions; they do not change while the app runs. */
export function useAppInfo() {
  return useQuery({ queryKey: appKeys.info(), queryFn: () => call('app:info', {}), staleTime: Infinity })
}
