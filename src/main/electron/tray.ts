import { join } from 'node:path'
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron'
import type { ServerStatus } from '../../shared/models'
import { trayState, trayStatusLine, type FailureWatch, type TrayState } from '../core/failure-alerts'

/** What the tray shows and what its items do; app.ts wires it. */
export interface TrayActions {
  readonly status: () => ServerStatus
  readonly failures: FailureWatch
  readonly start: () => void
  readonly stop: () => void
  readonly open: () => void
  readonly navigate: (route: string) => void
  readonly quit: () => void
}

const stateLabel: Record<TrayState, string> = { running: 'running', stopped: 'stopped', failing: 'failing' }

/**
 * The tray (menu-bar) icon: a green, grey or red dot for running, stopped or failing, and a menu with the status,
 * Start/Stop, the window, the latest failures and Quit. Answers `refresh` (call it on status or failure changes) and
 * `destroy`.
 */
export function createTray(resourcesDir: string, actions: TrayActions): { refresh(): void; destroy(): void } {
  const icons = new Map<TrayState, Electron.NativeImage>()
  function icon(state: TrayState): Electron.NativeImage {
    const cached = icons.get(state)
    if (cached) return cached
    // Linux trays scale the image themselves and ignore @2x names, so they get the 32 px one.
    const file = join(resourcesDir, 'tray', process.platform === 'linux' ? `${state}@2x.png` : `${state}.png`)
    const image = nativeImage.createFromPath(file)
    icons.set(state, image)
    return image
  }

  const tray = new Tray(icon('stopped'))
  tray.on('click', () => {
    // On Windows and Linux a click on the icon is the quickest way back to the window; macOS opens the menu instead.
    if (process.platform !== 'darwin') actions.open()
  })

  function refresh(): void {
    if (tray.isDestroyed()) return
    const status = actions.status()
    const failing = actions.failures.failingTenants().length
    const state = trayState(status, failing)
    const line = trayStatusLine(status, failing)
    tray.setImage(icon(state))
    tray.setToolTip(`SCIM Console: ${line}`)
    const latest = actions.failures.recent().slice(0, 5)
    const running = status.state === 'running' || status.state === 'starting'
    const template: MenuItemConstructorOptions[] = [
      { label: line, enabled: false, sublabel: `Server ${stateLabel[state]}` },
      { type: 'separator' },
      running ? { label: 'Stop Server', click: actions.stop } : { label: 'Start Server', click: actions.start },
      { label: 'Open SCIM Console', click: actions.open },
      { type: 'separator' },
      ...(latest.length === 0
        ? [{ label: 'No recent failures', enabled: false } satisfies MenuItemConstructorOptions]
        : [
            { label: 'Latest Failures', enabled: false } satisfies MenuItemConstructorOptions,
            ...latest.map(
              (failure): MenuItemConstructorOptions => ({
                label: `${failure.tenantName}: ${failure.status} ${failure.operation}`.slice(0, 70),
                toolTip: failure.detail ?? undefined,
                click: () => {
                  actions.open()
                  actions.navigate(failure.route)
                }
              })
            )
          ]),
      { type: 'separator' },
      { label: 'Quit SCIM Console', click: actions.quit }
    ]
    tray.setContextMenu(Menu.buildFromTemplate(template))
  }

  refresh()
  return {
    refresh,
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy()
    }
  }
}
