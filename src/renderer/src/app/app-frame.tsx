/** The frame around every screen: header, left navigation, command palette and live updates. */
import { AppShell, Group, Kbd, Text, ThemeIcon, UnstyledButton } from '@mantine/core'
import { IconArrowsExchange, IconSearch } from '@tabler/icons-react'
import { Link, Outlet, ScrollRestoration } from 'react-router'
import { useDirectoryLiveUpdates } from '../features/directory/queries'
import { frameBannerHeight, frameBannerTallHeight } from '../components/frame-banner'
import { UnsavedChangesGuard } from '../components/unsaved-changes'
import { FaultsBanner, useFaultsBannerTenants } from '../features/faults/components/faults-banner'
import { LogWriteBanner } from '../features/logs/components/log-write-banner'
import { useFaultLiveUpdates } from '../features/faults/queries'
import { useLogLiveUpdates, useLogWriteStatus } from '../features/logs/queries'
import { DatabaseFileBanner } from '../features/server/components/database-file-banner'
import { ServerStatusPill } from '../features/server/components/server-status-pill'
import { useServerStatus, useServerStatusLiveUpdates } from '../features/server/queries'
import { useNavigationFromMain } from '../features/settings/navigation-from-main'
import { TenantSwitcher } from '../features/tenants/components/tenant-switcher'
import { useTenantLiveUpdates } from '../features/tenants/queries'
import { useTokenLiveUpdates } from '../features/tokens/queries'
import { isMac } from '../lib/platform'
import classes from './app-frame.module.css'
import { CommandPalette, palette } from './command-palette'
import { Navigation } from './navigation'
import { paths } from './paths'
import { screenVisits } from './screen-visits'
import { ThemeSwitch } from './theme-switch'

const mainId = 'main-content'

/** A new screen opens at its top; a change of its search parameters keeps the place; Back returns to where it was. */
const visitOf = screenVisits()

/**
 * The first Tab stop: past the header and the navigation (about ten stops) to the screen itself. Focus is moved by
 * hand, since with hash routing "#main-content" would be read as a route.
 */
function SkipLink() {
  return (
    <a
      href={`#${mainId}`}
      className={`${classes.skipLink} mantine-focus-auto`}
      onClick={(event) => {
        event.preventDefault()
        document.getElementById(mainId)?.focus()
      }}
    >
      Skip to content
    </a>
  )
}

/** The application shell every route renders inside. */
export function AppFrame() {
  useServerStatusLiveUpdates()
  useNavigationFromMain()
  useTenantLiveUpdates()
  useTokenLiveUpdates()
  useLogLiveUpdates()
  useDirectoryLiveUpdates()
  useFaultLiveUpdates()
  const faultTenants = useFaultsBannerTenants()
  const logWriteStatus = useLogWriteStatus()
  const databaseFileRemoved = useServerStatus().data?.databaseFileRemoved === true
  // The log refuses its entries while the file is gone too: the database file's banner says why, and one banner is enough.
  const logBanner = logWriteStatus.state === 'failing' && !databaseFileRemoved
  // The header grows by each banner it shows, so that every screen's height still adds up.
  const banners = (faultTenants.length > 0 ? 1 : 0) + (logBanner ? 1 : 0)
  const headerHeight = 52 + banners * frameBannerHeight + (databaseFileRemoved ? frameBannerTallHeight : 0)

  return (
    <AppShell header={{ height: headerHeight }} navbar={{ width: 232, breakpoint: 0 }} padding="lg">
      <SkipLink />
      <AppShell.Header>
        <div className={classes.header} style={{ height: 52 }}>
          <Link to={paths.tenants} className={`${classes.brand} mantine-focus-auto`} aria-label="SCIM Console home">
            <ThemeIcon size={26} radius="md" variant="filled" aria-hidden>
              <IconArrowsExchange size={16} stroke={2.2} />
            </ThemeIcon>
            <Text fw={650} size="sm">
              SCIM Console
            </Text>
          </Link>
          <UnstyledButton className={classes.searchButton} onClick={() => palette.open()} aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}>
            <IconSearch size={15} aria-hidden />
            <Text span size="sm" c="dimmed" className={classes.searchText}>
              Search or jump to…
            </Text>
            <Group gap={2} wrap="nowrap" className={classes.searchKeys} aria-hidden>
              <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd>
              <Kbd size="xs">K</Kbd>
            </Group>
          </UnstyledButton>
          <Group gap="sm" ml="auto" wrap="nowrap">
            <TenantSwitcher />
            <ServerStatusPill />
            <ThemeSwitch />
          </Group>
        </div>
        {databaseFileRemoved ? <DatabaseFileBanner /> : null}
        {logBanner ? <LogWriteBanner status={logWriteStatus} /> : null}
        <FaultsBanner tenants={faultTenants} />
      </AppShell.Header>
      <AppShell.Navbar className={classes.navbar} p="sm">
        <Navigation />
      </AppShell.Navbar>
      <AppShell.Main id={mainId} tabIndex={-1} className={classes.main}>
        <UnsavedChangesGuard>
          <Outlet />
        </UnsavedChangesGuard>
      </AppShell.Main>
      <CommandPalette />
      <ScrollRestoration getKey={visitOf} />
    </AppShell>
  )
}
