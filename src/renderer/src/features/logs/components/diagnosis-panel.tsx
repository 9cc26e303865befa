/** Why a request failed and what the customer's admin should do: the first thing Support reads. */
import { Box, Group, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconAlertTriangle, IconArrowRight, IconInfoCircle, IconCircleX } from '@tabler/icons-react'
import type { Diagnosis } from '../../../../../shared/models'
import { assertNever } from '../../../../../shared/result'
import classes from './diagnosis-panel.module.css'

function tone(severity: Diagnosis['severity']): { color: string; Icon: typeof IconCircleX } {
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

/** The diagnosis in full: title, what happened, the next step in Okta's words, and the facts behind it. */
export function DiagnosisPanel({ diagnosis }: { diagnosis: Diagnosis }) {
  const { color, Icon } = tone(diagnosis.severity)
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
            {diagnosis.explanation}
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
          {diagnosis.nextStep}
        </Text>
      </div>
      {diagnosis.facts.length > 0 ? (
        <dl className={classes.facts}>
          {diagnosis.facts.map((fact) => (
            <div key={fact.label} className={classes.fact}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </Box>
  )
}

/** One line for lists: the diagnosis title and its next step. */
export function DiagnosisLine({ diagnosis }: { diagnosis: Diagnosis }) {
  const { color, Icon } = tone(diagnosis.severity)
  return (
    <Stack gap={2} miw={0}>
      <Group gap={6} wrap="nowrap">
        <Icon size={14} color={`var(--mantine-color-${color}-6)`} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm" fw={600} lineClamp={1} title={diagnosis.title}>
          {diagnosis.title}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" lineClamp={2}>
        {diagnosis.nextStep}
      </Text>
    </Stack>
  )
}
