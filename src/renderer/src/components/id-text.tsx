import { useLayoutEffect, useRef } from 'react'
import { idRuns, keptEnd, looksLikeId } from '../lib/ids'
import classes from './id-text.module.css'

// One canvas for every measure: each IdText measures on layout and at every resize of its container.
let measuring: CanvasRenderingContext2D | null | undefined

/** The width of an ellipsis in an element's font. */
function ellipsisWidth(element: HTMLElement): number {
  measuring ??= document.createElement('canvas').getContext('2d')
  const context = measuring
  if (!context) return 0
  // Built from its parts: the computed `font` shorthand is empty when a part has no place in it (tabular numbers).
  const style = getComputedStyle(element)
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
  return context.measureText('…').width
}

/**
 * Narrows a cut start to the characters it shows and its ellipsis. The browser cuts text at a whole character and
 * draws the ellipsis after it, which leaves the rest of the box, up to a character's width, empty between the
 * ellipsis and the end: "00000… 00000002" read as two values. Without that space it reads as one id: "00000…00000002".
 */
function fitStart(start: HTMLElement): void {
  start.style.maxWidth = ''
  const text = start.firstChild
  const room = start.clientWidth
  if (!(text instanceof Text) || start.scrollWidth <= room) return
  const dots = ellipsisWidth(start)
  const range = document.createRange()
  const widthOf = (count: number): number => {
    range.setStart(text, 0)
    range.setEnd(text, count)
    return range.getBoundingClientRect().width
  }
  // The most characters that fit beside the ellipsis: a binary search, each step one measure.
  let low = 0
  let high = text.length
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (widthOf(middle) + dots <= room) low = middle
    else high = middle - 1
  }
  start.style.maxWidth = `${Math.ceil(widthOf(low) + dots)}px`
}

/**
 * An id (a SCIM resource id, a UUID) that, when the room is short, is cut in the middle rather than at the end: ids
 * that start alike ("00000000-0000-4000-8000-000000000001", "…0002") differ at their end, and an end cut off makes
 * rows look the same to Support matching them against Okta's tasks. Its text is the whole id, for copying and for
 * screen readers. Other text (a name, an email) is shown as is; its start is what people read.
 */
export function IdText({ value, title }: { value: string; title?: string }) {
  const start = useRef<HTMLSpanElement>(null)
  const id = looksLikeId(value)
  useLayoutEffect(() => {
    const element = start.current
    // The room is the container's: the id's own box narrows with its start, and would start the measure over.
    const container = element?.parentElement?.parentElement
    if (!element || !container) return
    fitStart(element)
    const observer = new ResizeObserver(() => fitStart(element))
    observer.observe(container)
    return () => observer.disconnect()
  }, [value, id])
  if (!id) return <span title={title ?? value}>{value}</span>
  return (
    <span className={classes.id} title={title ?? value}>
      <span ref={start} className={classes.start}>
        {value.slice(0, -keptEnd)}
      </span>
      <span>{value.slice(-keptEnd)}</span>
    </span>
  )
}

/**
 * A sentence whose ids stay whole on their line: a UUID would otherwise break at one of its hyphens, and read as two
 * values. Kept by CSS, not by other characters, so that a copied id is the id.
 */
export function TextWithIds({ text }: { text: string }) {
  return (
    <>
      {idRuns(text).map((run, index) =>
        run.id ? (
          <span key={index} className={classes.whole}>
            {run.text}
          </span>
        ) : (
          run.text
        )
      )}
    </>
  )
}
