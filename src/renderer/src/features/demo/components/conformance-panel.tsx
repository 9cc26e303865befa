import { Accordion, Badge, Button, Group, Paper, RingProgress, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconChecklist, IconPlayerPlay, IconX } from '@tabler/icons-react'
import { maxSelfTestThrottleWaitSeconds, type ConformanceCheck, type ConformanceReport } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { RelativeTime } from '../../../components/relative-time'
import { formatDuration, plural } from '../../../lib/format'
import { JsonBlock } from '../../directory/components/scim-json'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { useConformanceReport, useRunConformance } from '../queries'
import classes from './demo-page.module.css'

function readablePath(path: string): string {
  try {
    return decodeURIComponent(path.replace(/\+/g, ' '))
  } catch {
    return path
  }
}

/** Okta's SPEC test, run against this tenant: a checklist with each step's request and response. */
export function ConformancePanel() {
  const tenant = useCurrentTenant()
  const report = useConformanceReport(tenant.id)
  const run = useRunConformance(tenant.id)

  const start = (): void =>
    run.mutate(undefined, {
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not run the self-test', message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
    })

  return (
    <Stack gap="md" miw={0} className={classes.column}>
      <Paper withBorder radius="md" p="md" className={classes.card}>
        <Group justify="space-between" wrap="nowrap" gap="md">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={36} radius="md" variant="light" aria-hidden>
              <IconChecklist size={20} />
            </ThemeIcon>
            <div>
              <Title order={2}>Okta SCIM 2.0 SPEC test</Title>
              <Text size="sm" c="dimmed">
                The checks Okta runs before it lists an integration, against {tenant.name}, with a token of its own that is revoked at the end.
              </Text>
            </div>
          </Group>
          <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={start} loading={run.isPending} style={{ flexShrink: 0 }}>
            Run conformance self-test
          </Button>
        </Group>
      </Paper>
      {report.data ? (
        <Report report={report.data} />
      ) : (
        <Paper withBorder radius="md" p="xl" className={`${classes.card} ${classes.grow}`}>
          <Stack gap={6} maw={520}>
            <Text fw={600}>{run.isPending ? 'Running the checks…' : 'No results yet'}</Text>
            <Text size="sm" c="dimmed">
              The self-test creates a test user, reads it back by id and by userName, checks the 404, 409 and 401 answers Okta relies on, and
              deactivates it. Each check shows the request it sent and the answer it got.
            </Text>
            {tenant.rateLimitPerMinute > 0 && (
              <Text size="sm" c="dimmed" data-testid="conformance-throttle-note">
                {tenant.name} accepts {plural(tenant.rateLimitPerMinute, 'request')} a minute. When it answers 429, the test waits out
                Retry-After as Okta does, for up to {maxSelfTestThrottleWaitSeconds / 60} minutes in all, so a run may take that long.
              </Text>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  )
}

function Report({ report }: { report: ConformanceReport }) {
  const total = report.passed + report.failed
  const allPassed = report.failed === 0
  const requiredFailed = report.checks.filter((check) => !check.ok && !check.optional).length
  return (
    <Paper withBorder radius="md" className={`${classes.card} ${classes.grow} ${classes.runCard}`} aria-label="Conformance results">
      <Group px="md" py="sm" gap="md" className={classes.runHeader} wrap="nowrap">
        <RingProgress
          size={54}
          thickness={6}
          roundCaps
          // A zero-width section still draws a round cap; leave empty ones out.
          sections={[
            { value: total > 0 ? (report.passed / total) * 100 : 0, color: 'green' },
            { value: total > 0 ? (report.failed / total) * 100 : 0, color: 'red' }
          ].filter((section) => section.value > 0)}
          label={
            <Text ta="center" size="xs" fw={700} className="tabular">
              {report.passed}/{total}
            </Text>
          }
        />
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text fw={650} data-testid="conformance-summary">
            {allPassed ? `All ${plural(total, 'check')} passed` : `${report.passed} of ${plural(total, 'check')} passed`}
          </Text>
          <Text size="sm" c="dimmed">
            {allPassed
              ? 'Okta can provision this tenant: every request of its SPEC test got the answer it expects.'
              : requiredFailed > 0
                ? `${plural(requiredFailed, 'required check')} failed: Okta would stop on ${requiredFailed === 1 ? 'it' : 'them'}.`
                : 'Only optional checks failed.'}
          </Text>
        </div>
        <SimpleGrid cols={2} spacing={4} verticalSpacing={0} style={{ flexShrink: 0 }}>
          <Text size="xs" c="dimmed">
            Ran
          </Text>
          <RelativeTime value={report.finishedAt} size="xs" />
          <Text size="xs" c="dimmed">
            Took
          </Text>
          <Text size="xs" className="tabular">
            {formatDuration(Date.parse(report.finishedAt) - Date.parse(report.startedAt))}
          </Text>
        </SimpleGrid>
      </Group>
      <div className={classes.stepsScroller} tabIndex={0}>
        <Accordion multiple chevronPosition="right" variant="default" classNames={{ control: classes.checkControl, content: classes.checkContent }}>
          {report.checks.map((check, index) => (
            <CheckItem key={`${check.step}-${index}`} check={check} value={`${check.step}-${index}`} />
          ))}
        </Accordion>
      </div>
    </Paper>
  )
}

function CheckItem({ check, value }: { check: ConformanceCheck; value: string }) {
  return (
    <Accordion.Item value={value} data-testid="conformance-check" data-ok={check.ok}>
      <Accordion.Control
        icon={
          <ThemeIcon size={22} radius="xl" color={check.ok ? 'green' : check.optional ? 'yellow' : 'red'} variant={check.ok ? 'light' : 'filled'} aria-label={check.ok ? 'Passed' : 'Failed'}>
            {check.ok ? <IconCheck size={14} stroke={2.6} /> : <IconX size={14} stroke={2.6} />}
          </ThemeIcon>
        }
      >
        <Group gap={8} wrap="nowrap" justify="space-between">
          <Stack gap={0} miw={0}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={550} truncate>
                {check.title}
              </Text>
              {check.optional ? (
                <Badge size="xs" color="gray" variant="outline">
                  Optional
                </Badge>
              ) : null}
            </Group>
            <Text size="xs" c="dimmed" className={classes.monoSmall} truncate>
              <span className={classes.method}>{check.request.method}</span>
              {readablePath(check.request.path)}
            </Text>
          </Stack>
          <HttpStatusBadge status={check.response.status} />
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          {check.failures.length > 0 ? (
            <Stack gap={2}>
              {check.failures.map((failure) => (
                <Text key={failure} size="sm" c="red">
                  {failure}
                </Text>
              ))}
            </Stack>
          ) : null}
          <Exchange title={`Request: ${check.request.method} ${readablePath(check.request.path)}`} body={check.request.body} copyLabel="Copy request body" />
          <Exchange title={`Response: HTTP ${check.response.status}`} body={check.response.body} copyLabel="Copy response body" />
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  )
}

/** One side of a check's exchange: its JSON, or a plain line when there was no body. */
function Exchange({ title, body, copyLabel }: { title: string; body: string | null; copyLabel: string }) {
  if (!body) {
    return (
      <Paper withBorder radius="md" px="sm" py={6}>
        <Text size="xs" fw={600} c="dimmed">
          {title}{' '}
          <Text span size="xs" fw={400}>
            · no body
          </Text>
        </Text>
      </Paper>
    )
  }
  return <JsonBlock title={title} value={body} copyLabel={copyLabel} maxHeight={240} />
}
