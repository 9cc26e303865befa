import { Text } from '@mantine/core'
import type { ReactNode } from 'react'
import classes from './frame-banner.module.css'

/** A banner's height, for the frame's header, which grows by it while the banner shows. */
export const frameBannerHeight = 36
/** The height of a banner with a second line (`detail`). */
export const frameBannerTallHeight = 58

/** The class of a button placed in a banner's `action`, in the banner's colours. */
export const frameBannerButtonClass = classes.button
/** The class of a link inside a banner's text. */
export const frameBannerLinkClass = classes.link

/**
 * A strip under the header on every screen: `warning` for something the user turned on, `danger` for something wrong
 * that needs them. `label` names it for assistive technology; the text says what and why; `action` is one button.
 * The strip is one line high, or two with a `detail` (what still works, what to do) for a state that must explain
 * itself: a narrow window cuts the text short, and `title` holds all of it, on hover.
 */
export function FrameBanner(props: {
  readonly tone: 'warning' | 'danger'
  readonly icon: ReactNode
  readonly label: string
  readonly testId: string
  readonly children: ReactNode
  readonly detail?: ReactNode
  readonly action?: ReactNode
  readonly title?: string
}) {
  return (
    <div
      className={`${classes.banner} ${classes[props.tone]}`}
      role={props.tone === 'danger' ? 'alert' : 'status'}
      aria-label={props.label}
      data-testid={props.testId}
      style={{ height: props.detail ? frameBannerTallHeight : frameBannerHeight }}
    >
      <span className={classes.icon}>{props.icon}</span>
      <div className={classes.text} title={props.title}>
        <Text size="sm" truncate>
          {props.children}
        </Text>
        {props.detail ? (
          <Text size="sm" truncate>
            {props.detail}
          </Text>
        ) : null}
      </div>
      {props.action}
    </div>
  )
}
