/**
 * Issue 5, end to end in Chromium against the real server: with the server blocked, open a new incident and log
 * time on it, reload (the work survives in IndexedDB), unblock, and both reach the server (its own HTTP view) and
 * a second browser context signed in as the same engineer. Each fresh sign-in shows the bootstrap progress bar.
 */
import { randomUUID } from 'node:crypto'
import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { e2eServerUrl } from './env'
import { serverRows, signIn, submitIncident } from './support'

interface ProgressSample {
  value: string | null
  max: string | null
  records: string
}

/**
 * Records every state of the status bar's bootstrap progress bar (progress[aria-label="Downloading your data"])
 * from the first script of every document: a small demo bootstrap can come and go between two polls of a test.
 * Kept in sessionStorage so that a reload during sign-in does not lose what was seen.
 */
async function recordBootstrapProgress(context: BrowserContext): Promise<void> {
  // tsx compiles this file with keepNames: functions handed to the page call its __name helper
  await context.addInitScript('globalThis.__name = (f) => f')
  await context.addInitScript(() => {
    const key = 'e2e.bootstrapProgress'
    let last = ''
    const observer = new MutationObserver(() => {
      const bar = document.querySelector('progress[aria-label="Downloading your data"]')
      if (!bar) return
      const sample = {
        value: bar.getAttribute('value'),
        max: bar.getAttribute('max'),
        records: bar.nextElementSibling?.textContent ?? '',
      }
      const text = JSON.stringify(sample)
      if (text === last) return
      last = text
      const seen = JSON.parse(sessionStorage.getItem(key) ?? '[]') as unknown[]
      seen.push(sample)
      sessionStorage.setItem(key, JSON.stringify(seen))
    })
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true })
  })
}

async function bootstrapProgressSeen(page: Page): Promise<ProgressSample[]> {
  return page.evaluate(
    () => JSON.parse(sessionStorage.getItem('e2e.bootstrapProgress') ?? '[]') as ProgressSample[],
  )
}

function expectBootstrapShown(samples: ProgressSample[]): void {
  test.info().annotations.push({ type: 'bootstrap progress', description: JSON.stringify(samples) })
  // the bar was on screen, with a maximum and a value, and said how many records had arrived
  expect(samples.length, 'the bootstrap progress bar never appeared').toBeGreaterThan(0)
  for (const s of samples) {
    expect(Number(s.max)).toBeGreaterThan(0)
    expect(Number(s.value)).toBeGreaterThanOrEqual(0)
    expect(Number(s.value)).toBeLessThanOrEqual(Number(s.max))
    expect(s.records).toMatch(/^[\d,]+ records$/)
  }
}

test('offline: open an incident and log time, reload, come back online; the server and a second browser agree; bootstrap shows progress', async ({
  page,
  browser,
  request,
}) => {
  await recordBootstrapProgress(page.context())
  await signIn(page)
  expectBootstrapShown(await bootstrapProgressSeen(page))
  // and once the first sync is done, it is gone
  await expect(page.getByRole('progressbar', { name: 'Downloading your data' })).toHaveCount(0)

  // the server can't be reached (the page itself still loads from its own origin: not context.setOffline, which
  // would make the reload fail in browser mode; the desktop app reloads offline from app://)
  await page.route(`${e2eServerUrl}/**`, (route) => route.abort('internetdisconnected'))

  const subject = `Offline on the train ${randomUUID()}`
  await page.keyboard.press('c')
  await expect(page.getByRole('heading', { name: 'New incident' })).toBeVisible()
  await page.getByLabel('Customer').selectOption({ label: 'Acme Mail' })
  await page.getByLabel('License').selectOption({ index: 1 })
  await page.getByLabel('Contact').selectOption({ index: 1 })
  await page.getByLabel('Subject').fill(subject)
  await expect(page.getByTestId('entitlement-decision')).toContainText(/Covered|Over allowance|Billable|Not/)
  await submitIncident(page, subject)
  const incidentUrl = page.url()

  const minutes = 37
  const log = page.getByRole('form', { name: 'Log time' })
  await log.getByLabel('Minutes').fill(String(minutes))
  await log.getByRole('button', { name: /^Log/ }).click()
  const entries = page.getByTestId('time-entry')
  await expect(entries).toHaveCount(1)
  await expect(entries.first()).toContainText('0 h 37')
  await expect(entries.first()).toContainText('Waiting to be sent')
  await expect(page.getByTestId('pending-count')).toHaveText('2 changes waiting to be sent')

  // a reload while blocked: both writes are still here, still waiting
  await page.reload()
  await expect(page.getByTestId('connection-state')).toHaveText(/Offline|Server unreachable/)
  expect(page.url()).toBe(incidentUrl)
  await expect(page.locator('#incident-title')).toHaveText(subject)
  await expect(entries).toHaveCount(1)
  await expect(entries.first()).toContainText('Waiting to be sent')
  await expect(page.getByTestId('pending-count')).toHaveText('2 changes waiting to be sent')

  await page.unroute(`${e2eServerUrl}/**`)
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
  await expect(entries.first()).toContainText('Synced', { timeout: 20_000 })

  // the server's own view, through its API
  const rows = await serverRows(request, ['incidents', 'timeEntries'])
  const incident = rows.get('incidents')?.find((r) => r.subject === subject)
  expect(incident, 'the incident is not on the server').toBeDefined()
  const logged = rows.get('timeEntries')?.filter((r) => r.incidentId === incident?.id) ?? []
  expect(logged.map((r) => r.minutes)).toEqual([minutes])

  // a second browser, signed in as the same engineer from scratch: it bootstraps (with progress) and has both
  const second = await browser.newContext({ baseURL: test.info().project.use.baseURL })
  try {
    await recordBootstrapProgress(second)
    const other = await second.newPage()
    await signIn(other)
    expectBootstrapShown(await bootstrapProgressSeen(other))
    await expect(other.getByRole('progressbar', { name: 'Downloading your data' })).toHaveCount(0)
    await other.goto(incidentUrl)
    await expect(other.locator('#incident-title')).toHaveText(subject)
    const otherEntries = other.getByTestId('time-entry')
    await expect(otherEntries).toHaveCount(1)
    await expect(otherEntries.first()).toContainText('0 h 37')
    await expect(otherEntries.first()).toContainText('Synced')
  } finally {
    await second.close()
  }
})
