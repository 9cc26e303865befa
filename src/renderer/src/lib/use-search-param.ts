import { useDebouncedCallback } from '@mantine/hooks'
import { useState } from 'react'
import { useLiveSearchParams } from './live-search-params'

/**
 * A search box's text, kept in the URL's `q` a moment after typing stops, so that Back, a reload and a shared link
 * show the same search. Answers the search in force, the text in the box, and the setter for the box.
 *
 * The URL is the truth: when its `q` changes from elsewhere (a link to another tab or tenant, Back), the box shows it,
 * rather than writing its old text over it. Only a change the box asked for keeps what is typed since.
 */
export function useSearchParam(): [string, string, (value: string) => void] {
  const [params, setParams] = useLiveSearchParams()
  const search = params.get('q') ?? ''
  const [box, setBox] = useState({ text: search, seen: search, asked: null as string | null })
  // The URL changed: by the box's own request, keep the text (typing may have gone on); else show what the URL holds.
  // Adjusting state while rendering, as React recommends for state that follows a prop.
  if (box.seen !== search) setBox(search === box.asked ? { ...box, seen: search, asked: null } : { text: search, seen: search, asked: null })
  const commit = useDebouncedCallback((text: string) => {
    setBox((current) => ({ ...current, asked: text }))
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (text) next.set('q', text)
        else next.delete('q')
        return next
      },
      { replace: true }
    )
  }, 200)
  const setDraft = (text: string): void => {
    setBox((current) => ({ ...current, text }))
    commit(text)
  }
  return [search, box.text, setDraft]
}
