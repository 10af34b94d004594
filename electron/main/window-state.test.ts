import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  defaultWindowSize,
  fitToDisplays,
  loadWindowState,
  parseWindowState,
  saveWindowState,
  trackWindowState,
  type TrackedWindow,
} from './window-state'

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const monitorOnTheRight = { x: 1440, y: 0, width: 2560, height: 1415 }

describe('parseWindowState', () => {
  it('accepts a well-formed state', () => {
    expect(parseWindowState({ x: 10, y: -20, width: 1200, height: 700, maximized: true })).toEqual({
      x: 10,
      y: -20,
      width: 1200,
      height: 700,
      maximized: true,
    })
    expect(parseWindowState({ width: 1200, height: 700, maximized: false })).toEqual({
      width: 1200,
      height: 700,
      maximized: false,
    })
  })

  it.each([
    null,
    'garbage',
    42,
    [],
    {},
    { width: '1200', height: 700, maximized: false },
    { width: 1200, height: 700 },
    { width: 0, height: 700, maximized: false },
    { width: -5, height: 700, maximized: false },
    { width: 1200.5, height: 700, maximized: false },
    { width: Number.NaN, height: 700, maximized: false },
    { width: Number.POSITIVE_INFINITY, height: 700, maximized: false },
    { width: 1e12, height: 700, maximized: false },
    { x: 10, width: 1200, height: 700, maximized: false },
    { x: 'left', y: 0, width: 1200, height: 700, maximized: false },
    { x: 0, y: 0, width: 1200, height: 700, maximized: 'yes' },
  ])('rejects garbage %j', (raw) => {
    expect(parseWindowState(raw)).toBeNull()
  })
})

describe('fitToDisplays', () => {
  it('keeps a window that is on a display', () => {
    const state = { x: 1600, y: 100, width: 1400, height: 900, maximized: false }
    expect(fitToDisplays(state, [laptop, monitorOnTheRight])).toEqual(state)
  })

  it('moves a window from a monitor that is gone onto the primary display', () => {
    const fitted = fitToDisplays({ x: 1600, y: 100, width: 1400, height: 900, maximized: false }, [laptop])
    expect(fitted).toEqual({ x: 20, y: 0, width: 1400, height: 875, maximized: false })
  })

  it('pulls a mostly off-screen window back and shrinks it to the display', () => {
    const fitted = fitToDisplays({ x: -200, y: 500, width: 3000, height: 2000, maximized: false }, [laptop])
    expect(fitted).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: false })
  })

  it('centres the default size when there is nothing saved', () => {
    expect(fitToDisplays(null, [monitorOnTheRight])).toEqual({
      x: 1440 + (2560 - defaultWindowSize.width) / 2,
      y: Math.round((1415 - defaultWindowSize.height) / 2),
      ...defaultWindowSize,
      maximized: false,
    })
  })

  it('keeps the maximised flag', () => {
    expect(fitToDisplays({ width: 900, height: 600, maximized: true }, [laptop]).maximized).toBe(true)
  })
})

describe('the window-state file', () => {
  let dir: string
  let file: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'caseload-window-'))
    file = path.join(dir, 'window-state.json')
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('round-trips a state', async () => {
    const state = { x: 5, y: 6, width: 1000, height: 700, maximized: false }
    await saveWindowState(file, state)
    expect(await loadWindowState(file)).toEqual(state)
  })

  it('reads a missing, truncated or hostile file as nothing', async () => {
    expect(await loadWindowState(file)).toBeNull()
    await writeFile(file, '{"x": 1, "y"')
    expect(await loadWindowState(file)).toBeNull()
    await writeFile(
      file,
      JSON.stringify({ width: 1e9, height: 1e9, maximized: false, __proto__: { polluted: 1 } }),
    )
    expect(await loadWindowState(file)).toBeNull()
  })

  it('tracks moves (debounced) and saves on close', async () => {
    vi.useFakeTimers()
    try {
      const listeners = new Map<string, () => void>()
      const window: TrackedWindow = {
        on: (event, listener) => listeners.set(event, listener),
        getNormalBounds: () => ({ x: 1, y: 2, width: 900, height: 600 }),
        isMaximized: () => true,
        isDestroyed: () => false,
      }
      trackWindowState(window, file)
      listeners.get('move')?.()
      listeners.get('resize')?.()
      await vi.advanceTimersByTimeAsync(600)
      vi.useRealTimers()
      await vi.waitFor(async () => {
        expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
          x: 1,
          y: 2,
          width: 900,
          height: 600,
          maximized: true,
        })
      })
    } finally {
      vi.useRealTimers()
    }
  })
})
