import { Button, Divider, Group, NumberInput, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle, IconArrowRight, IconLockOpen } from '@tabler/icons-react'
import { useState, type FormEvent, type ReactNode } from 'react'
import { cleartextUrlWarning, fetchRefusedPortWarning } from '../../../../../shared/addresses'
import type { AppSettings } from '../../../../../shared/models'
import { errorMessage, isApiError } from '../../../api/client'
import { notify } from '../../settings/notify'
import { useUpdateSettings, type SettingsUpdate } from '../../settings/queries'
import { hostProblem, normalizePublicUrl, parsePort, publicUrlProblem, settingsLimits } from '../../../../../shared/settings-rules'
import { allAddresses, bindChoiceOf, loopbackAddress, type BindChoice } from '../server-settings'
import { SettingsFormFooter } from '../../../components/form-footer'
import { useUnsavedChanges } from '../../../components/unsaved-changes'
import { SavedSwitch } from '../../settings/components/saved-switch'
import { ExposeServerModal, type ExposureRequest } from './expose-server-modal'

type ServerSettings = AppSettings['server']
type Field = 'port' | 'host' | 'publicUrl'

/** The form as typed, before it is checked. */
interface Draft {
  readonly port: number | string
  readonly choice: BindChoice
  readonly customHost: string
  readonly publicUrl: string
}

function draftOf(saved: ServerSettings): Draft {
  const choice = bindChoiceOf(saved.host)
  return { port: saved.port, choice, customHost: choice === 'custom' ? saved.host : '', publicUrl: saved.publicUrl ?? '' }
}

function hostOf(draft: Draft): string {
  if (draft.choice === 'loopback') return loopbackAddress
  if (draft.choice === 'all') return allAddresses
  return draft.customHost.trim()
}

/** Which field a failed save belongs to, so that its message shows beside it. */
function fieldOf(error: unknown): Field | null {
  if (!isApiError(error, 'invalid_argument', 'conflict', 'failed_precondition')) return null
  const field = error.details?.['field']
  if (field === 'server.port') return 'port'
  if (field === 'server.host') return 'host'
  if (field === 'server.publicUrl') return 'publicUrl'
  if (/public URL|base URL|origin/i.test(error.message)) return 'publicUrl'
  if (/\bport\b/i.test(error.message)) return 'port'
  if (/host|address/i.test(error.message)) return 'host'
  return null
}

/** After "port in use": a port that is free now, from main. */
function suggestedPortOf(error: unknown): number | null {
  if (!isApiError(error)) return null
  const port = error.details?.['suggestedPort']
  return typeof port === 'number' ? port : null
}

/**
 * Port, bind address and public URL. Saving restarts a running server on the new address; main keeps the old one
 * when the new one does not work, and says why. Listening beyond this computer asks for confirmation first.
 */
/** A warning under a field whose value is taken but will not work everywhere (a port fetch refuses, a cleartext URL). */
function FieldWarning({ icon: Icon, testId, mt, children }: { icon: typeof IconAlertTriangle; testId: string; mt?: number; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" mt={mt} data-testid={testId}>
      <Icon size={16} color="var(--mantine-color-orange-text)" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
      <Text size="xs" c="orange" role="status">
        {children}
      </Text>
    </Group>
  )
}

