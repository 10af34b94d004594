/**
 * The browser-mode production build, served from loopback and opened in Chromium, for benchmarks that measure
 * the app as a user runs it. Built into a temp folder with CASELOAD_SERVER_URL set, so its CSP allows that server.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, relative, resolve } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { chromiumLaunchOptions } from '../support/chromium'

const mime: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
}

export interface AppInChromium {
  /** where the app is served */
  url: string
  /** the build's folder (benchmarks that weigh its files) */
  outDir: string
  browser: Browser
  close(): Promise<void>
}

export async function openAppInChromium(serverUrl: string): Promise<AppInChromium> {
  const outDir = mkdtempSync(join(tmpdir(), 'caseload-bench-app-'))
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'vite.web.config.ts', '--outDir', outDir, '--emptyOutDir'],
    {
      stdio: 'ignore',
      env: { ...process.env, CASELOAD_SERVER_URL: serverUrl },
    },
  )
  // any file of the build; index.html for everything else (the app routes on the client)
  const server = createServer((req, res) => {
    const wanted = resolve(outDir, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`)
    let file = relative(outDir, wanted).startsWith('..') ? join(outDir, 'index.html') : wanted
    try {
      if (!statSync(file).isFile()) file = join(outDir, 'index.html')
    } catch {
      file = join(outDir, 'index.html')
    }
    res.writeHead(200, { 'content-type': mime[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the app server has no port')
  const browser = await chromium.launch(chromiumLaunchOptions)
  return {
    url: `http://127.0.0.1:${address.port}`,
    outDir,
    browser,
    async close() {
      await browser.close()
      server.close()
      rmSync(outDir, { recursive: true, force: true })
    },
  }
}
