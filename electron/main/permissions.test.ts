import { describe, expect, it, vi } from 'vitest'
import { denyAllPermissions, type PermissionSession } from './permissions'

describe('denyAllPermissions', () => {
  it('denies every permission request, check and device', () => {
    let request: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined
    let check: ((...args: unknown[]) => boolean) | undefined
    let device: ((...args: unknown[]) => boolean) | undefined
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
      setDevicePermissionHandler: (handler: typeof device) => (device = handler),
    } as unknown as PermissionSession
    const onDenied = vi.fn()
    denyAllPermissions(session, onDenied)

    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
    ]) {
      const callback = vi.fn()
      request?.({ getURL: () => 'app://caseload/index.html' }, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(onDenied).toHaveBeenCalledWith('media', 'app://caseload/index.html')
    expect(check?.(null, 'clipboard-read', 'app://caseload', {})).toBe(false)
    expect(device?.({ deviceType: 'usb' })).toBe(false)
  })
})
