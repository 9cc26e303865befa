/** The explorer's filters. They combine, and every change lands in the URL. */
import { Button, CloseButton, Group, Kbd, SegmentedControl, Select, TextInput, type TextInputProps } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { IconFilterOff, IconSearch, IconUser } from '@tabler/icons-react'
import { useState, type Ref } from 'react'
import type { LogOutcome } from '../../../../../shared/ipc'
import type { Operation, TenantSummary } from '../../../../../shared/models'
import { countFilters, outcomeOptions, type LogFilters } from '../log-filters'
import { operationGroups, operationLabel } from '../operation-labels'
import { statusReason } from './http-status-badge'
import classes from './logs-page.module.css'
import { TimeRangePicker, type RangeChoice } from './time-range-picker'

const statusCodes = [200, 201, 204, 400, 401, 403, 404, 409, 412, 413, 429, 500, 501, 503]

/**
 * A text filter that commits to the URL a moment after typing stops (or at once on Enter), and follows the URL
 * when it changes from elsewhere (a link, "Clear filters").
 */
function CommittedTextInput({
  value,
  onCommit,
  inputRef,
  ...props
}: { value: string; onCommit: (text: string) => void; inputRef?: Ref<HTMLInputElement> } & Omit<TextInputProps, 'value' | 'onChange' | 'ref'>) {
  const [draft, setDraft] = useState({ text: value, committed: value })
  // The URL changed from elsewhere: show what it holds (adjusting state while rendering, as React recommends).
  if (draft.committed !== value) setDraft({ text: value, committed: value })
  const commitLater = useDebouncedCallback((text: string) => {
    setDraft({ text, committed: text })
    onCommit(text)
  }, 250)
  const commitNow = (text: string): void => {
    commitLater.cancel()
    setDraft({ text, committed: text })
    onCommit(text)
  }
  return (
    <TextInput
      {...props}
      ref={inputRef}
      value={draft.text}
      onChange={(event) => {
        const text = event.currentTarget.value
        setDraft((current) => ({ ...current, text }))
        commitLater(text)
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commitNow(event.currentTarget.value)
        if (event.key === 'Escape') {
          if (draft.text) commitNow('')
          else event.currentTarget.blur()
        }
      }}
      rightSection={
        draft.text ? (
          <CloseButton size="sm" aria-label={`Clear ${String(props['aria-label'] ?? 'filter').toLowerCase()}`} onClick={() => commitNow('')} />
        ) : (
          props.rightSection
        )
      }
    />
  )
}

/** The filter bar. */
export function LogFilterBar({
  filters,
  tenants,
  onChange,
  onClear,
  searchRef
}: {
  filters: LogFilters
  tenants: readonly TenantSummary[]
  onChange: (patch: Partial<LogFilters>) => void
  onClear: () => void
  searchRef: Ref<HTMLInputElement>
}) {
  const active = countFilters(filters)
  const statusData = [...new Set([...statusCodes, ...(filters.status !== null ? [filters.status] : [])])]
    .sort((a, b) => a - b)
    .map((status) => ({ value: String(status), label: statusReason(status) ? `${status} ${statusReason(status)}` : String(status) }))

  const setRange = (choice: RangeChoice): void => {
    if (choice === null) onChange({ range: null, since: null, until: null })
    else if ('range' in choice) onChange({ range: choice.range, since: null, until: null })
    else onChange({ range: null, since: choice.since, until: choice.until })
  }

  return (
    <div className={classes.filters} role="search" aria-label="Filter the provisioning log">
      <Group gap="sm">
        <CommittedTextInput
          inputRef={searchRef}
          aria-label="Search"
          placeholder="Search userName, path or error detail"
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={<Kbd size="xs">/</Kbd>}
          rightSectionPointerEvents="none"
          value={filters.search}
          onCommit={(search) => onChange({ search })}
          style={{ flex: '1 1 200px' }}
          data-testid="log-search"
        />
        <SegmentedControl
          className={classes.outcome}
          aria-label="Outcome"
          data={outcomeOptions.map((option) => ({ value: option.value, label: option.label }))}
          value={filters.outcome}
          onChange={(outcome) => onChange({ outcome: outcome as LogOutcome })}
        />
        <TimeRangePicker filters={filters} onChange={setRange} />
      </Group>
      <Group gap="sm">
        <Select
          aria-label="Tenant"
          placeholder="All tenants"
          data={tenants.map((tenant) => ({ value: tenant.slug, label: tenant.name }))}
          value={filters.tenant}
          onChange={(tenant) => onChange({ tenant })}
          clearable
          searchable
          nothingFoundMessage="No tenant matches"
          className={classes.filter}
          maw={200}
          comboboxProps={{ shadow: 'md' }}
        />
        <Select
          aria-label="Operation"
          placeholder="Any operation"
          data={operationGroups.map((group) => ({
            group: group.group,
            items: group.operations.map((operation) => ({ value: operation, label: operationLabel(operation) }))
          }))}
          value={filters.operation}
          onChange={(operation) => onChange({ operation: operation as Operation | null })}
          clearable
          searchable
          nothingFoundMessage="No operation matches"
          className={classes.filter}
          maw={210}
          maxDropdownHeight={360}
          comboboxProps={{ shadow: 'md' }}
        />
        <CommittedTextInput
          aria-label="User or group"
          placeholder="User or group"
          leftSection={<IconUser size={16} aria-hidden />}
          value={filters.target}
          onCommit={(target) => onChange({ target })}
          className={classes.filter}
          maw={230}
        />
        <Select
          aria-label="Status"
          placeholder="Any status"
          data={statusData}
          value={filters.status === null ? null : String(filters.status)}
          onChange={(status) => onChange({ status: status ? Number(status) : null })}
          clearable
          searchable
          nothingFoundMessage="No status matches"
          className={classes.filter}
          maw={200}
          comboboxProps={{ shadow: 'md' }}
          classNames={{ input: 'tabular' }}
        />
        {active > 0 ? (
          <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear} ml="auto">
            {active === 1 ? 'Clear filter' : `Clear ${active} filters`}
          </Button>
        ) : null}
      </Group>
    </div>
  )
}
