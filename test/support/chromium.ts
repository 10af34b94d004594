/**
 * Debian's Chromium and the flags this machine needs (no sandbox as root, no GPU, no calls home): one list for
 * Playwright's tests and for the benchmarks that drive the app in a browser. Never a downloaded browser.
 */
import { existsSync } from 'node:fs'

export const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
)

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export const chromiumLaunchOptions = { executablePath: systemChromium, args: chromiumArgs }
