import { Menu, type MenuItemConstructorOptions } from 'electron'

/** What the application menu's own items do. */
export interface MenuActions {
  readonly isDev: boolean
  readonly about: () => void
  readonly navigate: (route: string) => void
  readonly openDataFolder: () => void
}

/**
 * The application menu: the platform's standard roles and shortcuts (Edit, View, Window), a Go menu for the four
 * screens, and About. Reload and the developer tools exist only in development, where they help and cannot confuse a
 * CSM mid-demo. Cmd/Ctrl+K belongs to the renderer's command palette, so no menu item takes it.
 */
export function installApplicationMenu(actions: MenuActions): void {
  const isMac = process.platform === 'darwin'
  const about: MenuItemConstructorOptions = { label: 'About SCIM Console', click: actions.about }
  const go = (label: string, route: string, accelerator: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => actions.navigate(route)
  })
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: 'SCIM Console',
            submenu: [
              about,
              { type: 'separator' },
              { label: 'Settings…', accelerator: 'Cmd+,', click: () => actions.navigate('#/settings') },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' }
            ]
          } satisfies MenuItemConstructorOptions
        ]
      : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Data Folder', click: actions.openDataFolder },
        ...(isMac ? [] : [{ type: 'separator' } as const, { label: 'Settings', accelerator: 'Ctrl+,', click: () => actions.navigate('#/settings') }]),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(actions.isDev ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    {
      label: '&Go',
      submenu: [
        go('Tenants', '#/tenants', 'CmdOrCtrl+1'),
        go('Provisioning Log', '#/logs', 'CmdOrCtrl+2'),
        go('Failed Requests', '#/logs?outcome=failed', 'CmdOrCtrl+Shift+2'),
        go('Server', '#/server', 'CmdOrCtrl+3'),
        go('Settings', '#/settings', 'CmdOrCtrl+4')
      ]
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: isMac ? [] : [about] }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
