/**
 * The directory end to end: an engineer opens an incident (assigned to themself, the form's default); the
 * admin's queue and incident page name that engineer rather than a short id, and still do after a reload with
 * the server unreachable (the directory is kept in IndexedDB).
 */
import { randomUUID } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { e2eServerUrl } from './env'
import { openIncident, shot, signIn } from './support'

/** the assignee cell of the one queue row whose subject is `subject`, in the All incidents view */
async function assigneeCellOf(page: Page, subject: string) {
  await page.getByRole('button', { name: 'All incidents', exact: true }).click()
  await page.getByLabel('Search incidents').fill(subject)
  const row = page.getByTestId('queue-row').filter({ hasText: subject })
  await expect(row).toHaveCount(1)
  // the selection's checkbox, then ID, Subject, Customer, Product, Severity, Status, Assignee
  return row.locator('[role="gridcell"]:nth-child(8)')
}

test('the admin sees the engineer an incident is assigned to by name, online and after an offline reload', async ({
  page,
  browser,
}) => {
  const subject = `Directory ${randomUUID().slice(0, 8)}`
  // the engineer opens it through the form; "assign to me" is the form's default
  const engineer = await browser.newContext({ baseURL: test.info().project.use.baseURL })
  try {
    const other = await engineer.newPage()
    await signIn(other, 'engineer')
    await openIncident(other, { customer: 'Acme Mail', subject })
    await expect(other.getByTestId('incident-assignee')).toHaveText('You')
    await expect(other.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
  } finally {
    await engineer.close()
  }

  await signIn(page, 'admin')
  const cell = await assigneeCellOf(page, subject)
  await expect(cell).toHaveText('engineer')
  await expect(cell).not.toHaveText(/^[0-9A-F]{6}$/)
  // the assignee filter offers the engineer by name, and narrows to their incidents
  await page.getByLabel('Filter Assignee').selectOption({ label: 'engineer' })
  await expect(page.getByTestId('queue-row').filter({ hasText: subject })).toHaveCount(1)
  await page.getByLabel('Filter Assignee').selectOption('')

  // the incident page names the assignee and who wrote its timeline
  await page.getByTestId('queue-row').filter({ hasText: subject }).dblclick()
  await expect(page.locator('#incident-title')).toHaveText(subject)
  await expect(page.getByTestId('incident-assignee')).toHaveText('engineer')
  await expect(page.getByTestId('event-author').first()).toHaveText('engineer')

  // the server can't be reached (not context.setOffline: the page reloads from its own origin, as in
  // sync-offline.spec.ts); the names come from IndexedDB
  await page.route(`${e2eServerUrl}/**`, (route) => route.abort('internetdisconnected'))
  await page.reload()
  await expect(page.locator('#incident-title')).toHaveText(subject)
  await expect(page.getByTestId('incident-assignee')).toHaveText('engineer')
  await page.getByRole('link', { name: 'Queue', exact: true }).click()
  const offlineCell = await assigneeCellOf(page, subject)
  await expect(offlineCell).toHaveText('engineer')
  await shot(page, 'directory-queue-offline')
  await page.unroute(`${e2eServerUrl}/**`)
})
