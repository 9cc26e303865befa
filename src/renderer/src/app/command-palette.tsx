/** Ctrl/Cmd+K: jump to any screen or tenant, or start a common task, from anywhere. */
import { useMantineColorScheme } from '@mantine/core'
import { createSpotlight, isActionsGroup, Spotlight, type SpotlightActionData, type SpotlightActionGroupData, type SpotlightFilterFunction } from '@mantine/spotlight'
import {
  IconBuildingSkyscraper,
  IconDeviceDesktop,
  IconBolt,
  IconChecklist,
  IconKey,
  IconListDetails,
  IconListSearch,
  IconMoon,
  IconPlugConnected,
  IconPlus,
  IconRobot,
  IconSearch,
  IconServer2,
  IconSettings,
  IconSun,
  IconUsers
} from '@tabler/icons-react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { logsHref } from '../features/logs/log-filters'
import { providerWords } from '../features/setup/setup-provider'
import { providerOf } from '../../../shared/identity-provider'
import { useSearchActions } from '../features/search/search-actions'
import { useTenants } from '../features/tenants/queries'
import classes from './command-palette.module.css'
import { paths } from './paths'

const iconProps = { size: 18, stroke: 1.6, 'aria-hidden': true } as const

/** The palette's own store: `palette.open()` opens it, and it lets the palette select an action itself. */
const [paletteStore, palette] = createSpotlight()
export { palette }

/**
 * Selects the first action, as Mantine does when the query changes. Users and groups arrive from main a moment after
 * the typing that finds them; without this, Enter would do nothing until an arrow key chose one.
 */
function selectFirstAction(): void {
  const list = document.getElementById(paletteStore.getState().listId)
  const first = list?.querySelector('[data-action]')
  if (!list || !first) return
  list.querySelector('[data-selected]')?.removeAttribute('data-selected')
  first.setAttribute('data-selected', 'true')
  paletteStore.updateState((state) => ({ ...state, selected: 0 }))
}

function haystack(action: SpotlightActionData): string {
  const keywords = Array.isArray(action.keywords) ? action.keywords.join(' ') : (action.keywords ?? '')
  return `${String(action.label ?? '')} ${String(action.description ?? '')} ${keywords}`.toLowerCase()
}

/** Every word typed must appear somewhere in an action, in any order: "initech tok" finds "Initech: API tokens". */
const matchAllWords: SpotlightFilterFunction = (query, actions) => {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return actions
  const matches = (action: SpotlightActionData): boolean => {
    const text = haystack(action)
    return words.every((word) => text.includes(word))
  }
  return actions.flatMap((item): Array<SpotlightActionData | SpotlightActionGroupData> => {
    if (!isActionsGroup(item)) return matches(item) ? [item] : []
    const kept = item.actions.filter(matches)
    return kept.length > 0 ? [{ ...item, actions: kept }] : []
  })
}

