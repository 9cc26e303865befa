/** The time range: quick presets counted back from now, or a custom range picked on a calendar. */
import { Button, Divider, Group, Popover, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core'
import { IconCheck, IconChevronDown, IconClock } from '@tabler/icons-react'
import { lazy, Suspense, useState } from 'react'
import { rangeLabel, rangePresets, type LogFilters, type RangePreset } from '../log-filters'
import { LoadBoundary } from './load-boundary'
import classes from './time-range-picker.module.css'

/** What the picker sets: a preset, a custom range (ISO times), or any time. */
export type RangeChoice = { readonly range: RangePreset } | { readonly since: string | null; readonly until: string | null } | null

/** The filters a choice sets: a preset clears a custom range, and a custom range clears the preset. */
export function rangePatch(choice: RangeChoice): Pick<LogFilters, 'range' | 'since' | 'until'> {
  if (choice === null) return { range: null, since: null, until: null }
  if ('range' in choice) return { range: choice.range, since: null, until: null }
  return { range: null, since: choice.since, until: choice.until }
}

// The calendar and its date library load when the menu first opens, not with the app.
const CustomRangePanel = lazy(() => import('./custom-range-panel').then((module) => ({ default: module.CustomRangePanel })))

/** The range button and its dropdown. */
export function TimeRangePicker({ filters, onChange }: { filters: LogFilters; onChange: (choice: RangeChoice) => void }) {
  const [opened, setOpened] = useState(false)
  const custom = !filters.range && Boolean(filters.since || filters.until)

  const open = (): void => setOpened(true)
  const choose = (choice: RangeChoice): void => {
    onChange(choice)
    setOpened(false)
  }

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" radius="md" trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconClock size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          onClick={() => (opened ? setOpened(false) : open())}
          aria-label={`Time range: ${rangeLabel(filters)}`}
          className={classes.button}
          data-active={filters.range || custom ? true : undefined}
        >
          <span className="tabular">{rangeLabel(filters)}</span>
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group align="stretch" gap={0} wrap="nowrap">
          <Stack gap={2} p={6} className={classes.presets} role="listbox" aria-label="Time range presets">
            {[{ value: null, label: 'Any time' }, ...rangePresets].map((preset) => {
              const selected = preset.value === null ? !filters.range && !custom : filters.range === preset.value
              return (
                <UnstyledButton
                  key={preset.label}
                  role="option"
                  aria-selected={selected}
                  className={classes.preset}
                  data-selected={selected || undefined}
                  onClick={() => choose(preset.value ? { range: preset.value } : null)}
                >
                  <span>{preset.label}</span>
                  {selected ? <IconCheck size={14} aria-hidden /> : null}
                </UnstyledButton>
              )
            })}
          </Stack>
          <Divider orientation="vertical" />
          <LoadBoundary
            fallback={
              <Text size="xs" c="dimmed" p="sm" w={252}>
                The calendar could not be loaded. Pick a preset, or reload the window.
              </Text>
            }
          >
            <Suspense fallback={<Skeleton m="sm" w={252} h={300} />}>
              <CustomRangePanel since={filters.since} until={filters.until} onApply={(since, until) => choose({ since, until })} />
            </Suspense>
          </LoadBoundary>
        </Group>
      </Popover.Dropdown>
    </Popover>
  )
}
