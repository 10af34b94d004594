import { expect, test } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { shot, signIn, submitIncident } from './support'

test('sign in, see the queue, and work it by keyboard only', async ({ page }) => {
  await signIn(page)
  await expect(page.getByTestId('connection-state')).toHaveText('Online')
  const rows = page.getByTestId('queue-row')
  await expect(rows.first()).toBeVisible()
  await shot(page, 'queue')

  // j/k move the selection
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]')
  const first = await selected.getAttribute('id')
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  await page.keyboard.press('k')
  const second = await selected.getAttribute('id')
  expect(second).not.toBe(first)
  // Enter opens it
  const subject = await selected.locator('.subject').textContent()
  expect(subject).toMatch(/\w/)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 2, name: subject ?? '' })).toBeVisible()
  // Esc goes back, ? lists the shortcuts
  await page.keyboard.press('Escape')
  await expect(page.getByRole('grid', { name: 'Incident queue' })).toBeVisible()
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await shot(page, 'shortcuts')
  await page.keyboard.press('Escape')
  // / searches (subject, description and comments, offline)
  await page.keyboard.press('/')
  await expect(page.getByLabel('Search incidents')).toBeFocused()
  // the subject of the incident opened above (the demo's subjects are drawn at random)
  await page.keyboard.type(subject ?? '')
  await expect(rows.first()).toContainText(subject ?? '')
  await page.keyboard.press('Escape')
  await page.getByLabel('Search incidents').fill('')
  // the command palette
  await page.keyboard.press('Control+k')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible()
  await page.keyboard.type('unassigned')
  await shot(page, 'palette')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Unassigned' })).toBeVisible()
  // c creates
  await page.keyboard.press('c')
  await expect(page.getByRole('heading', { name: 'New incident' })).toBeVisible()
})

test('every column sorts from its header, and a column filter narrows the rows', async ({ page }) => {
  await signIn(page)
  await page.getByRole('button', { name: 'All incidents', exact: true }).click()
  const rows = page.getByTestId('queue-row')
  await expect(rows.first()).toBeVisible()
  const header = (label: string) =>
    page.getByRole('columnheader').filter({ has: page.getByLabel(`Sort by ${label}`) })
  await page.getByLabel('Sort by Subject').click()
  await expect(header('Subject')).toHaveAttribute('aria-sort', 'ascending')
  await expect(header('Response due')).toHaveAttribute('aria-sort', 'none')
  const subjects = await rows.locator('.subject').allTextContents()
  const lower = subjects.map((s) => s.toLowerCase())
  expect(lower).toEqual([...lower].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  await page.getByLabel('Sort by Subject').click()
  await expect(header('Subject')).toHaveAttribute('aria-sort', 'descending')
  // numbers sort the most severe first
  await page.getByLabel('Sort by Severity').click()
  await expect(header('Severity')).toHaveAttribute('aria-sort', 'descending')
  await page.getByLabel('Filter Severity').selectOption('priority')
  await expect(rows.first()).toBeVisible()
  expect(new Set(await rows.locator('.pill').allTextContents())).toEqual(new Set(['Priority']))
  // assignees read as "You", "Nobody", a name from the directory, or a short id; never a raw UUID
  await page.getByLabel('Filter Severity').selectOption('')
  // the 8th cell: after the selection's checkbox, ID, Subject, Customer, Product, Severity and Status
  const assignees = await rows.locator('[role="gridcell"]:nth-child(8)').allTextContents()
  expect(assignees.length).toBeGreaterThan(0)
  for (const a of assignees) {
    expect(a).toMatch(/^(You|Nobody|[0-9A-F]{6}|[A-Za-z0-9._@-]{1,100})$/)
    expect(a).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/)
  }
})

test.describe('in dark', () => {
  test.use({ colorScheme: 'dark' })

  test('Export CSV writes exactly the rows the queue shows, in its order, with its columns', async ({
    page,
  }) => {
    await signIn(page)
    await page.getByRole('button', { name: 'All incidents', exact: true }).click()
    const rows = page.getByTestId('queue-row')
    await expect(rows.first()).toBeVisible()
    await page.getByLabel('Sort by Subject').click()
    await page.getByLabel('Filter Severity').selectOption('priority')
    await expect(rows.first()).toBeVisible()
    const count = Number(((await page.getByTestId('queue-count').textContent()) ?? '').replace(/\D/g, ''))
    expect(count).toBeGreaterThan(0)
    await shot(page, 'queue-filtered')
    const firstId = await rows.first().locator('code').first().textContent()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^queue-all-\d{4}-\d{2}-\d{2}\.csv$/)
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '')
    const lines = text.split('\r\n').filter((l) => l !== '')
    expect(lines[0]).toBe(
      'ID,Subject,Customer,Product,Plan,Severity,Status,Assignee,Response due,Escalation,Entitlement,Billable',
    )
    expect(lines.length - 1).toBe(count)
    // the first row on screen is the first row of the file, and every row is a priority one
    expect(lines[1]?.split(',')[0]).toBe(firstId)
    for (const line of lines.slice(1)) expect(line).toContain(',Priority,')
  })
})

test('an incident opened in another window shows in this queue without a reload', async ({
  page,
  context,
}) => {
  await signIn(page)
  const rows = page.getByTestId('queue-row')
  await expect(rows.first()).toBeVisible()
  await page.getByRole('button', { name: 'All incidents', exact: true }).click()
  await expect(page.getByTestId('queue-count')).toHaveText(/\d incidents/)
  const before = Number(((await page.getByTestId('queue-count').textContent()) ?? '').replace(/\D/g, ''))
  // the other window writes; this one keeps its queue on screen and must follow
  const other = await context.newPage()
  await signIn(other)
  const subject = `Queue live ${Date.now()}`
  await other.goto('/#/new')
  await expect(other.getByRole('heading', { name: 'New incident' })).toBeVisible()
  await other.getByLabel('Customer').selectOption({ label: 'Acme Mail' })
  await other.getByLabel('License').selectOption({ index: 1 })
  await other.getByLabel('Contact').selectOption({ index: 1 })
  await other.getByLabel('Subject').fill(subject)
  await expect(other.getByTestId('entitlement-decision')).toContainText(/Covered|Over allowance|Billable|Not/)
  await submitIncident(other, subject)
  await expect(page.getByTestId('queue-count')).toHaveText(`${before + 1} incidents`)
  await page.getByLabel('Filter Subject').fill(subject)
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(subject)
  await other.close()
})