/** The command palette, opened with Ctrl/Cmd+K or the header's search button. */
export function CommandPalette() {
  const navigate = useNavigate()
  const tenants = useTenants()
  const { setColorScheme } = useMantineColorScheme()
  const [query, setQuery] = useState('')
  const found = useSearchActions(query, navigate)
  // The first action is chosen once the list for the query is drawn, and again when more results arrive; one chosen
  // with the arrow keys stays chosen. (Mantine chooses the first one a microtask after each keystroke, which on a busy
  // machine can be the list of the keystroke before: Enter then opened an action that no longer matched.)
  const chosenByArrows = useRef(false)
  useEffect(() => {
    if (!chosenByArrows.current) selectFirstAction()
  }, [found, query])

  // Keys typed straight after Ctrl+K belong to the palette. Its field takes the focus only once the palette has been
  // drawn and a timer has run (Mantine's focus trap), and a key typed before then went to the page: one search in five
  // lost its first letters, and they landed in whatever field the page had focused. From the shortcut until the field
  // has the focus, letters (and Backspace) are held back from the page and put in the palette's query instead.
  const search = useRef<HTMLInputElement | null>(null)
  const caught = useRef(false)
  useEffect(() => {
    let catchUntil = 0
    const onKeyDown = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        // Only as it opens: the same shortcut closes an open palette, and then the keys are the page's. It opens empty.
        if (paletteStore.getState().opened) {
          catchUntil = 0
        } else {
          catchUntil = performance.now() + 2000
          setQuery('')
        }
        return
      }
      if (performance.now() > catchUntil || (search.current !== null && document.activeElement === search.current)) return
      const letter = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey
      if (!letter && event.key !== 'Backspace') {
        // Escape, Enter, Tab and the like are not held: they act as they would have, and end the catching.
        catchUntil = 0
        return
      }
      event.preventDefault()
      event.stopPropagation()
      caught.current = true
      chosenByArrows.current = false
      setQuery((current) => (letter ? current + event.key : current.slice(0, -1)))
    }
    // Capturing on the window, ahead of the page's own handlers and of Mantine's shortcut.
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])

  const actions = useMemo<(SpotlightActionGroupData | SpotlightActionData)[]>(() => {
    const pages: SpotlightActionData[] = [
      { id: 'page-tenants', label: 'Tenants', description: 'All customer orgs', leftSection: <IconBuildingSkyscraper {...iconProps} />, onClick: () => navigate(paths.tenants) },
      { id: 'page-logs', label: 'Provisioning log', description: 'Every SCIM request Okta or Entra made', leftSection: <IconListDetails {...iconProps} />, onClick: () => navigate(paths.logs()) },
      { id: 'page-failures', label: 'Failed requests', description: 'Provisioning log, failures only', keywords: ['errors', 'failures', '4xx', '5xx'], leftSection: <IconListDetails {...iconProps} />, onClick: () => navigate(paths.logs({ outcome: 'failed' })) },
      { id: 'page-server', label: 'Server', description: 'SCIM server status and address', leftSection: <IconServer2 {...iconProps} />, onClick: () => navigate(paths.server) },
      { id: 'page-settings', label: 'Settings', description: 'Data folder, backups, log retention, notifications, theme', leftSection: <IconSettings {...iconProps} />, onClick: () => navigate(paths.settings) }
    ]
    const tasks: SpotlightActionData[] = [
      { id: 'task-new-tenant', label: 'New tenant', description: 'Add a customer org', keywords: ['create', 'add'], leftSection: <IconPlus {...iconProps} />, onClick: () => navigate(`${paths.tenants}?new=1`) },
      { id: 'theme-light', label: 'Light theme', keywords: ['appearance', 'theme'], leftSection: <IconSun {...iconProps} />, onClick: () => setColorScheme('light') },
      { id: 'theme-dark', label: 'Dark theme', keywords: ['appearance', 'theme'], leftSection: <IconMoon {...iconProps} />, onClick: () => setColorScheme('dark') },
      { id: 'theme-auto', label: 'Theme: follow the OS', keywords: ['appearance', 'theme', 'system'], leftSection: <IconDeviceDesktop {...iconProps} />, onClick: () => setColorScheme('auto') }
    ]
    const tenantActions: SpotlightActionData[] = (tenants.data?.items ?? []).flatMap((tenant) => [
      {
        id: `tenant-${tenant.id}`,
        label: tenant.name,
        title: tenant.name,
        description: `Overview · /scim/v2/${tenant.slug}`,
        keywords: [tenant.slug, 'tenant'],
        leftSection: <IconBuildingSkyscraper {...iconProps} />,
        onClick: () => navigate(paths.tenant(tenant.slug))
      },
      {
        id: `tenant-tokens-${tenant.id}`,
        label: `${tenant.name}: API tokens`,
        description: 'Every API token, its last use, and Revoke',
        keywords: [tenant.slug, 'token', 'api token'],
        leftSection: <IconKey {...iconProps} />,
        onClick: () => navigate(paths.tenantTokens(tenant.slug))
      },
      {
        id: `tenant-issue-token-${tenant.id}`,
        label: `${tenant.name}: Issue API token`,
        description: 'A new token to paste into the app, shown once',
        keywords: [tenant.slug, 'token', 'api token', 'issue', 'new token', 'secret'],
        leftSection: <IconKey {...iconProps} />,
        onClick: () => navigate(`${paths.tenantTokens(tenant.slug)}?issue=1`)
      },
      {
        id: `tenant-directory-${tenant.id}`,
        label: `${tenant.name}: Directory`,
        description: 'Users and groups',
        keywords: [tenant.slug, 'users', 'groups', 'directory'],
        leftSection: <IconUsers {...iconProps} />,
        onClick: () => navigate(paths.tenantUsers(tenant.slug))
      },
      {
        id: `tenant-setup-${tenant.id}`,
        label: `${tenant.name}: Okta setup guide`,
        description: 'Values to paste into Okta',
        keywords: [tenant.slug, 'okta', 'setup', 'guide', 'base url'],
        leftSection: <IconPlugConnected {...iconProps} />,
        onClick: () => navigate(paths.tenantSetup(tenant.slug, { for: 'okta' }))
      },
      {
        id: `tenant-setup-entra-${tenant.id}`,
        label: `${tenant.name}: Microsoft Entra ID setup guide`,
        description: 'Values to paste into Entra',
        keywords: [tenant.slug, 'entra', 'azure', 'microsoft', 'setup', 'guide', 'tenant url'],
        leftSection: <IconPlugConnected {...iconProps} />,
        onClick: () => navigate(paths.tenantSetup(tenant.slug, { for: 'entra' }))
      },
      {
        id: `tenant-demo-${tenant.id}`,
        // Named as the navigation names it for the tenant's identity provider; the page plays both.
        label: `${tenant.name}: ${providerWords[providerOf(tenant) ?? 'okta'].demo}`,
        description: 'Okta and Entra simulators, and Provision on demand',
        keywords: [tenant.slug, 'okta', 'entra', 'azure', 'microsoft', 'demo', 'simulator', 'on demand'],
        leftSection: <IconRobot {...iconProps} />,
        onClick: () => navigate(paths.tenantDemo(tenant.slug))
      },
      {
        id: `tenant-conformance-${tenant.id}`,
        label: `${tenant.name}: Conformance self-test`,
        description: "Okta's SPEC test, or Entra's SCIM checks",
        keywords: [tenant.slug, 'conformance', 'self-test', 'spec', 'validator', 'checks', 'okta', 'entra'],
        leftSection: <IconChecklist {...iconProps} />,
        onClick: () => navigate(paths.tenantDemo(tenant.slug, { tab: 'conformance' }))
      },
      {
        id: `tenant-faults-${tenant.id}`,
        label: `${tenant.name}: Faults`,
        description: 'Fault injection for training',
        keywords: [tenant.slug, 'faults', 'throttle', 'latency', 'training'],
        leftSection: <IconBolt {...iconProps} />,
        onClick: () => navigate(paths.tenantFaults(tenant.slug))
      }
    ])
    // Any text typed can be looked for in the log: a request's user, path or error.
    const text = query.trim()
    const logSearch: SpotlightActionData[] = text
      ? [
          {
            id: 'log-search',
            label: `Requests matching “${text}”`,
            description: 'Search the provisioning log by user, path or error',
            keywords: text.toLowerCase().split(/\s+/),
            leftSection: <IconListSearch {...iconProps} />,
            onClick: () => navigate(logsHref({ search: text }))
          }
        ]
      : []
    return [
      { group: 'Go to', actions: pages },
      ...(tenantActions.length > 0 ? [{ group: 'Tenants', actions: tenantActions }] : []),
      ...found,
      ...(logSearch.length > 0 ? [{ group: 'Provisioning log', actions: logSearch }] : []),
      { group: 'Actions', actions: tasks }
    ]
  }, [navigate, setColorScheme, tenants.data, found, query])

  return (
    <Spotlight
      actions={actions}
      filter={matchAllWords}
      store={paletteStore}
      query={query}
      onQueryChange={(next) => {
        chosenByArrows.current = false
        setQuery(next)
      }}
      // Emptied once the closing palette has faded out, unless it was opened again meanwhile: Mantine's own emptying then
      // came after the letters typed straight after Ctrl+K, and threw them away.
      clearQueryOnClose={false}
      transitionProps={{
        onExited: () => {
          if (!paletteStore.getState().opened) setQuery('')
        }
      }}
      shortcut={['mod + K']}
      // From anywhere, as its button says: also while typing in a search box or a filter (Mantine ignores the shortcut
      // in inputs by default), which is where Support's hands are when they want to jump to another tenant.
      tagsToIgnore={[]}
      highlightQuery
      scrollable
      maxHeight={420}
      classNames={{ actionsList: classes.actionsList, actionBody: classes.actionBody, actionLabel: classes.actionLabel, actionDescription: classes.actionDescription }}
      attributes={{ content: { 'aria-label': 'Command palette' } }}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.6} aria-hidden />,
        placeholder: 'Jump to a tenant, user, group or screen…',
        'aria-label': 'Jump to',
        onKeyDown: (event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') chosenByArrows.current = true
        },
        onFocus: (event) => {
          // (Not a flag cleared on blur: a field removed with the closed palette is never blurred.)
          search.current = event.currentTarget
          // After letters caught before the focus came, the caret goes after them, where the next letter belongs.
          if (caught.current) {
            const end = event.currentTarget.value.length
            event.currentTarget.setSelectionRange(end, end)
          }
          caught.current = false
        }
      }}
    />
  )
}
