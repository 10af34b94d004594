import { describe, expect, it } from 'vitest'
import { buildWindowOptions } from './window-options'

const input = {
  preloadPath: '/app/out/preload/index.cjs',
  state: { x: 10, y: 20, width: 1200, height: 700, maximized: false },
  devTools: false,
}

describe('buildWindowOptions', () => {
  it('carries every security setting of the renderer', () => {
    const { webPreferences } = buildWindowOptions(input)
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    })
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures')
    expect(webPreferences).not.toHaveProperty('additionalArguments')
  })

  it('allows DevTools only when asked to (development)', () => {
    expect(buildWindowOptions(input).webPreferences?.devTools).toBe(false)
    expect(buildWindowOptions({ ...input, devTools: true }).webPreferences?.devTools).toBe(true)
  })

  it('uses the remembered bounds, and centres when there is no position', () => {
    expect(buildWindowOptions(input)).toMatchObject({ x: 10, y: 20, width: 1200, height: 700, show: false })
    const centred = buildWindowOptions({ ...input, state: { width: 1000, height: 650, maximized: false } })
    expect(centred).toMatchObject({ center: true, width: 1000, height: 650 })
    expect(centred).not.toHaveProperty('x')
  })
})
