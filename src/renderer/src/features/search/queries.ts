/** Server-side search for the command palette: tenants, users and groups across every tenant. */
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { call } from '../../api/client'

/** Query keys for search. */
export const searchKeys = {
  all: ['search'] as const,
  everything: (text: string) => [...searchKeys.all, 'everything', text] as const
}

/** What `text` finds everywhere, a moment after typing stops; nothing for fewer than two characters. */
export function useSearchEverything(text: string) {
  const [debounced] = useDebouncedValue(text.trim(), 150)
  return useQuery({
    queryKey: searchKeys.everything(debounced),
    queryFn: () => call('search:everything', { text: debounced }),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 2_000
  })
}
