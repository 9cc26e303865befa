import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconLock } from '@tabler/icons-react'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useBlocker } from 'react-router'
import { chosenTokenLabel, defaultTokenLabel, pasteTokenInto, type IdentityProvider } from '../../../../../shared/identity-provider'
import { tokenClipboardMinutes, type IssuedToken, type TenantSummary } from '../../../../../shared/models'
import { maxTokenLabelLength, nameLengthProblem } from '../../../../../shared/text-length'
import { CopyField } from '../../../components/copy-field'
import { FormFooter } from '../../../components/form-footer'
import { formatDate } from '../../../lib/format'
import { useHoldUnload } from '../../../lib/use-hold-unload'
import { useSingleSubmit } from '../../../lib/use-single-submit'
import { providerWords } from '../../setup/setup-provider'
import { notifyTokenCopied, useIssueToken } from '../queries'

/** Where the token goes and who sends it, in the provider's words; both providers' when the screen does not know which. */
function tokenWords(provider: IdentityProvider | undefined): { readonly pasteInto: string; readonly client: string; readonly app: string } {
  if (provider === undefined) return { pasteInto: pasteTokenInto(null), client: 'Okta or Entra', app: 'app' }
  const { client, app } = providerWords[provider]
  return { pasteInto: pasteTokenInto(provider), client, app }
}

const expiryOptions = [
  { value: 'never', label: 'Never' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '365 days' }
]

/**
 * "Issue API token": a label and an expiry, then the secret, shown once. Until it is copied (with the button, or by hand),
 * every way out asks first: Escape, a click outside, "I've copied it", leaving the screen (a link, the command
 * palette, the Go menu, the tray), which waits for the CSM's word, and closing or reloading the window. Copied, it
 * closes as any dialog does.
 */
export function IssueTokenModal({
  tenant,
  opened,
  onClose,
  provider
}: {
  tenant: TenantSummary
  opened: boolean
  onClose: () => void
  /** Where the token goes, when the screen knows it (a setup guide, a tenant's chosen guide); else both providers'. */
  provider?: IdentityProvider | undefined
}) {
  const words = tokenWords(provider)
  const [issued, setIssued] = useState<IssuedToken | null>(null)
  const [copied, setCopied] = useState(false)
  const [asking, setAsking] = useState(false)
  // React keeps a component's last state twice (the fiber and its alternate) until it renders again. A dialog that
  // closes with transitions renders several times; without them (reduced motion) it renders once, and the secret
  // would stay in memory. One more render after the one that drops the secret leaves it in neither.
  const [, scrub] = useState(0)
  const unsaved = opened && issued !== null && !copied
  // Only a move to another screen: closing the dialog changes the query (?issue=1) and must not be held.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsaved && nextLocation.pathname !== currentLocation.pathname)
  const leaving = blocker.state === 'blocked'
  // Closing or reloading the window would lose it too: the window asks first, and names the tenant whose token it is.
  useHoldUnload(unsaved ? { kind: 'token', tenant: tenant.name } : null)

  const requestClose = (): void => {
    if (unsaved) setAsking(true)
    else onClose()
  }
  const keepOpen = (): void => {
    setAsking(false)
    if (leaving) blocker.reset()
  }
  // Copied while the warning shows: the warning has done its work. A move it held is dropped; the CSM can go again.
  const markCopied = (): void => {
    notifyTokenCopied()
    setCopied(true)
    keepOpen()
  }
  const closeWithoutCopying = (): void => {
    setAsking(false)
    // Leaving the screen takes the dialog with it.
    if (leaving) blocker.proceed()
    else onClose()
  }

  return (
    <Modal
      opened={opened}
      onClose={requestClose}
      onExitTransitionEnd={() => {
        setIssued(null)
        setCopied(false)
        setAsking(false)
        window.setTimeout(() => scrub((count) => count + 1))
      }}
      title={issued ? 'Copy your new API token' : `Issue API token for ${tenant.name}`}
      size="lg"
      withCloseButton={!issued}
    >
      {issued ? (
        <SecretStep
          token={issued}
          words={words}
          asking={asking || leaving}
          onCopied={markCopied}
          onDone={requestClose}
          onKeepOpen={keepOpen}
          onCloseAnyway={closeWithoutCopying}
        />
      ) : (
        <IssueForm tenant={tenant} words={words} defaultLabel={defaultTokenLabel(provider ?? tenant.setupProvider)} onIssued={setIssued} onCancel={onClose} />
      )}
    </Modal>
  )
}

type TokenWords = ReturnType<typeof tokenWords>

