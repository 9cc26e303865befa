/**
 * A tiny bar trend for a table cell: one bar a bucket, oldest on the left. Drawn by hand as SVG,
 * because a chart library's axes, tooltips and resize observers are too heavy for one per row.
 * Empty buckets keep a faint tick, so that "nothing failed" still reads as a timeline.
 */
export function Sparkline({
  values,
  width = 72,
  height = 20,
  color = 'var(--mantine-color-red-6)',
  label
}: {
  values: readonly number[]
  width?: number
  height?: number
  color?: string
  label: string
}) {
  const max = Math.max(1, ...values)
  const count = Math.max(1, values.length)
  const gap = 2
  const barWidth = Math.max(1, (width - gap * (count - 1)) / count)
  const tick = 2
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} style={{ display: 'block' }}>
      {values.map((value, index) => {
        const barHeight = value > 0 ? Math.max(3, (value / max) * height) : tick
        return (
          <rect
            key={index}
            x={index * (barWidth + gap)}
            y={height - barHeight}
            width={barWidth}
            height={barHeight}
            rx={1}
            fill={value > 0 ? color : 'var(--mantine-color-default-border)'}
          />
        )
      })}
    </svg>
  )
}
