/** The left navigation: the app's screens, and inside a tenant, the tenant's own screens. */
import { AppShell, NavLink, ScrollArea, Stack, Text } from '@mantine/core'
import {
  IconBolt,
  IconBuildingSkyscraper,
  IconKey,
  IconLayoutDashboard,
  IconListDetails,
  IconPlugConnected,
  IconRobot,
  IconServer2,
  IconSettings,
  IconUsers
} from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { NavLink as RouterNavLink, useMatch } from 'react-router'
import { providerWords, useSetupProvider } from '../features/setup/setup-provider'
import { useTenant } from '../features/tenants/queries'
import { isApiError } from '../api/client'
import { useAppInfo } from '../features/settings/queries'
import classes from './app-frame.module.css'
import { paths } from './paths'

function Item({ to, label, icon, end = false }: { to: string; label: string; icon: ReactNode; end?: boolean }) {
  const active = useMatch({ path: to, end }) !== null
  return (
    <NavLink component={RouterNavLink} to={to} end={end} label={label} leftSection={icon} active={active} className={classes.navLink} />
  )
}

/** The navigation column. */
export function Navigation() {
  const tenantMatch = useMatch({ path: '/tenants/:slug', end: false })
  const slug = tenantMatch?.params.slug
  const tenant = useTenant(slug)
  // A tenant that does not exist (deleted, renamed, a typo) has no screens to offer: the page says so instead.
  const missing = tenant.isError && isApiError(tenant.error, 'not_found')
  const info = useAppInfo()
  // Named for the customer's provider, as its guide was last shown; the setup link opens that guide, the demo plays it.
  const [provider] = useSetupProvider({ slug: slug ?? '', setupProvider: tenant.data?.setupProvider, identityProvider: tenant.data?.identityProvider ?? null })
  const iconProps = { size: 18, stroke: 1.7, 'aria-hidden': true } as const

  return (
    <>
      <AppShell.Section grow component={ScrollArea} type="scroll">
        <nav aria-label="Main">
          <Stack gap={2}>
            <Item to={paths.tenants} label="Tenants" icon={<IconBuildingSkyscraper {...iconProps} />} end />
            <Item to="/logs" label="Provisioning log" icon={<IconListDetails {...iconProps} />} />
            <Item to={paths.server} label="Server" icon={<IconServer2 {...iconProps} />} />
          </Stack>
        </nav>
        {slug && !missing ? (
          <nav aria-label="Tenant">
            <Stack gap={2} mt="lg">
              <Text className={classes.sectionLabel} truncate title={tenant.data?.name ?? slug}>
                {tenant.data?.name ?? slug}
              </Text>
              <Item to={paths.tenant(slug)} label="Overview" icon={<IconLayoutDashboard {...iconProps} />} end />
              <Item to={paths.tenantTokens(slug)} label="Tokens" icon={<IconKey {...iconProps} />} />
              <Item to={paths.tenantUsers(slug)} label="Directory" icon={<IconUsers {...iconProps} />} />
              <Item to={paths.tenantSetup(slug)} label={providerWords[provider].navigation} icon={<IconPlugConnected {...iconProps} />} />
              <Item to={paths.tenantDemo(slug)} label={providerWords[provider].demo} icon={<IconRobot {...iconProps} />} />
              <Item to={paths.tenantFaults(slug)} label="Faults" icon={<IconBolt {...iconProps} />} />
            </Stack>
          </nav>
        ) : null}
      </AppShell.Section>
      <AppShell.Section>
        <Stack gap={2}>
          <Item to={paths.settings} label="Settings" icon={<IconSettings {...iconProps} />} />
          <Text size="xs" c="dimmed" px="sm" pt={6} className="tabular">
            {info.data ? `Version ${info.data.version}` : '\u00a0'}
          </Text>
        </Stack>
      </AppShell.Section>
    </>
  )
}
