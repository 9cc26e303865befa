import type { ReactNode } from 'react'
import { urlSegments } from '../lib/url-segments'
import classes from './url-text.module.css'

/**
 * A URL or a file path, shown whole and wrapping only after a "/": people copy these and read them aloud on calls, and
 * a break inside a host or a slug ("…/scim/v2/ac" + "me") reads as two values. `children` (a slug being typed) follows
 * as one more segment.
 */
export function UrlText({ value, children }: { value: string; children?: ReactNode }) {
  return (
    <span className={classes.url}>
      {urlSegments(value).map((segment, index) => (
        // The segments of one value never reorder: the index is their identity.
        <span key={index} className={classes.segment}>
          {segment}
        </span>
      ))}
      {children ? <span className={classes.segment}>{children}</span> : null}
    </span>
  )
}
