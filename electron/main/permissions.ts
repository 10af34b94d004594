/**
 * Web permissions (camera, microphone, geolocation, notifications, clipboard-read, HID, USB, serial…)
 * are denied: the renderer needs none of them, and what it does need from the OS (notifications,
 * links, credentials) goes through the DesktopApi, where main checks it.
 */
import type { Session } from 'electron'

export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>

export function denyAllPermissions(
  session: PermissionSession,
  onDenied: (permission: string, origin: string) => void = () => undefined,
): void {
  session.setPermissionRequestHandler((webContents, permission, callback) => {
    onDenied(permission, webContents.getURL())
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
