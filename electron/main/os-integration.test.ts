import type { NativeImage } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { badgeDotBitmap, setBadgeCount, showNotification, type NotificationClass } from './os-integration'

describe('showNotification', () => {
  it('shows a native notification with the title and body', () => {
    const show = vi.fn()
    const created: unknown[] = []
    const Notification = class {
      static isSupported = () => true
      constructor(options: unknown) {
        created.push(options)
      }
      show = show
    } as unknown as NotificationClass
    showNotification(Notification, { title: 'SLA due', body: 'Incident 42' })
    expect(created).toEqual([{ title: 'SLA due', body: 'Incident 42' }])
    expect(show).toHaveBeenCalled()
  })

  it('does nothing where notifications are not supported', () => {
    const Notification = class {
      static isSupported = () => false
      constructor() {
        throw new Error('must not be created')
      }
    } as unknown as NotificationClass
    expect(() => showNotification(Notification, { title: 'x', body: 'y' })).not.toThrow()
  })
})

describe('setBadgeCount', () => {
  const image = {} as NativeImage
  it('uses the dock/launcher badge on macOS and Linux', () => {
    const app = { setBadgeCount: vi.fn(() => true) }
    setBadgeCount({ app, window: null, platform: 'darwin', overlayImage: () => image }, 3)
    setBadgeCount({ app, window: null, platform: 'linux', overlayImage: () => image }, 0)
    expect(app.setBadgeCount.mock.calls).toEqual([[3], [0]])
  })

  it('uses a taskbar overlay on Windows, and clears it at 0', () => {
    const app = { setBadgeCount: vi.fn(() => true) }
    const window = { setOverlayIcon: vi.fn(), isDestroyed: () => false }
    setBadgeCount({ app, window, platform: 'win32', overlayImage: () => image }, 5)
    setBadgeCount({ app, window, platform: 'win32', overlayImage: () => image }, 0)
    expect(window.setOverlayIcon.mock.calls).toEqual([
      [image, '5 need attention'],
      [null, ''],
    ])
    expect(app.setBadgeCount).not.toHaveBeenCalled()
  })

  it('draws a 16×16 BGRA dot, opaque in the middle and clear in the corners', () => {
    const bitmap = badgeDotBitmap()
    expect(bitmap.length).toBe(16 * 16 * 4)
    expect(bitmap[(8 * 16 + 8) * 4 + 3]).toBe(255)
    expect(bitmap[3]).toBe(0)
  })
})
