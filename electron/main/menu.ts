/**
 * The application menu: the standard roles only (so copy/paste, undo, zoom, full screen and window
 * management work as on every other app), with the developer items only in development.
 */
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  isMac: boolean
  isDev: boolean
  appName: string
}

export function buildMenuTemplate({ isMac, isDev, appName }: MenuOptions): MenuItemConstructorOptions[] {
  const developer: MenuItemConstructorOptions[] = isDev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : []
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ label: appName, role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...developer,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ]
  return template
}