export function ServerSettingsForm({ saved, running }: { saved: ServerSettings; running: boolean }) {
  const [draft, setDraft] = useState<Draft | null>(null)
  const [showProblems, setShowProblems] = useState(false)
  const [exposure, setExposure] = useState<{ request: ExposureRequest; update: SettingsUpdate } | null>(null)
  const update = useUpdateSettings()
  const form = draft ?? draftOf(saved)

  const port = parsePort(form.port)
  const host = hostOf(form)
  const problems: Record<Field, string | null> = {
    port: 'problem' in port ? port.problem : null,
    host: form.choice === 'custom' ? hostProblem(form.customHost) : null,
    publicUrl: publicUrlProblem(form.publicUrl)
  }
  const cleartext = publicUrlProblem(form.publicUrl) === null ? cleartextUrlWarning(normalizePublicUrl(form.publicUrl)) : null
  // A port fetch refuses is saved all the same (curl and the identity providers reach it), as `settings set` does, but
  // the demos, self-tests and a browser cannot, so it is said in the CLI's words before it is saved, and while it is.
  const refusedPortWarning = 'port' in port ? fetchRefusedPortWarning(port.port) : null
  const refusedPort = refusedPortWarning === null ? null : refusedPortWarning.charAt(0).toUpperCase() + refusedPortWarning.slice(1)
  const dirty =
    draft !== null &&
    (String(form.port).trim() !== String(saved.port) || host !== saved.host || normalizePublicUrl(form.publicUrl) !== saved.publicUrl)
  const failedField = update.isError ? fieldOf(update.error) : null
  const suggestedPort = update.isError ? suggestedPortOf(update.error) : null
  const fieldError = (field: Field): string | undefined =>
    (showProblems ? problems[field] : null) ?? (failedField === field ? errorMessage(update.error) : undefined)

  const change = (partial: Partial<Draft>): void => {
    setDraft({ ...form, ...partial })
    if (update.isError) update.reset()
  }

  /** Saves `next`; answers whether it was saved (not when it failed, or waits for a confirmation to listen wider). */
  const save = (next: SettingsUpdate, message: string): Promise<boolean> =>
    new Promise((resolve) => {
      update.mutate(next, {
        onSuccess: (settings) => {
          setDraft(null)
          setShowProblems(false)
          setExposure(null)
          notify({ title: 'Server settings saved', message: running ? `The SCIM server now listens on ${settings.server.host}:${settings.server.port}.` : message })
          resolve(true)
        },
        onError: (error) => {
          if (isApiError(error, 'failed_precondition') && error.details?.['needsConfirmation'] === true) {
            update.reset()
            setExposure({ request: { host: String(next.patch.server?.host ?? host), warning: error.message }, update: next })
          } else {
            setExposure(null)
          }
          resolve(false)
        }
      })
    })

  const submit = (overrides: Partial<Draft> = {}): Promise<boolean> => {
    const values = { ...form, ...overrides }
    const parsed = parsePort(values.port)
    const nextHost = hostOf(values)
    if ('problem' in parsed || (values.choice === 'custom' && hostProblem(values.customHost)) || publicUrlProblem(values.publicUrl)) {
      setShowProblems(true)
      return Promise.resolve(false)
    }
    const publicUrl = normalizePublicUrl(values.publicUrl)
    const patch = {
      ...(parsed.port !== saved.port ? { port: parsed.port } : {}),
      ...(nextHost !== saved.host ? { host: nextHost } : {}),
      ...(publicUrl !== saved.publicUrl ? { publicUrl } : {})
    }
    if (Object.keys(patch).length === 0) {
      setDraft(null)
      return Promise.resolve(true)
    }
    return save({ patch: { server: patch } }, 'The SCIM server uses them when it starts.')
  }
  // Leaving with changes asks first: Save (which restarts a running server, as this form's button says), Discard or Stay.
  useUnsavedChanges({ dirty, what: 'the server settings', save: () => submit(), saveLabel: running ? 'Save and restart server' : undefined })

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    void submit()
  }

  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-label="Server settings">
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Radio.Group
              label="Listen on"
              description="Which network interfaces accept connections."
              value={form.choice}
              onChange={(value) => change({ choice: value as BindChoice })}
            >
              <Stack gap="sm" mt="sm">
                <Radio
                  value="loopback"
                  label="This computer only · 127.0.0.1"
                  description="Recommended. Apps on this computer, and a tunnel you run here, reach the server."
                />
                <Radio
                  value="all"
                  label="Every network · 0.0.0.0"
                  description="Other computers on your networks can call the server. Asks for confirmation."
                />
                <Radio value="custom" label="One address of this computer" description="Such as its address in a test lab. Asks for confirmation." />
                {form.choice === 'custom' ? (
                  <TextInput
                    aria-label="Bind address"
                    placeholder="192.168.1.20"
                    value={form.customHost}
                    onChange={(event) => change({ customHost: event.currentTarget.value })}
                    error={fieldError('host')}
                    classNames={{ input: 'mono' }}
                    maw={280}
                    ml={32}
                    autoComplete="off"
                    spellCheck={false}
                    data-autofocus
                  />
                ) : failedField === 'host' ? (
                  <Text size="xs" c="red" role="alert">
                    {errorMessage(update.error)}
                  </Text>
                ) : null}
              </Stack>
            </Radio.Group>
            <Stack gap="lg">
              <Stack gap={6}>
                <NumberInput
                  label="Port"
                  description="8787 by default."
                  value={form.port}
                  onChange={(value) => change({ port: value })}
                  error={fieldError('port')}
                  min={settingsLimits.port.min}
                  max={settingsLimits.port.max}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  hideControls
                  thousandSeparator={false}
                  styles={{ wrapper: { maxWidth: 200 } }}
                  classNames={{ input: 'mono' }}
                  autoComplete="off"
                />
                {refusedPort && !fieldError('port') ? (
                  <FieldWarning icon={IconAlertTriangle} testId="refused-port-warning">
                    {refusedPort}
                  </FieldWarning>
                ) : null}
                {suggestedPort !== null ? (
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="light"
                      rightSection={<IconArrowRight size={14} aria-hidden />}
                      loading={update.isPending}
                      onClick={() => void submit({ port: suggestedPort })}
                    >
                      Use port {suggestedPort}
                    </Button>
                    <Text size="xs" c="dimmed">
                      It is free now.
                    </Text>
                  </Group>
                ) : null}
              </Stack>
              <TextInput
                label="Public URL"
                description={
                  <>
                    Okta&apos;s cloud cannot reach 127.0.0.1, which always means the computer making the call. To connect a real Okta org, run a
                    tunnel (such as ngrok or Cloudflare Tunnel) to this port and paste its https address here. Tenant base URLs then use it.
                  </>
                }
                placeholder="https://acme-demo.example-tunnel.com"
                value={form.publicUrl}
                onChange={(event) => change({ publicUrl: event.currentTarget.value })}
                error={fieldError('publicUrl')}
                classNames={{ input: 'mono' }}
                autoComplete="off"
                spellCheck={false}
                inputMode="url"
              />
              {cleartext && !fieldError('publicUrl') ? (
                <FieldWarning icon={IconLockOpen} testId="cleartext-url-warning" mt={-12}>
                  {cleartext}
                </FieldWarning>
              ) : null}
            </Stack>
          </SimpleGrid>
          <SettingsFormFooter
            error={update.isError && failedField === null ? update.error : null}
            dirty={dirty}
            pending={update.isPending && exposure === null}
            saveLabel={running && dirty ? 'Save and restart server' : 'Save'}
            onDiscard={() => {
              setDraft(null)
              setShowProblems(false)
              update.reset()
            }}
          />
        </Stack>
      </form>
      <ExposeServerModal
        request={exposure?.request ?? null}
        pending={update.isPending}
        onCancel={() => {
          setExposure(null)
          update.reset()
        }}
        onConfirm={() => {
          if (exposure) void save({ ...exposure.update, confirmExposure: true }, 'The SCIM server uses them when it starts.')
        }}
      />
    </>
  )
}

/** "Start the server when SCIM Console opens": saved as soon as it is flipped, like a switch in the OS settings. */
export function AutoStartSwitch({ saved }: { saved: ServerSettings }) {
  return (
    <>
      <Divider />
      <SavedSwitch
        label="Start the server when SCIM Console opens"
        description="On by default, so Okta and Entra can reach their tenants as soon as you log in. Off: start it here or from the tray icon."
        saved={saved.autoStart}
        toPatch={(checked) => ({ server: { autoStart: checked } })}
        errorTitle="Could not change auto-start"
      />
    </>
  )
}
