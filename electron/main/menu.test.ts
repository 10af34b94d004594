import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { buildMenuTemplate } from './menu'

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ])
}

describe('buildMenuTemplate', () => {
  it('uses the standard roles', () => {
    const all = roles(buildMenuTemplate({ isMac: false, isDev: false, appName: 'Caseload' }))
    expect(all).toEqual(
      expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu', 'togglefullscreen', 'zoomIn']),
    )
    expect(all).not.toContain('appMenu')
    expect(roles(buildMenuTemplate({ isMac: true, isDev: false, appName: 'Caseload' }))).toContain('appMenu')
  })

  it('offers DevTools and reload only in development', () => {
    const production = roles(buildMenuTemplate({ isMac: true, isDev: false, appName: 'Caseload' }))
    expect(production).not.toContain('toggleDevTools')
    expect(production).not.toContain('reload')
    expect(production).not.toContain('forceReload')
    expect(roles(buildMenuTemplate({ isMac: false, isDev: true, appName: 'Caseload' }))).toContain(
      'toggleDevTools',
    )
  })
})
