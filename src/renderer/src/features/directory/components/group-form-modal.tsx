import { CloseButton, Paper, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconSearch } from '@tabler/icons-react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react'
import type { DirectoryGroup, DirectoryGroupDetail, GroupDraft, TenantSummary } from '../../../../../shared/models'
import { errorMessage, isApiError } from '../../../api/client'
import { FormFooter } from '../../../components/form-footer'
import { FormModal, useFormDirty } from '../../../components/form-modal'
import { plural } from '../../../lib/format'
import { useSingleSubmit } from '../../../lib/use-single-submit'
import { useDirectoryWords } from '../directory-words'
import { useCreateGroup, useFetchUserOptions, useUpdateGroup, useUserOptions } from '../queries'
import classes from './directory.module.css'

/** "New group" or "Edit group": a name, Okta's group id, and members picked by searching the tenant's users. */
export function GroupFormModal({
  tenant,
  group,
  opened,
  onClose,
  onSaved
}: {
  tenant: TenantSummary
  /** The group to edit, with its members, or null to create one. */
  group: DirectoryGroupDetail | null
  opened: boolean
  onClose: () => void
  onSaved: (group: DirectoryGroup) => void
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={group ? `Edit ${group.displayName}` : `New group in ${tenant.name}`} size="lg">
      {opened ? <GroupForm key={group?.id ?? 'new'} tenant={tenant} group={group} onCancel={onClose} onSaved={onSaved} /> : null}
    </FormModal>
  )
}

function GroupForm({
  tenant,
  group,
  onCancel,
  onSaved
}: {
  tenant: TenantSummary
  group: DirectoryGroupDetail | null
  onCancel: () => void
  onSaved: (group: DirectoryGroup) => void
}) {
  const words = useDirectoryWords(tenant)
  const [displayName, setDisplayName] = useState(group?.displayName ?? '')
  const [externalId, setExternalId] = useState(group?.externalId ?? '')
  const [members, setMembers] = useState<readonly Member[]>(() => group?.members.map((member) => ({ id: member.id, userName: member.userName })) ?? [])
  const [missing, setMissing] = useState(false)
  const [initialMembers] = useState(members)
  useFormDirty(
    displayName !== (group?.displayName ?? '') ||
      externalId !== (group?.externalId ?? '') ||
      members.length !== initialMembers.length ||
      members.some((member, index) => member.id !== initialMembers[index]?.id)
  )
  const create = useCreateGroup(tenant.id)
  const update = useUpdateGroup(tenant.id)
  const mutation = group ? update : create
  const once = useSingleSubmit(mutation)
  const conflict = isApiError(mutation.error, 'conflict')

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (!displayName.trim()) {
      setMissing(true)
      return
    }
    const draft: GroupDraft = { displayName: displayName.trim(), externalId, memberIds: members.map((member) => member.id) }
    const done = (saved: DirectoryGroup): void => {
      notifications.show({
        color: 'green',
        title: group ? 'Group updated' : 'Group created',
        closeButtonProps: { 'aria-label': 'Dismiss notification' },
        message: `${saved.displayName} has ${plural(saved.memberCount, 'member')}.`
      })
      onSaved(saved)
    }
    once(() => (group ? update.mutate({ id: group.id, group: draft }, { onSuccess: done }) : create.mutate(draft, { onSuccess: done })))
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Group name"
          description={words.groupNameDescription}
          placeholder="Engineering"
          value={displayName}
          onChange={(event) => {
            setDisplayName(event.currentTarget.value)
            setMissing(false)
            if (mutation.isError) mutation.reset()
          }}
          error={missing ? 'Enter a group name.' : conflict ? errorMessage(mutation.error) : undefined}
          required
          data-autofocus
          autoComplete="off"
        />
        <TextInput
          label={words.groupIdLabel}
          description={words.groupIdDescription}
          placeholder={words.groupIdExample}
          value={externalId}
          onChange={(event) => setExternalId(event.currentTarget.value)}
          autoComplete="off"
          classNames={{ input: 'mono' }}
        />
        <MembersPicker tenant={tenant} members={members} onChange={setMembers} />
        <FormFooter error={mutation.isError && !conflict ? mutation.error : null} pending={mutation.isPending} submitLabel={group ? 'Save changes' : 'Create group'} onCancel={onCancel} />
      </Stack>
    </form>
  )
}

interface Member {
  readonly id: string
  readonly userName: string
}

