/** Why a request failed and what the customer's admin should do: the first thing Support reads. */
import { Anchor, Box, Group, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconAlertTriangle, IconArrowRight, IconCircleX, IconClockPause, IconInfoCircle } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { Diagnosis, DiagnosisFact } from '../../../../../shared/models'
import { paths } from '../../../app/paths'
import { TextWithIds } from '../../../components/id-text'
import { assertNever } from '../../../../../shared/result'
import classes from './diagnosis-panel.module.css'

/**
 * The diagnosis's colour and icon. A throttled request (429) is violet, as its status badge is: the brief keeps violet
 * for throttling, and an amber warning beside a violet 429 reads as two different things.
 */
function tone(severity: Diagnosis['severity'], status: number | undefined): { color: string; Icon: typeof IconCircleX } {
  if (status === 429) return { color: 'violet', Icon: IconClockPause }
  switch (severity) {
    case 'error':
      return { color: 'red', Icon: IconCircleX }
    case 'warning':
      return { color: 'yellow', Icon: IconAlertTriangle }
    case 'info':
      return { color: 'blue', Icon: IconInfoCircle }
    default:
      return assertNever(severity, 'Unknown severity')
  }
}

/** A fact's value; one that names a user or group of the tenant opens it in the Directory. */
function FactValue({ fact, tenantSlug }: { fact: DiagnosisFact; tenantSlug: string | null }) {
  const subject = fact.subject
  if (!subject || tenantSlug === null) return <TextWithIds text={fact.value} />
  const to = subject.kind === 'user' ? paths.tenantUsers(tenantSlug, { user: subject.id }) : paths.tenantGroups(tenantSlug, { group: subject.id })
  return (
    <Anchor component={Link} to={to} inherit title={`Open this ${subject.kind} in the Directory`}>
      <TextWithIds text={fact.value} />
    </Anchor>
  )
}

/**
 * The diagnosis in full: title, what happened, the next step in Okta's words, and the facts behind it. `tenantSlug`
 * is the request's tenant as it is now, for the facts that name one of its users or groups; null when it has none.
 */
export function DiagnosisPanel({ diagnosis, status, tenantSlug = null }: { diagnosis: Diagnosis; status?: number; tenantSlug?: string | null }) {
  const { color, Icon } = tone(diagnosis.severity, status)
  return (
    <Box className={classes.panel} data-color={color} style={{ '--diagnosis-color': `var(--mantine-color-${color}-6)` }} role="region" aria-label="Diagnosis">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon color={color} variant="light" size={30} radius="md" aria-hidden>
          <Icon size={18} />
        </ThemeIcon>
        <Stack gap={6} miw={0} style={{ flex: 1 }}>
          <Text fw={650} size="md" lh={1.35}>
            {diagnosis.title}
          </Text>
          <Text size="sm" lh={1.55}>
            <TextWithIds text={diagnosis.explanation} />
          </Text>
        </Stack>
      </Group>
      <div className={classes.nextStep}>
        <Group gap={6} wrap="nowrap" mb={4}>
          <IconArrowRight size={14} stroke={2.2} aria-hidden />
          <Text size="xs" fw={700} tt="uppercase" className={classes.nextStepLabel}>
            Next step
          </Text>
        </Group>
        <Text size="sm" lh={1.55}>
          <TextWithIds text={diagnosis.nextStep} />
        </Text>
      </div>
      {diagnosis.facts.length > 0 ? (
        <dl className={classes.facts}>
          {diagnosis.facts.map((fact) => (
            <div key={fact.label} className={classes.fact}>
              <dt>{fact.label}</dt>
              <dd>
                <FactValue fact={fact} tenantSlug={tenantSlug} />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </Box>
  )
}

/** A few lines for lists: the diagnosis title and its next step, which is what Support tells the customer. */
export function DiagnosisLine({ diagnosis, status }: { diagnosis: Diagnosis; status?: number }) {
  const { color, Icon } = tone(diagnosis.severity, status)
  return (
    <Stack gap={2} miw={0}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Icon size={14} color={`var(--mantine-color-${color}-6)`} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
        <Text size="sm" fw={600} lineClamp={2} title={diagnosis.title}>
          {diagnosis.title}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" lineClamp={4} title={diagnosis.nextStep}>
        {diagnosis.nextStep}
      </Text>
    </Stack>
  )
}
