import { useDebouncedValue } from '@mantine/hooks'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'

/**
 * A search box's text, kept in the URL's `q` a moment after typing stops, so that Back, a reload and a shared link
 * show the same search. Answers the search in force, the text in the box, and the setter for the box.
 */
export function useSearchParam(): [string, string, (value: string) => void] {
  const [params, setParams] = useSearchParams()
  const search = params.get('q') ?? ''
  const [draft, setDraft] = useState(search)
  const [debounced] = useDebouncedValue(draft, 200)
  useEffect(() => {
    if (debounced === search) return
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (debounced) next.set('q', debounced)
        else next.delete('q')
        return next
      },
      { replace: true }
    )
  }, [debounced, search, setParams])
  return [search, draft, setDraft]
}
