/** The custom range: a calendar and two times. Loaded with its date library when the range menu first opens. */
import '@mantine/dates/styles.css'
import { Button, Group, Stack, Text } from '@mantine/core'
import { DatePicker, TimePicker } from '@mantine/dates'
import dayjs from 'dayjs'
import { useState } from 'react'

/** Names for the calendar's arrow and heading buttons, which show only an icon or a date. */
const calendarLabels = {
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  previousYear: 'Previous year',
  nextYear: 'Next year',
  previousDecade: 'Previous decade',
  nextDecade: 'Next decade',
  monthLevelControl: 'Choose a month',
  yearLevelControl: 'Choose a year'
}

/** Picks a range in local time; `onApply` receives ISO times. */
export function CustomRangePanel({
  since: initialSince,
  until: initialUntil,
  onApply
}: {
  since: string | null
  until: string | null
  onApply: (since: string, until: string) => void
}) {
  const [draft, setDraft] = useState(() => {
    const since = initialSince ? dayjs(initialSince) : dayjs().startOf('day')
    const until = initialUntil ? dayjs(initialUntil) : dayjs()
    return {
      dates: [since.format('YYYY-MM-DD'), until.format('YYYY-MM-DD')] as [string | null, string | null],
      from: since.format('HH:mm'),
      to: until.format('HH:mm')
    }
  })
  const [startDate, endDate] = draft.dates
  const since = startDate ? dayjs(`${startDate} ${draft.from || '00:00'}`) : null
  const until = (endDate ?? startDate) ? dayjs(`${endDate ?? startDate} ${draft.to || '23:59'}`).endOf('minute') : null
  const invalid = !since || !until || !since.isValid() || !until.isValid() || since.isAfter(until)
  return (
    <Stack gap="sm" p="sm">
      <Text size="xs" fw={600} c="dimmed">
        Custom range
      </Text>
      <DatePicker
        type="range"
        allowSingleDateInRange
        size="xs"
        maxDate={dayjs().format('YYYY-MM-DD')}
        ariaLabels={calendarLabels}
        value={draft.dates}
        onChange={(dates) => setDraft((current) => ({ ...current, dates }))}
      />
      <Group gap="xs" grow>
        {/* TimePicker, not the browser's time field: that follows the browser's locale (12-hour in en-US), and the log
            writes 24-hour times everywhere else. */}
        <TimePicker
          size="xs"
          label="From"
          hoursInputLabel="From, hours"
          minutesInputLabel="From, minutes"
          value={draft.from}
          onChange={(from) => setDraft((current) => ({ ...current, from }))}
        />
        <TimePicker
          size="xs"
          label="To"
          hoursInputLabel="To, hours"
          minutesInputLabel="To, minutes"
          value={draft.to}
          onChange={(to) => setDraft((current) => ({ ...current, to }))}
        />
      </Group>
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          Your local time
        </Text>
        <Button size="xs" disabled={invalid} onClick={() => since && until && onApply(since.toISOString(), until.toISOString())}>
          Apply range
        </Button>
      </Group>
    </Stack>
  )
}
