import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium where it is installed (CI and this project's machines); never a downloaded browser.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path))
const webPort = Number(process.env.CASELOAD_E2E_WEB_PORT || 5180)

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${webPort}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // The production build served with its real CSP header: what the e2e tests see is what users get.
    command: 'npm run web',
    url: `http://127.0.0.1:${webPort}`,
    // No server listens on this port: the shell tests see the app as a user without a reachable server does.
    env: { CASELOAD_WEB_PORT: String(webPort), CASELOAD_SERVER_URL: 'http://127.0.0.1:4879' },
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
