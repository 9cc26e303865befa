import { Group, Stack, Table, Text } from '@mantine/core'
import { Fragment } from 'react'
import { entraStandardsFlag, entraUserMappings } from '../../../../../shared/entra-setup'
import type { SetupGuide, TenantSummary } from '../../../../../shared/models'
import { CopyField } from '../../../components/copy-field'
import { StepsItem, StepsList } from '../../../components/steps-list'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { useRecentLogs } from '../../logs/queries'
import { entraConnectionRequest } from '../entra-connection'
import { mappingSegments } from '../mapping-expression'
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

/** How many of the tenant's latest requests are searched for Entra's, for the connection step's status. */
const recentRequests = 25

/**
 * The Microsoft Entra ID guide: the Entra admin center's screens in its own words, and the values to paste. The
 * connection step shows Entra's latest connection check (`entraConnectionRequest`).
 */
export function EntraGuide({ guide, tenant, onIssue }: { guide: SetupGuide; tenant: TenantSummary; onIssue: () => void }) {
  const recent = useRecentLogs({ tenantId: tenant.id, limit: recentRequests })
  const last = entraConnectionRequest(recent.data?.items ?? [])
  const connected = last !== undefined && last.status >= 200 && last.status < 300
  const token = guide.activeTokens[0]

  return (
    <>
      {guide.baseUrlIsLocal ? (
        <AddressCallout kind="local" title="Microsoft's cloud cannot reach this address" demo={{ slug: tenant.slug, name: 'Entra demo' }}>
          Entra provisions from Microsoft&apos;s cloud, which cannot reach {baseUrlHost(guide)}: set a public HTTPS URL (a tunnel) on the Server page. The
          Entra demo needs no tunnel.
        </AddressCallout>
      ) : null}
      {guide.cleartextWarning ? (
        <AddressCallout kind="cleartext" title="Entra needs an HTTPS address">
          Microsoft requires SCIM endpoints to use HTTPS (TLS 1.2 or newer). {guide.cleartextWarning}
        </AddressCallout>
      ) : null}
      <ServerStoppedAlert guide={guide} test="Entra's Test Connection" />

      <div className={classes.layout}>
        <Stack gap="lg" miw={0}>
          <Part number={1} title="Create the application">
            <StepsList label="Create the application">
              <StepsItem number={1} title="Create your own application">
                <Text size="sm">In the Microsoft Entra admin center:</Text>
                <ClickPath steps={['Identity', 'Applications', 'Enterprise applications', 'New application', 'Create your own application']} />
              </StepsItem>
              <StepsItem number={2} title="A non-gallery application">
                <Text size="sm">Name it (for example &ldquo;{tenant.name}&rdquo;) and choose:</Text>
                <Ticked label="Integrate any other application you don't find in the gallery (Non-gallery)" />
                <Text size="sm">
                  Then click <Ui>Create</Ui>.
                </Text>
              </StepsItem>
            </StepsList>
          </Part>

          <Part number={2} title={`Connect it to ${tenant.name}`}>
            <StepsList label={`Connect it to ${tenant.name}`}>
              <StepsItem number={3} title="Provisioning Mode: Automatic">
                <ClickPath steps={[`${tenant.name} app`, 'Provisioning', 'Get started']} />
                <Text size="sm">
                  Set <Ui>Provisioning Mode</Ui> to <Ui>Automatic</Ui>. The <Ui>Admin Credentials</Ui> section appears.
                </Text>
              </StepsItem>
              <StepsItem number={4} title="Tenant URL">
                <Text size="sm">
                  Paste into <Ui>Tenant URL</Ui>:
                </Text>
                <CopyField value={guide.entraTenantUrl} label="Tenant URL" size="md" testId="setup-tenant-url" />
                <Text size="xs" c="dimmed">
                  The <span className="mono">?{entraStandardsFlag}</span> at the end makes Entra send standard SCIM requests, as Microsoft advises.{' '}
                  {tenant.name} accepts Entra&apos;s older format too, so a URL without it also works.
                </Text>
              </StepsItem>
              <TokenStep number={5} title="Secret Token" guide={guide} tenant={tenant} onIssue={onIssue} provider="Entra" app="Entra application">
                Paste the API token into <Ui>Secret Token</Ui>, on its own: Entra sends it as <span className="mono">Authorization: Bearer …</span>{' '}
                with every request.
              </TokenStep>
              <StepsItem
                number={6}
                title="Test Connection"
                done={connected}
                aside={last ? <TestResult status={last.status} at={last.at} passed="Connected" failed="Last request failed" /> : null}
              >
                <Text size="sm">
                  Click <Ui>Test Connection</Ui>. Entra looks up a user and a group that do not exist, such as{' '}
                  <span className="mono">GET /Users?filter=userName eq &quot;…&quot;</span>, and should say that the supplied credentials are
                  authorized to enable provisioning.
                </Text>
                {last === undefined ? (
                  <Waiting>Waiting for Entra&apos;s first request: it appears here the moment it arrives.</Waiting>
                ) : connected ? null : (
                  <TestFailure entry={last} tenantSlug={tenant.slug} />
                )}
              </StepsItem>
              <StepsItem number={7} title="Save">
                <Text size="sm">
                  Click <Ui>Save</Ui>. The <Ui>Mappings</Ui> and <Ui>Settings</Ui> sections appear.
                </Text>
              </StepsItem>
            </StepsList>
          </Part>

          <Part number={3} title="Check the attribute mappings">
            <StepsList label="Check the attribute mappings">
              <StepsItem number={8} title="Provision Microsoft Entra ID Users">
                <ClickPath steps={['Provisioning', 'Mappings', 'Provision Microsoft Entra ID Users']} />
                <Text size="sm">{tenant.name} needs these mappings, which Entra sets by default; its other default mappings can stay.</Text>
                <Table withTableBorder withColumnBorders verticalSpacing="xs" className={classes.table} highlightOnHover={false}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w="46%">Entra attribute</Table.Th>
                      <Table.Th>SCIM attribute</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {entraUserMappings.map((mapping) => (
                      <Table.Tr key={mapping.target}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
                            <Text size="sm" className={`mono ${classes.mapping}`} miw={0}>
                              {mappingSegments(mapping.source).map((segment, index) => (
                                // The pieces of one mapping never reorder: the index is their identity.
                                <Fragment key={index}>
                                  {index > 0 ? ' ' : null}
                                  <span className={classes.mappingSegment}>{segment}</span>
                                </Fragment>
                              ))}
                            </Text>
                            <CopyIcon value={mapping.source} label={`mapping to ${mapping.target}`} />
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" className="mono">
                            {mapping.target}
                          </Text>
                          {mapping.note ? (
                            <Text size="xs" c="dimmed">
                              {mapping.note}
                            </Text>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Text size="sm">
                  If your users&apos; userPrincipalName is not their email address, map <Ui>mail</Ui> to <span className="mono">userName</span>{' '}
                  instead: {tenant.name} matches users on their email.
                </Text>
              </StepsItem>
              <StepsItem number={9} title="Provision Microsoft Entra ID Groups">
                <Text size="sm">
                  Keep it <Ui>Enabled</Ui> to send groups and their members (<span className="mono">displayName</span> and{' '}
                  <span className="mono">members</span>).
                </Text>
              </StepsItem>
            </StepsList>
          </Part>

          <Part number={4} title="Start provisioning">
            <StepsList label="Start provisioning">
              <StepsItem number={10} title="Scope">
                <ClickPath steps={['Provisioning', 'Settings', 'Scope']} />
                <Ticked label="Sync only assigned users and groups" />
              </StepsItem>
              <StepsItem number={11} title="Assign people and groups">
                <Text size="sm">
                  Under the application&apos;s <Ui>Users and groups</Ui>, assign who should have an account in {tenant.name}. To try one person,
                  or a group with up to five of its members, first, use <Ui>Provision on demand</Ui>.
                </Text>
              </StepsItem>
              <StepsItem number={12} title="Provisioning Status: On">
                <Text size="sm">
                  Set <Ui>Provisioning Status</Ui> to <Ui>On</Ui> and click <Ui>Save</Ui>. The first cycle starts within minutes; later cycles run
                  about every 40 minutes.
                </Text>
              </StepsItem>
            </StepsList>
          </Part>

          <Card title="What Entra sends" lead="Unlike Okta, Entra deletes users, once they are deleted for good.">
            <Table withTableBorder withColumnBorders verticalSpacing="sm" className={classes.table} highlightOnHover={false}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="38%">In Entra</Table.Th>
                  <Table.Th>{tenant.name} receives</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>A user is unassigned, blocked or deleted</Table.Td>
                  <Table.Td>
                    <Method>PATCH</Method> with <span className="mono">active: false</span>: the user is deactivated and kept
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>A deleted user is deleted for good (30 days later)</Table.Td>
                  <Table.Td>
                    <Method>DELETE</Method>: the user is deleted
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>A group&apos;s members change</Table.Td>
                  <Table.Td>
                    <Method>PATCH</Method> that adds or removes only those members
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Card>

          <Card title="Throttling and failures">
            <Text size="sm">
              <RateLimit tenant={tenant} />{' '}
              Beyond a limit the server answers <HttpStatusBadge status={429} /> with a <span className="mono">Retry-After</span> header, and Entra retries
              later. Failures are listed in the application&apos;s <Ui>Provisioning logs</Ui>; after repeated failures Entra puts the job in quarantine.
              Fix the cause, then click <Ui>Restart provisioning</Ui>.
            </Text>
          </Card>
        </Stack>

        <ValuesCard provider="Entra" tenant={tenant}>
          <Value label="Provisioning Mode">
            <CopyField value="Automatic" label="provisioning mode" />
          </Value>
          <Value label="Tenant URL">
            <CopyField value={guide.entraTenantUrl} label="Tenant URL" />
          </Value>
          <Value label="Secret Token">
            <TokenField token={token} onIssue={onIssue} />
          </Value>
          <Value label="Matching attribute">
            <CopyField value="userName" label="matching attribute" />
          </Value>
          <Value label="Scope">
            <CopyField value="Sync only assigned users and groups" label="scope" />
          </Value>
        </ValuesCard>
      </div>
    </>
  )
}
