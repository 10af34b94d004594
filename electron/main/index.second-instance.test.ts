/** A second copy of Caseload hands over to the first one and quits: it opens no window and no database. */
import { expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  app: {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => false),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => new Promise(() => undefined)),
    on: vi.fn(),
    quit: vi.fn(),
  },
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  BrowserWindow: vi.fn(),
}))
vi.mock('electron', () => electron)

it('quits at once when another instance holds the lock', async () => {
  await import('./index')
  expect(electron.app.quit).toHaveBeenCalled()
  expect(electron.app.whenReady).not.toHaveBeenCalled()
  expect(electron.app.on).not.toHaveBeenCalled()
  expect(electron.BrowserWindow).not.toHaveBeenCalled()
})
