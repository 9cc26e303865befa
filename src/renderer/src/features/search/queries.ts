/** Server-side search for the command palette: tenants, users and groups across every tenant. */
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { call } from '../../api/client'

/** Query keys for search. */
export const searchKeys = {
  all: ['search'] as const,
  everything: (text: string) => [...searchKeys.all, 'everything', text] as const
}

/**
 * What `text` finds everywhere, a moment after typing stops; nothing for fewer than two characters. Nothing either
 * while the answer is still for what was typed before: the palette selects its first result for Enter, and one found
 * for "engineering" is no answer to "eng".
 */
export function useSearchEverything(text: string) {
  const [debounced] = useDebouncedValue(text.trim(), 150)
  const results = useQuery({
    queryKey: searchKeys.everything(debounced),
    queryFn: () => call('search:everything', { text: debounced }),
    enabled: debounced.length >= 2,
    staleTime: 2_000
  })
  return debounced === text.trim() ? results.data : undefined
}
