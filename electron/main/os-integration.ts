/**
 * Native notifications and the dock/taskbar badge. On macOS and Linux (Unity launchers) the badge is
 * app.setBadgeCount; Windows has no badge count, so a small red overlay dot on the taskbar button
 * stands in for it (with the count in its accessible description).
 */
import type { App, BrowserWindow, NativeImage, Notification as ElectronNotification } from 'electron'
import type { NotificationRequest } from '@shared/desktop/contract'

export interface NotificationClass {
  new (options: { title: string; body: string; silent?: boolean }): Pick<ElectronNotification, 'show'>
  isSupported(): boolean
}

export function showNotification(Notification: NotificationClass, request: NotificationRequest): void {
  if (!Notification.isSupported()) return
  new Notification({ title: request.title, body: request.body }).show()
}

/** A 16×16 red dot as a BGRA bitmap, for nativeImage.createFromBitmap. */
export function badgeDotBitmap(size = 16): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  const centre = size / 2
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre)
      const alpha = Math.min(Math.max(centre - 0.5 - distance + 0.5, 0), 1)
      const i = (y * size + x) * 4
      // premultiplied BGRA: #d93025
      pixels[i] = Math.round(0x25 * alpha)
      pixels[i + 1] = Math.round(0x30 * alpha)
      pixels[i + 2] = Math.round(0xd9 * alpha)
      pixels[i + 3] = Math.round(255 * alpha)
    }
  }
  return pixels
}

export interface BadgeTarget {
  app: Pick<App, 'setBadgeCount'>
  window: Pick<BrowserWindow, 'setOverlayIcon' | 'isDestroyed'> | null
  platform: NodeJS.Platform
  /** builds the overlay image (Windows only); injected so tests need no nativeImage */
  overlayImage: () => NativeImage
}

export function setBadgeCount(target: BadgeTarget, count: number): void {
  if (target.platform === 'win32') {
    if (!target.window || target.window.isDestroyed()) return
    if (count > 0) target.window.setOverlayIcon(target.overlayImage(), `${count} need attention`)
    else target.window.setOverlayIcon(null, '')
    return
  }
  target.app.setBadgeCount(count)
}
