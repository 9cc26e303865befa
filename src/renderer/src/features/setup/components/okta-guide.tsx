import { Paper, Stack, Table, Text } from '@mantine/core'
import { IconSquareCheckFilled } from '@tabler/icons-react'
import type { SetupGuide, TenantSummary } from '../../../../../shared/models'
import { CopyField } from '../../../components/copy-field'
import { StepsItem, StepsList } from '../../../components/steps-list'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { useRecentLogs } from '../../logs/queries'
import { reachPhrase } from '../../server/reach'
import {
  AddressCallout,
  baseUrlHost,
  Card,
  ClickPath,
  CopyIcon,
  Method,
  Part,
  RateLimit,
  ServerStoppedAlert,
  TestFailure,
  TestResult,
  Ticked,
  TokenField,
  TokenStep,
  Ui,
  Value,
  ValuesCard,
  Waiting
} from './guide-parts'
import classes from './setup-guide-page.module.css'

/** The Okta guide: Okta's screens in its own words, and the values to paste, each with a copy button. */
export function OktaGuide({ guide, tenant, onIssue }: { guide: SetupGuide; tenant: TenantSummary; onIssue: () => void }) {
  const lastTest = useRecentLogs({ tenantId: tenant.id, operation: 'test-credentials', limit: 1 })
  const test = lastTest.data?.items[0]
  const tested = test !== undefined && test.status >= 200 && test.status < 300
  const token = guide.activeTokens[0]

  return (
    <>
      {guide.baseUrlIsLocal ? (
        <AddressCallout kind="local" title="Okta's cloud cannot reach this address" demo={{ slug: tenant.slug, name: 'Okta demo' }}>
          Okta&apos;s cloud cannot reach {baseUrlHost(guide)}: set a public URL (tunnel) on the Server page; the Okta demo below needs no tunnel.
        </AddressCallout>
      ) : null}
      {guide.cleartextWarning ? (
        <AddressCallout kind="cleartext" title="The base URL is not encrypted">
          {guide.cleartextWarning}
        </AddressCallout>
      ) : null}
      <ServerStoppedAlert guide={guide} test="Okta's Test API Credentials" />

      <div className={classes.layout}>
        <Stack gap="lg" miw={0}>
          <Part number={1} title="Connect the API">
            <StepsList label="Connect the API">
              <StepsItem number={1} title="Open the app's provisioning settings">
                <Text size="sm">In the Okta Admin Console, open the app for {tenant.name}, then its provisioning integration.</Text>
                <ClickPath steps={['Applications', 'Applications', `${tenant.name} app`, 'Provisioning', 'Integration']} />
                <Text size="sm">
                  Click <Ui>Configure API Integration</Ui>.
                </Text>
              </StepsItem>
              <StepsItem number={2} title="Enable API integration">
                <Ticked label="Enable API integration" />
              </StepsItem>
              <StepsItem number={3} title="Base URL">
                <Text size="sm">
                  Paste into <Ui>Base URL</Ui> (called <Ui>SCIM connector base URL</Ui> in an app you built yourself):
                </Text>
                <CopyField value={guide.baseUrl} label="Base URL" size="md" testId="setup-base-url" />
                {guide.baseUrlIsLocal ? (
                  <Text size="xs" c="dimmed">
                    This address works {reachPhrase[guide.baseUrlReach]}: the Okta demo can use it, a real Okta org cannot.
                  </Text>
                ) : null}
              </StepsItem>
              <TokenStep number={4} title="API Token" guide={guide} tenant={tenant} onIssue={onIssue} provider="Okta" app="Okta app">
                Paste a token into <Ui>API Token</Ui> (in an app you built yourself, choose <Ui>HTTP Header</Ui> and paste it into{' '}
                <Ui>Authorization</Ui>). Okta sends it as <span className="mono">Authorization: Bearer …</span> with every request; with or
                without <span className="mono">Bearer</span> in front, {tenant.name} accepts it.
              </TokenStep>
              <StepsItem
                number={5}
                title="Test API Credentials"
                done={tested}
                aside={test ? <TestResult status={test.status} at={test.at} passed="Verified" failed="Last test failed" /> : null}
              >
                <Text size="sm">
                  Click <Ui>Test API Credentials</Ui>. Okta sends one request, <span className="mono">GET /Users?startIndex=1&amp;count=2</span>, and
                  should say the app was verified successfully.
                </Text>
                {test === undefined ? (
                  <Waiting>Waiting for Okta&apos;s first test: it appears here the moment it arrives.</Waiting>
                ) : tested ? null : (
                  <TestFailure entry={test} tenantSlug={tenant.slug} />
                )}
              </StepsItem>
              <StepsItem number={6} title="Save">
                <Text size="sm">
                  Click <Ui>Save</Ui>. Okta sends the same test request again.
                </Text>
              </StepsItem>
            </StepsList>
          </Part>

          <Part number={2} title="Turn on provisioning to the app">
            <StepsList label="Turn on provisioning to the app">
              <StepsItem number={7} title="To App">
                <ClickPath steps={['Provisioning', 'To App', 'Edit']} />
                <Stack gap={6}>
                  <Ticked label="Create Users" />
                  <Ticked label="Update User Attributes" />
                  <Ticked label="Deactivate Users" />
                </Stack>
                <Text size="sm">
                  Then <Ui>Save</Ui>. Okta reads <span className="mono">GET /Groups?startIndex=1&amp;count=100</span> to learn the app&apos;s groups.
                </Text>
              </StepsItem>
              <StepsItem number={8} title="Application username format: Email">
                <ClickPath steps={['Sign On', 'Settings', 'Edit', 'Application username format']} />
                <Text size="sm">
                  Choose <Ui>Email</Ui>. The email becomes the SCIM <span className="mono">userName</span> that {tenant.name} matches users on; any other
                  format creates duplicates.
                </Text>
              </StepsItem>
              <StepsItem number={9} title="Assign people and push groups">
                <Text size="sm">
                  On <Ui>Assignments</Ui>, assign people or groups: Okta looks each user up by userName, then creates it. To send groups, use{' '}
                  <Ui>Push Groups</Ui>.
                </Text>
              </StepsItem>
            </StepsList>
          </Part>

          <Card
            title="PUT or PATCH: which Okta app type sends which"
            lead={
              <>
                {tenant.name} accepts both. Okta never deletes users: deactivating or unassigning sends <span className="mono">active: false</span>.
              </>
            }
          >
            <Table withTableBorder withColumnBorders verticalSpacing="sm" className={classes.table} highlightOnHover={false}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="34%">Okta app type</Table.Th>
                  <Table.Th>Profile updates</Table.Th>
                  <Table.Th>Deactivate, reactivate</Table.Th>
                  <Table.Th>Group membership</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      Okta Integration Network (catalog) app
                    </Text>
                    <Text size="xs" c="dimmed">
                      e.g. &ldquo;SCIM 2.0 Test App (Header Auth)&rdquo;
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Method>GET</Method> then <Method>PUT</Method>
                  </Table.Td>
                  <Table.Td>
                    <Method>PATCH</Method>
                  </Table.Td>
                  <Table.Td>
                    <Method>PATCH</Method>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      App Integration Wizard app
                    </Text>
                    <Text size="xs" c="dimmed">
                      Create App Integration → SCIM; cannot be switched
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Method>GET</Method> then <Method>PUT</Method>
                  </Table.Td>
                  <Table.Td>
                    <Method>PUT</Method> with <span className="mono">active</span>
                  </Table.Td>
                  <Table.Td>
                    <Method>PUT</Method> with every member
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Card>

          <Card title="Throttling">
            <Text size="sm">
              <RateLimit tenant={tenant} />{' '}
              Beyond a limit the server answers <HttpStatusBadge status={429} /> with a <span className="mono">Retry-After</span> header in seconds. Okta
              pauses the task and retries after that long (5 minutes without the header), doubling the wait each time, for up to 10 attempts; then the
              task fails and needs a manual retry in <Ui>Tasks</Ui>.
            </Text>
          </Card>
        </Stack>

        <ValuesCard provider="Okta" tenant={tenant}>
          <Value label="Base URL (SCIM connector base URL)">
            <CopyField value={guide.baseUrl} label="SCIM connector base URL" />
          </Value>
          <Value label="Unique identifier field for users">
            <CopyField value={guide.uniqueIdentifierField} label="unique identifier field" />
          </Value>
          <Value label="Authentication Mode (in an app you built)">
            <CopyField value={guide.authenticationMode} label="authentication mode" />
          </Value>
          <Value label="API Token (Authorization in an app you built)">
            <TokenField token={token} onIssue={onIssue} />
          </Value>
          <Value label="Supported provisioning actions">
            <Paper withBorder radius="md">
              <ul className={classes.actions}>
                {guide.provisioningActions.map((action) => (
                  <li key={action}>
                    <IconSquareCheckFilled size={16} className={classes.checkbox} aria-hidden />
                    <Text size="sm" style={{ flex: 1 }}>
                      {action}
                    </Text>
                    <CopyIcon value={action} label={action} />
                  </li>
                ))}
              </ul>
            </Paper>
          </Value>
          <Value label="Application username format">
            <CopyField value="Email" label="application username format" />
          </Value>
        </ValuesCard>
      </div>
    </>
  )
}

