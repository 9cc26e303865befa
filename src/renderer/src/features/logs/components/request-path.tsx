import type { ReactNode } from 'react'
import { IdText } from '../../../components/id-text'
import { looksLikeId } from '../../../lib/ids'
import classes from './request-path.module.css'

/**
 * A path split around the id it names (`/Users/` · id · `?aadOptscim062020`), or null when no segment of it looks like
 * an id (`/Users?filter=…`).
 */
export function splitPathId(path: string): { readonly head: string; readonly id: string; readonly rest: string } | null {
  const query = path.indexOf('?')
  const route = query === -1 ? path : path.slice(0, query)
  const segments = route.split('/')
  for (let index = segments.length - 1; index > 0; index -= 1) {
    const segment = segments[index] ?? ''
    if (!looksLikeId(segment)) continue
    const head = `${segments.slice(0, index).join('/')}/`
    return { head, id: segment, rest: path.slice(head.length + segment.length) }
  }
  return null
}

/**
 * A request's method and path on one line. When it is short of room, the id in the path is cut in its middle, as
 * IdText cuts ids, rather than the path at its end: the end of an id is what tells two users' rows apart. The title
 * holds the whole request.
 */
export function RequestPath({ path, title, method }: { path: string; title: string; method: ReactNode }) {
  const parts = splitPathId(path)
  return (
    <span className={classes.path} title={title}>
      <span className={classes.fixed}>{method}</span>
      {parts ? (
        <>
          <span className={classes.fixed}>{parts.head}</span>
          <span className={classes.id}>
            <IdText value={parts.id} title={title} />
          </span>
          {parts.rest ? <span className={classes.rest}>{parts.rest}</span> : null}
        </>
      ) : (
        <span className={classes.rest}>{path}</span>
      )}
    </span>
  )
}
