/**
 * Issue 13, Reports, end to end against the real server: a customer with a support pack and time logged on a
 * billable and a non-billable incident; the Reports screen opened from the command palette; its statement's
 * lines and totals; Export CSV (the same figures); the PDF of the print view (browser mode prints with the print
 * stylesheet: Chromium's page.pdf), read back with pdftotext and compared with the screen; the SLA and workload
 * tabs with their charts and tables; screenshots light and dark.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { createCustomer, shot, signIn } from './support'

const stamp = Date.now().toString(36)
const customer = `Statement ${stamp}`

async function logTime(page: Page, minutes: number, count: number): Promise<void> {
  const log = page.getByRole('form', { name: 'Log time' })
  await log.getByLabel('Minutes').fill(String(minutes))
  await log.getByRole('button', { name: /^Log/ }).click()
  await expect(page.getByTestId('time-entry')).toHaveCount(count)
}

async function newIncident(page: Page, subject: string, category: string): Promise<void> {
  await page.getByRole('link', { name: /New incident/ }).click()
  await page.getByLabel('Customer').selectOption({ label: customer })
  await page.getByLabel('Category').selectOption(category)
  await page.getByLabel('Subject').fill(subject)
  await expect(page.getByTestId('entitlement-decision')).toBeVisible()
  await page.getByRole('button', { name: 'Open incident' }).click()
  await expect(page.locator('#incident-title')).toHaveText(subject)
}

test('a statement: its lines and totals, the CSV, and a PDF that says what the screen says (R-PM-5)', async ({
  page,
}) => {
  // window.print() opens a dialog a headless run can't answer: count the calls instead
  await page.addInitScript(() => {
    const w = window as unknown as { __prints: number; print: () => void }
    w.__prints = 0
    w.print = () => {
      w.__prints += 1
    }
  })
  await signIn(page)
  await createCustomer(page, customer)
  const buySub = page.getByRole('form', { name: 'Buy a subscription' })
  await buySub.getByLabel('Plan').selectOption({ label: 'PerfectMail support' })
  await buySub.getByRole('button', { name: 'Buy subscription' }).click()
  const contact = page.getByRole('form', { name: 'Add contact' })
  await contact.getByLabel('Name', { exact: true }).fill('Kemi Larsen')
  await contact.getByLabel('Email').fill(`kemi.${stamp}@example.com`)
  await contact.getByRole('button', { name: 'Add contact' }).click()
  const buy = page.getByRole('form', { name: 'Buy a support pack' })
  await buy.getByLabel('Pack size').selectOption({ label: '10 hours' })
  await buy.getByRole('button', { name: 'Buy pack' }).click()
  await expect(page.getByTestId('pack-total')).toContainText('10 h 00 left of 10 h 00 bought')

  // billable (delegated administration, R-PM-2): 45 + 30 minutes; a bug report is not (R-PM-1): 20 minutes
  await newIncident(page, `Delegated admin ${stamp}`, 'delegated-administration')
  await logTime(page, 45, 1)
  await logTime(page, 30, 2)
  await newIncident(page, `Crash report ${stamp}`, 'bug-report')
  await logTime(page, 20, 1)

  // from the keyboard: the command palette
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: 'Type a command' }).fill('reports')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Reports', exact: true })).toBeVisible()
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }),
  ).toHaveAttribute('aria-current', 'page')
  await page.getByLabel('Customer').selectOption({ label: customer })

  const statement = page.getByTestId('statement')
  await expect(statement.getByRole('heading', { name: `Statement for ${customer}` })).toBeVisible()
  await expect(page.getByTestId('statement-period')).toContainText('(days in UTC)')
  const lines = page.getByTestId('statement-line')
  await expect(lines).toHaveCount(3)
  await expect(lines.filter({ hasText: `Delegated admin ${stamp}` })).toHaveCount(2)
  await expect(lines.filter({ hasText: 'Billable (R-PM-2)' })).toHaveCount(2)
  await expect(lines.filter({ hasText: `Crash report ${stamp}` })).toContainText('Not billable (R-PM-1)')
  await expect(lines.filter({ hasText: `Crash report ${stamp}` })).toContainText('0:20')
  // the pack was bought in the period: before 0:00, bought 10:00, drawn 1:15, after 8:45
  await expect(page.getByTestId('statement-before')).toHaveText('0:00')
  await expect(page.getByTestId('statement-bought')).toHaveText('10:00')
  await expect(page.getByTestId('statement-drawn')).toHaveText('1:15')
  await expect(page.getByTestId('statement-after')).toHaveText('8:45')
  await expect(page.getByTestId('statement-logged')).toContainText(
    'Time logged 1:35: billable 1:15, not billable 0:20',
  )
  await expect(page.getByTestId('statement-pack')).toContainText('10-hour pack')
  await expect(page.getByRole('img', { name: /Hours left in each support pack/ })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Hours left per pack and day' })).toBeVisible()

  // CSV: every line, the pack and the total, in minutes
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).first().click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^statement-.*\.csv$/)
  const csv = readFileSync((await download.path())!, 'utf8')
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n')
  expect(csv.filter((r) => r.startsWith('entry,'))).toHaveLength(3)
  expect(csv.at(-1)).toBe('total,,,,Total,,95,,R-PM-5,,,0,600,75,525')

  // Export PDF in browser mode: the browser's print, with the print stylesheet
  await page.getByRole('button', { name: 'Export PDF' }).click()
  await expect.poll(() => page.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1)
  const screenText = {
    period: (await page.getByTestId('statement-period').textContent())!,
    after: (await page.getByTestId('statement-after').textContent())!,
  }
  await page.emulateMedia({ media: 'print' })
  const pdfPath = test.info().outputPath('statement.pdf')
  await page.pdf({ path: pdfPath, format: 'A4', preferCSSPageSize: true })
  await page.emulateMedia({ media: 'screen' })
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
  expect(text).toContain(`Statement for ${customer}`)
  expect(text).toContain(screenText.period)
  expect(text).toMatch(/Balance before\s+Bought in period\s+Drawn in period\s+Balance after/)
  expect(text).toMatch(/0:00\s+10:00\s+1:15\s+8:45/)
  expect(text).toContain(screenText.after)
  // subjects wrap in their column; the line starts with the words before the wrap
  expect(text).toMatch(/engineer\s+Delegated\s+0:45\s+Billable \(R-PM-2\)/)
  expect(text).toMatch(/engineer\s+Delegated\s+0:30\s+Billable \(R-PM-2\)/)
  expect(text).toMatch(/engineer\s+Crash report\s+0:20\s+Not billable \(R-PM-1\)/)
  // the statement alone: no navigation, no controls, no burn-down
  expect(text).not.toContain('Sync inbox')
  expect(text).not.toContain('Export CSV')
  expect(text).not.toContain('Support-pack burn-down')
  await shot(page, 'reports-statement')
})

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(() => {
    test.use({ colorScheme })
    test(`SLA compliance and workload: charts with their tables, the incidents behind a number (${colorScheme})`, async ({
      page,
    }) => {
      await signIn(page)
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click()
      await page.getByRole('tab', { name: 'SLA compliance' }).click()
      // the demo's incidents were opened over the last 50 days
      const from = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10)
      await page.getByLabel('From').fill(from)
      const table = page.getByRole('table', { name: 'SLA compliance' })
      await expect(table).toBeVisible()
      await expect(
        page.getByRole('img', { name: /First responses met, breached and still open/ }),
      ).toBeVisible()
      const first = page.getByTestId('sla-row').first()
      await expect(first).toBeVisible()
      await first.getByRole('button', { name: /incidents: show the incidents/ }).click()
      const drill = page.getByTestId('report-drill')
      await expect(drill.getByRole('link').first()).toHaveAttribute('href', /#\/incident\//)
      await shot(page, 'reports-sla')
      await page.getByRole('tab', { name: 'Engineer workload' }).click()
      await expect(page.getByRole('table', { name: 'Engineer workload' })).toBeVisible()
      await expect(page.getByRole('img', { name: /Open incidents per engineer/ })).toBeVisible()
      await expect(page.getByTestId('workload-row').first()).toBeVisible()
      await shot(page, 'reports-workload')
    })
  })
}
