import { SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState, type FormEvent } from 'react'
import type { DirectoryUser, TenantSummary, UserDraft } from '../../../../../shared/models'
import { errorMessage, isApiError } from '../../../api/client'
import { FormFooter } from '../../../components/form-footer'
import { FormModal, useFormDirty } from '../../../components/form-modal'
import { useSingleSubmit } from '../../../lib/use-single-submit'
import { useDirectoryWords } from '../directory-words'
import { useCreateUser, useUpdateUser } from '../queries'

/** "New user" or "Edit user": the attributes Okta pushes, edited as if Okta had pushed them. */
export function UserFormModal({
  tenant,
  user,
  opened,
  onClose,
  onSaved
}: {
  tenant: TenantSummary
  /** The user to edit, or null to create one. */
  user: DirectoryUser | null
  opened: boolean
  onClose: () => void
  onSaved: (user: DirectoryUser) => void
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={user ? `Edit ${user.userName}` : `New user in ${tenant.name}`} size="lg">
      {/* Keyed so that each opening starts from the user as it is now. */}
      {opened ? <UserForm key={user?.id ?? 'new'} tenant={tenant} user={user} onCancel={onClose} onSaved={onSaved} /> : null}
    </FormModal>
  )
}

function UserForm({
  tenant,
  user,
  onCancel,
  onSaved
}: {
  tenant: TenantSummary
  user: DirectoryUser | null
  onCancel: () => void
  onSaved: (user: DirectoryUser) => void
}) {
  const words = useDirectoryWords(tenant)
  const [userName, setUserName] = useState(user?.userName ?? '')
  const [givenName, setGivenName] = useState(user?.givenName ?? '')
  const [familyName, setFamilyName] = useState(user?.familyName ?? '')
  const [email, setEmail] = useState(user?.email ?? '')
  const [displayName, setDisplayName] = useState(user?.displayName ?? '')
  const [externalId, setExternalId] = useState(user?.externalId ?? '')
  const [active, setActive] = useState(user?.active ?? true)
  const [missing, setMissing] = useState(false)
  useFormDirty(
    userName !== (user?.userName ?? '') ||
      givenName !== (user?.givenName ?? '') ||
      familyName !== (user?.familyName ?? '') ||
      email !== (user?.email ?? '') ||
      displayName !== (user?.displayName ?? '') ||
      externalId !== (user?.externalId ?? '') ||
      active !== (user?.active ?? true)
  )
  const create = useCreateUser(tenant.id)
  const update = useUpdateUser(tenant.id)
  const mutation = user ? update : create
  const once = useSingleSubmit(mutation)
  const conflict = isApiError(mutation.error, 'conflict')

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (!userName.trim()) {
      setMissing(true)
      return
    }
    const draft: UserDraft = {
      userName: userName.trim(),
      givenName,
      familyName,
      email,
      displayName,
      externalId,
      ...(user ? {} : { active })
    }
    const done = (saved: DirectoryUser): void => {
      notifications.show({
        color: 'green',
        title: user ? 'User updated' : 'User created',
        closeButtonProps: { 'aria-label': 'Dismiss notification' },
        message: user
          ? `${saved.userName} is saved. ${words.userSaved}`
          : `${saved.userName} is in ${tenant.name}. ${words.userCreated}`
      })
      onSaved(saved)
    }
    once(() => (user ? update.mutate({ id: user.id, user: draft }, { onSuccess: done }) : create.mutate(draft, { onSuccess: done })))
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {user ? null : (
          <Text size="sm" c="dimmed">
            {words.newUserIntro}
          </Text>
        )}
        <TextInput
          label="Username"
          description={words.userNameDescription}
          placeholder="jane.doe@example.com"
          value={userName}
          onChange={(event) => {
            setUserName(event.currentTarget.value)
            setMissing(false)
            if (mutation.isError) mutation.reset()
          }}
          error={missing ? 'Enter a username.' : conflict ? errorMessage(mutation.error) : undefined}
          required
          data-autofocus
          autoComplete="off"
          classNames={{ input: 'mono' }}
        />
        <SimpleGrid cols={2} spacing="md">
          <TextInput label="Given name" value={givenName} onChange={(event) => setGivenName(event.currentTarget.value)} autoComplete="off" />
          <TextInput label="Family name" value={familyName} onChange={(event) => setFamilyName(event.currentTarget.value)} autoComplete="off" />
        </SimpleGrid>
        <SimpleGrid cols={2} spacing="md">
          <TextInput
            label="Primary email"
            type="email"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            autoComplete="off"
            classNames={{ input: 'mono' }}
          />
          <TextInput label="Display name" value={displayName} onChange={(event) => setDisplayName(event.currentTarget.value)} autoComplete="off" />
        </SimpleGrid>
        <TextInput
          label={words.userIdLabel}
          description={words.userIdDescription}
          placeholder={words.userIdExample}
          value={externalId}
          onChange={(event) => setExternalId(event.currentTarget.value)}
          autoComplete="off"
          classNames={{ input: 'mono' }}
        />
        {user ? null : <Switch label="Active" description={words.activeHint} checked={active} onChange={(event) => setActive(event.currentTarget.checked)} />}
        <FormFooter error={mutation.isError && !conflict ? mutation.error : null} pending={mutation.isPending} submitLabel={user ? 'Save changes' : 'Create user'} onCancel={onCancel} />
      </Stack>
    </form>
  )
}
