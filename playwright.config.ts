import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import { apiPort, e2eDemoPassword, e2eServerUrl } from './test/e2e/env'
import { chromiumLaunchOptions } from './test/support/chromium'

const webPort = Number(process.env.CASELOAD_E2E_WEB_PORT || 5180)
/** a second run on other ports (CASELOAD_E2E_API_PORT) gets its own build and results, so two can run at once */
const runTag = apiPort === 4890 ? '' : `-${apiPort}`
/** the real server, on a fresh SQLite file in a temp dir each run, with the demo organisation */
const apiDir = join(tmpdir(), `caseload-e2e-${apiPort}`)

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: `test-results/e2e${runTag}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: `test-results/e2e-report${runTag}.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${webPort}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: `rm -rf '${apiDir}' && npx tsx --tsconfig tsconfig.server.json server/src/cli/main.ts serve --demo-if-empty --data-dir '${apiDir}' --port ${apiPort}`,
      url: `${e2eServerUrl}/v1/health`,
      // attachments over 2 MB are refused by this server (the app's own limit stays 25 MB): attachments.spec.ts
      // shows both refusals
      env: { CASELOAD_DEMO_PASSWORD: e2eDemoPassword, CASELOAD_ATTACHMENT_LIMIT_MB: '2' },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      // The production build served with its real CSP header: what the e2e tests see is what users get.
      command: 'npm run web',
      url: `http://127.0.0.1:${webPort}`,
      env: {
        CASELOAD_WEB_PORT: String(webPort),
        CASELOAD_SERVER_URL: e2eServerUrl,
        CASELOAD_WEB_OUT_DIR: `out/web${runTag}`,
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
})
