import { Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import classes from './steps-list.module.css'

/** A numbered list of steps with a rail between the numbers, like a setup wizard printed on one page. */
export function StepsList({ children, label }: { children: ReactNode; label: string }) {
  return (
    <ol className={classes.list} aria-label={label}>
      {children}
    </ol>
  )
}

/** One step: its number, a title, and what to do. `done` ticks the number off. */
export function StepsItem({
  number,
  title,
  aside,
  done = false,
  children
}: {
  number: number
  title: ReactNode
  /** Right of the title: a status, a shortcut. */
  aside?: ReactNode
  done?: boolean
  children?: ReactNode
}) {
  return (
    <li className={classes.item} data-done={done || undefined}>
      <span className={classes.number} aria-hidden>
        {done ? '✓' : number}
      </span>
      <div className={classes.body}>
        <div className={classes.head}>
          <Title order={3} className={classes.title}>
            <Text span className={classes.srNumber}>{`Step ${number}: `}</Text>
            {title}
          </Title>
          {aside}
        </div>
        {children ? <div className={classes.content}>{children}</div> : null}
      </div>
    </li>
  )
}
