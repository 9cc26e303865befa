/** The one QueryClient: short staleness, because push events from main do the real work. */
import { QueryClient } from '@tanstack/react-query'
import { isApiError } from '../api/client'

/** Builds the app's QueryClient. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // An expected failure will not change by asking again; a transient one might.
        retry: (failures, error) => !isApiError(error, 'not_found', 'invalid_argument', 'conflict') && failures < 2
      },
      mutations: { retry: false }
    }
  })
}