function IssueForm({
  tenant,
  words,
  defaultLabel,
  onIssued,
  onCancel
}: {
  tenant: TenantSummary
  words: TokenWords
  /** The label the token gets unless another is typed: the provider whose guide or words the screen shows. */
  defaultLabel: string
  onIssued: (token: IssuedToken) => void
  onCancel: () => void
}) {
  // Filled in with the label the token would get anyway, so that what is shown is what is saved; cleared, the same.
  const [label, setLabel] = useState(defaultLabel)
  const [expiry, setExpiry] = useState('never')
  const issue = useIssueToken()
  // Checked as main checks it, in characters as drawn: a maxLength attribute counts UTF-16 units, so it cut a pasted
  // label in the middle of an emoji and stopped one of 41 emoji short of the 80 characters allowed.
  const labelProblem = nameLengthProblem(chosenTokenLabel(label, defaultLabel), maxTokenLabelLength, 'The label')

  const once = useSingleSubmit(issue)
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (labelProblem) return
    once(() =>
      issue.mutate(
        {
          tenant: tenant.id,
          label: chosenTokenLabel(label, defaultLabel),
          ...(expiry !== 'never' ? { expiresInDays: Number(expiry) } : {})
        },
        { onSuccess: onIssued }
      )
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {words.client} sends this token with every SCIM request to {tenant.name}. Issue one per {words.app}, so that you can revoke one without cutting off the
          others.
        </Text>
        <TextInput
          label="Label"
          placeholder={defaultLabel}
          description="Optional. Where the token is used, so that you recognise it later."
          value={label}
          onChange={(event) => setLabel(event.currentTarget.value)}
          // Selected as the dialog opens, so that typing replaces the suggested label rather than add to it.
          onFocus={(event) => event.currentTarget.select()}
          data-autofocus
          autoComplete="off"
          error={labelProblem ?? undefined}
        />
        <Stack gap={6}>
          <Text size="sm" fw={500} id="token-expiry-label">
            Expires
          </Text>
          <SegmentedControl aria-labelledby="token-expiry-label" data={expiryOptions} value={expiry} onChange={setExpiry} fullWidth />
          <Text size="xs" c="dimmed">
            When a token expires {words.client} gets 401 Unauthorized and provisioning stops, so set a reminder to issue the next one.
          </Text>
        </Stack>
        <FormFooter error={issue.isError ? issue.error : null} pending={issue.isPending} submitLabel="Issue API token" onCancel={onCancel} />
      </Stack>
    </form>
  )
}

function SecretStep({
  token,
  words,
  asking,
  onCopied,
  onDone,
  onKeepOpen,
  onCloseAnyway
}: {
  token: IssuedToken
  /** Where to paste it and who would need a new one, in the provider's words. */
  words: TokenWords
  /** The CSM tried to close, or to leave the screen, before copying. */
  asking: boolean
  onCopied: () => void
  onDone: () => void
  onKeepOpen: () => void
  onCloseAnyway: () => void
}) {
  const keepOpen = useRef<HTMLButtonElement>(null)
  const done = useRef<HTMLButtonElement>(null)
  const asked = useRef(false)
  // Focus follows the buttons as they swap, so that a keyboard user is never left on a button that went away.
  useEffect(() => {
    if (asking) keepOpen.current?.focus()
    else if (asked.current) done.current?.focus()
    asked.current = asking
  }, [asking])
  return (
    <Stack gap="md">
      <Text size="sm">
        <Text span fw={600}>
          {token.label || 'Your token'}
        </Text>{' '}
        is active{token.expiresAt ? ` until ${formatDate(token.expiresAt)}` : ' and does not expire'}.
      </Text>
      <Stack gap={4}>
        {/* The button that issued it is gone: focus goes to what comes next, copying it. */}
        <CopyField value={token.token} label="API token" size="md" emphasis testId="issued-token" autoFocus onCopied={onCopied} />
        <Text size="xs" c="dimmed">
          SCIM Console clears it from the clipboard in {tokenClipboardMinutes} minutes, or when it quits.
        </Text>
      </Stack>
      {asking ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="The token is not copied yet" role="alert">
          <Stack gap="sm">
            <Text size="sm">Once this dialog closes, SCIM Console cannot show it again: {words.client} would need a new token.</Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" color="red" onClick={onCloseAnyway}>
                Close without copying
              </Button>
              <Button ref={keepOpen} onClick={onKeepOpen}>
                Keep it open
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <>
          <Alert color="yellow" variant="light" icon={<IconLock size={18} aria-hidden />} title="Copy it now">
            SCIM Console stores only a hash; you will not see this token again. {words.pasteInto}
          </Alert>
          <Group justify="flex-end">
            <Button ref={done} leftSection={<IconCheck size={16} aria-hidden />} onClick={onDone} data-autofocus>
              I&apos;ve copied it
            </Button>
          </Group>
        </>
      )}
    </Stack>
  )
}
