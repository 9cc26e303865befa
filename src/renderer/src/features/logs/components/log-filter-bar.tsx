/**
 * The explorer's filters. They combine, and every change lands in the URL. The time range sits with Live and Export
 * in the page header (logs-page.tsx), as in the log tools Support knows.
 */
import { Badge, Button, CloseButton, Collapse, Group, Kbd, SegmentedControl, Select, TextInput, type TextInputProps } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { IconAdjustmentsHorizontal, IconFilterOff, IconSearch, IconUser } from '@tabler/icons-react'
import { useId, useState, type Ref } from 'react'
import type { LogOutcome } from '../../../../../shared/ipc'
import type { Operation, TenantSummary } from '../../../../../shared/models'
import { countFilters, outcomeOptions, statusFitsOutcome, type LogFilters } from '../log-filters'
import { operationOptions } from '../operation-options'
import { statusReason } from './http-status-badge'
import classes from './logs-page.module.css'

const statusCodes = [200, 201, 204, 400, 401, 403, 404, 405, 409, 412, 413, 415, 429, 500, 501, 503, 507]

/**
 * A text filter that commits to the URL a moment after typing stops (or at once on Enter), and follows the URL
 * when it changes from elsewhere (a link, "Clear filters").
 */
function CommittedTextInput({
  value,
  onCommit,
  inputRef,
  onLeave,
  ...props
}: { value: string; onCommit: (text: string) => void; inputRef?: Ref<HTMLInputElement>; onLeave: () => void } & Omit<TextInputProps, 'value' | 'onChange' | 'ref'>) {
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
          else onLeave()
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

/**
 * The filter bar: search and outcome on the first line, then tenant, operation, user or group and status. In a
 * `compact` page (a short window) that second line folds behind a Filters button, which counts the filters it holds.
 */
export function LogFilterBar({
  filters,
  tenants,
  compact,
  onChange,
  onClear,
  onLeave,
  searchRef,
  deletedTenantSlug = null
}: {
  filters: LogFilters
  tenants: readonly TenantSummary[]
  /**
   * The slug in the filter when it is a deleted tenant's (logs:deleted-tenant): the box names it, marked deleted, as no
   * tenant in the list has it; without it the box read "All tenants" while the log showed that tenant's requests alone.
   */
  deletedTenantSlug?: string | null
  compact: boolean
  onChange: (patch: Partial<LogFilters>) => void
  onClear: () => void
  /** Escape in an empty text filter: focus goes to the log's rows, where the arrow keys move, not to nowhere. */
  onLeave: () => void
  searchRef: Ref<HTMLInputElement>
}) {
  const [moreOpen, setMoreOpen] = useState(false)
  const moreId = useId()
  const active = countFilters(filters)
  const folded = [filters.tenant, filters.operation, filters.target.trim() || null, filters.status].filter((value) => value !== null).length
  // Only the statuses the outcome keeps; the one in the URL stays listed, so that the box can name it.
  const statusData = [...new Set([...statusCodes.filter((status) => statusFitsOutcome(status, filters.outcome)), ...(filters.status !== null ? [filters.status] : [])])]
    .sort((a, b) => a - b)
    .map((status) => ({ value: String(status), label: statusReason(status) ? `${status} ${statusReason(status)}` : String(status) }))

  return (
    <div className={classes.filters} role="search" aria-label="Filter the provisioning log">
      <Group gap="sm">
        <CommittedTextInput
          inputRef={searchRef}
          onLeave={onLeave}
          aria-label="Search"
          // Short enough to read whole in the smallest window (narrow-window.spec.ts measures it). There the "/" key
          // is named in the table's footer alone, so that the placeholder keeps the room.
          placeholder="Search user, path or error"
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={compact ? null : <Kbd size="xs">/</Kbd>}
          rightSectionPointerEvents="none"
          value={filters.search}
          onCommit={(search) => onChange({ search })}
          className={classes.search}
          data-testid="log-search"
        />
        <SegmentedControl
          className={classes.outcome}
          aria-label="Outcome"
          data={outcomeOptions.map((option) => ({ value: option.value, label: option.label }))}
          value={filters.outcome}
          // A status the new outcome leaves out goes with it (withFilters).
          onChange={(value) => onChange({ outcome: value as LogOutcome })}
        />
        {compact ? (
          <Button
            variant="default"
            // The count takes the icon's room, so that the button keeps its width and the line its room. It is part of
            // the button's name ("Filters 2"), as it is of what the button shows.
            leftSection={folded > 0 ? null : <IconAdjustmentsHorizontal size={16} aria-hidden />}
            rightSection={
              folded > 0 ? (
                <Badge size="sm" circle variant="filled">
                  {folded}
                </Badge>
              ) : null
            }
            onClick={() => setMoreOpen(!moreOpen)}
            aria-expanded={moreOpen}
            aria-controls={moreId}
            className={classes.moreButton}
            data-active={folded > 0 || undefined}
          >
            Filters
          </Button>
        ) : null}
      </Group>
      <Collapse expanded={!compact || moreOpen} id={moreId} transitionDuration={150}>
        <Group gap="sm">
          <Select
            aria-label="Tenant"
            placeholder="All tenants"
            data={[
              ...tenants.map((tenant) => ({ value: tenant.slug, label: tenant.name })),
              ...(deletedTenantSlug ? [{ value: deletedTenantSlug, label: `${deletedTenantSlug} (deleted)` }] : [])
            ]}
            value={filters.tenant}
            onChange={(tenant) => onChange({ tenant })}
            clearable
            searchable
            nothingFoundMessage="No tenant matches"
            className={classes.filter}
            classNames={{ input: classes.cutInput }}
            // A long name is cut in the box: its hover names it whole.
            title={tenants.find((tenant) => tenant.slug === filters.tenant)?.name ?? (deletedTenantSlug ? `${deletedTenantSlug}, a deleted tenant` : undefined)}
            maw={200}
            comboboxProps={{ shadow: 'md' }}
          />
          <Select
            aria-label="Operation"
            placeholder="Any operation"
            data={operationOptions.okta.data}
            filter={operationOptions.okta.filter}
            renderOption={operationOptions.okta.renderOption}
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
            onLeave={onLeave}
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
      </Collapse>
    </div>
  )
}
