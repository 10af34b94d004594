/**
 * Remembers the window's position and size in userData/window-state.json. What is read back is
 * untrusted (hand-edited, from another machine, from a monitor that is gone): it is validated, and a
 * window that would not be visible on any current display is moved onto the primary one.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Rectangle } from 'electron'

export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const defaultWindowSize = { width: 1280, height: 800 }
export const minimumWindowSize = { width: 800, height: 560 }
const maximumCoordinate = 100_000

const isWhole = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= maximumCoordinate

/** The saved state if it is well-formed, else null. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null
  const { x, y, width, height, maximized } = raw as Record<string, unknown>
  if (!isWhole(width) || !isWhole(height) || width <= 0 || height <= 0) return null
  if (typeof maximized !== 'boolean') return null
  const hasPosition = x !== undefined || y !== undefined
  if (hasPosition && (!isWhole(x) || !isWhole(y))) return null
  return hasPosition
    ? { x: x as number, y: y as number, width, height, maximized }
    : { width, height, maximized }
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}

/**
 * Fits a state to the current displays' work areas (primary first): the size is clamped to the
 * display it is on, and a window showing less than a usable part on any display is centred on the primary.
 */
export function fitToDisplays(state: WindowState | null, workAreas: readonly Rectangle[]): WindowState {
  const primary = workAreas[0]
  const wanted = state ?? { ...defaultWindowSize, maximized: false }
  if (!primary) return { width: wanted.width, height: wanted.height, maximized: wanted.maximized }

  const clampSize = (area: Rectangle) => ({
    width: Math.max(Math.min(wanted.width, area.width), Math.min(minimumWindowSize.width, area.width)),
    height: Math.max(Math.min(wanted.height, area.height), Math.min(minimumWindowSize.height, area.height)),
  })

  if (wanted.x !== undefined && wanted.y !== undefined) {
    const bounds = { x: wanted.x, y: wanted.y, width: wanted.width, height: wanted.height }
    let best: Rectangle | undefined
    let bestOverlap = 0
    for (const area of workAreas) {
      const shared = overlap(bounds, area)
      if (shared > bestOverlap) {
        best = area
        bestOverlap = shared
      }
    }
    // visible enough: at least a 100x50 part (a title bar to grab) is on a display
    if (best && bestOverlap >= 100 * 50) {
      const size = clampSize(best)
      const x = Math.min(Math.max(wanted.x, best.x), best.x + best.width - size.width)
      const y = Math.min(Math.max(wanted.y, best.y), best.y + best.height - size.height)
      return { x, y, ...size, maximized: wanted.maximized }
    }
  }
  const size = clampSize(primary)
  return {
    x: Math.round(primary.x + (primary.width - size.width) / 2),
    y: Math.round(primary.y + (primary.height - size.height) / 2),
    ...size,
    maximized: wanted.maximized,
  }
}

/** Reads the saved state; a missing, unreadable or malformed file gives null (never throws). */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    return parseWindowState(JSON.parse(await readFile(file, 'utf8')))
  } catch {
    return null
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  const valid = parseWindowState(state)
  if (!valid) return
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(valid)}\n`)
  await rename(temporary, file)
}

/** The same, synchronously: used when the window closes, so the write is done before the app quits. */
export function saveWindowStateSync(file: string, state: WindowState): void {
  const valid = parseWindowState(state)
  if (!valid) return
  mkdirSync(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(valid)}\n`)
  renameSync(temporary, file)
}

/** The subset of BrowserWindow that tracking needs. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown
  getNormalBounds(): Rectangle
  isMaximized(): boolean
  isDestroyed(): boolean
}

/** Saves the bounds shortly after every move/resize and when the window closes. */
export function trackWindowState(
  window: TrackedWindow,
  file: string,
  onError: (error: unknown) => void = () => undefined,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const current = (): WindowState | null => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (window.isDestroyed()) return null
    return { ...window.getNormalBounds(), maximized: window.isMaximized() }
  }
  const later = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      const state = current()
      if (state) saveWindowState(file, state).catch(onError)
    }, 500)
  }
  window.on('resize', later)
  window.on('move', later)
  window.on('close', () => {
    const state = current()
    try {
      if (state) saveWindowStateSync(file, state)
    } catch (error) {
      onError(error)
    }
  })
}
