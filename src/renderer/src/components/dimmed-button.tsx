import { Button, Tooltip, VisuallyHidden, type ButtonProps } from '@mantine/core'
import { useId, type ComponentPropsWithoutRef, type Ref } from 'react'

type DimmedButtonProps = ButtonProps &
  Omit<ComponentPropsWithoutRef<'button'>, keyof ButtonProps | 'onClick'> & {
    readonly ref?: Ref<HTMLButtonElement>
    /** Nothing to do now: the button looks disabled and a click does nothing. */
    readonly dimmed: boolean
    /** Why, while dimmed: its tooltip, and its description for a screen reader. */
    readonly reason?: string
    readonly onClick: () => void
  }

/**
 * A button that is dimmed rather than disabled when it has nothing to do: a disabled button drops the focus it has and
 * leaves the Tab order, so a keyboard user would neither stay on it after using it nor reach it to hear why it does
 * nothing. Dimmed, it keeps both, says why (`reason`), and ignores clicks.
 */
export function DimmedButton({ dimmed, reason, onClick, ref, 'aria-describedby': describedBy, ...props }: DimmedButtonProps) {
  const reasonId = useId()
  const explained = dimmed && reason !== undefined
  return (
    <>
      <Tooltip label={reason} disabled={!explained}>
        <Button
          {...props}
          ref={ref}
          data-disabled={dimmed || undefined}
          aria-disabled={dimmed || undefined}
          aria-describedby={explained ? reasonId : describedBy}
          onClick={() => {
            if (!dimmed) onClick()
          }}
        />
      </Tooltip>
      {explained ? <VisuallyHidden id={reasonId}>{reason}</VisuallyHidden> : null}
    </>
  )
}