/** Members as a list you can read and trim, with a search box to add more: a group of 40 stays legible. */
function MembersPicker({
  tenant,
  members,
  onChange
}: {
  tenant: TenantSummary
  members: readonly Member[]
  onChange: Dispatch<SetStateAction<readonly Member[]>>
}) {
  const words = useDirectoryWords(tenant)
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 150)
  const options = useUserOptions(tenant.id, debounced)
  const picked = useMemo(() => new Set(members.map((member) => member.id)), [members])
  const data = (options.data?.items ?? []).filter((user) => !picked.has(user.id)).map((user) => ({ value: user.id, label: user.userName }))
  // The search has answered for exactly what is typed: its list is not that of an earlier text, shown while this one is asked.
  const answered = search.trim() !== '' && debounced === search && !options.isPlaceholderData && !options.isFetching
  const found = answered ? data : []
  const fetchUsers = useFetchUserOptions(tenant.id)
  // The text of an Enter typed before its search answered. Typing on, Escape or a user picked meanwhile drops it, so
  // that an answer that comes for older text never adds its user.
  const enterFor = useRef<string | null>(null)
  const append = (user: Member): void => {
    onChange((current) => (current.some((member) => member.id === user.id) ? current : [...current, { id: user.id, userName: user.userName }]))
    setSearch('')
  }
  const add = (id: string | null): void => {
    enterFor.current = null
    const user = options.data?.items.find((item) => item.id === id)
    if (user) append(user)
  }
  const addWhenFound = (text: string): void => {
    enterFor.current = text
    const settle = (user: Member | undefined): void => {
      if (enterFor.current !== text) return
      enterFor.current = null
      if (user) append(user)
    }
    // A failed search shows its error in the list, as it does for the text typed.
    fetchUsers(text).then((page) => settle(page.items.find((item) => !picked.has(item.id))), () => settle(undefined))
  }
  return (
    <Stack gap={6}>
      <Select
        label="Members"
        description={`Search ${tenant.name}'s users by name or username, then pick one to add it.`}
        placeholder="Add a member…"
        leftSection={<IconSearch size={15} aria-hidden />}
        data={data}
        value={null}
        onChange={add}
        // Enter in a search box looks for what was typed: it adds the user highlighted, else the first one found for
        // the text (once the search answers, for an Enter typed faster than that), and never submits the dialog's
        // form (which saved the group without the member being looked for).
        onKeyDown={(event) => {
          if (event.key === 'Escape') enterFor.current = null
          if (event.key !== 'Enter' || search.trim() === '') return
          event.preventDefault()
          const list = document.getElementById(event.currentTarget.getAttribute('aria-controls') ?? '')
          // A highlighted option is Mantine's to add, as it does on Enter.
          if (list?.querySelector('[data-combobox-selected]')) return
          if (answered) add(found[0]?.value ?? null)
          else addWhenFound(search)
        }}
        searchable
        searchValue={search}
        onSearchChange={(text) => {
          if (text !== enterFor.current) enterFor.current = null
          setSearch(text)
        }}
        // The server already filtered by the search text.
        filter={({ options: all }) => all}
        nothingFoundMessage={options.isFetching ? 'Searching…' : 'No user matches'}
        maxDropdownHeight={240}
        comboboxProps={{ withinPortal: true }}
      />
      <Paper withBorder radius="md">
        {members.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            No members yet.
          </Text>
        ) : (
          <ChosenMembers members={members} onRemove={(id) => onChange(members.filter((other) => other.id !== id))} />
        )}
      </Paper>
      <Text size="xs" c="dimmed">
        {plural(members.length, 'member')}. {words.membersInScope}
      </Text>
    </Stack>
  )
}

/** Each chosen member's row is this tall, so that the list can place the rows in view without drawing the others. */
const memberRowHeight = 32

/**
 * The chosen members, of which only the rows in view are drawn: Okta pushes groups of thousands ("Everyone"), and
 * drawing every row took seconds to open the form and again for each member removed.
 */
function ChosenMembers({ members, onRemove }: { members: readonly Member[]; onRemove: (id: string) => void }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: members.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => memberRowHeight,
    overscan: 6,
    getItemKey: (index) => members[index]?.id ?? index
  })
  return (
    <div ref={scrollRef} className={classes.pickedScroller}>
      <ul className={classes.pickedList} aria-label="Chosen members" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const member = members[item.index]
          if (!member) return null
          return (
            <li
              key={member.id}
              aria-setsize={members.length}
              aria-posinset={item.index + 1}
              data-first={item.index === 0 || undefined}
              style={{ height: memberRowHeight, transform: `translateY(${item.start}px)` }}
            >
              <Text size="sm" className="mono" style={{ flex: 1 }} truncate>
                {member.userName}
              </Text>
              <CloseButton size="sm" aria-label={`Remove ${member.userName}`} onClick={() => onRemove(member.id)} />
            </li>
          )
        })}
      </ul>
    </div>
  )
}
