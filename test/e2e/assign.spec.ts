/**
 * Issue 13 end to end in Chromium against the real server: a bulk assignment of 50 incidents made with the server
 * blocked survives a reload, reaches the server as 50 mutations once it is back, and a second sign-in (the
 * colleague's) shows the 50 as theirs; the incident view assigns by name, "Assign to me", the palette assigns;
 * the assignee column sorts by name, not by id, with the unassigned last.
 */
import { randomUUID } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { openIncidents, serverCli, signInApi } from './assign-support'
import { e2eServerUrl } from './env'
import { signIn } from './support'

/** The queue, All incidents, narrowed by the search box to `text`; the focus left on the page, not the box. */
async function searchQueue(page: Page, text: string, count: number): Promise<void> {
  await page.goto('/#/queue')
  await page.getByRole('button', { name: 'All incidents' }).click()
  const search = page.getByLabel('Search incidents')
  await search.fill(text)
  await search.press('Escape')
  await expect(page.getByTestId('queue-count')).toHaveText(`${count} incidents`)
}

/** The subjects of the queue's rows as shown, top to bottom. */
async function subjectsShown(page: Page): Promise<string[]> {
  return page.getByTestId('queue-row').locator('a.subject').allTextContents()
}

test('a bulk assign of 50 incidents offline syncs as 50 mutations and shows on a second client', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000)
  const tag = `bulk-${randomUUID().slice(0, 8)}`
  const engineerApi = await signInApi(request, 'engineer')
  const ids = await openIncidents(engineerApi, `Bulk ${tag}`, 50)

  await signIn(page, 'admin')
  await searchQueue(page, tag, 50)
  // Ctrl A ticks every row of the filtered view (not only the rows on screen)
  await page.keyboard.press('Control+a')
  await expect(page.getByTestId('selection-count')).toHaveText('50 selected')

  await page.route(`${e2eServerUrl}/**`, (route) => route.abort('internetdisconnected'))
  await page.getByLabel('Assign the selected incidents to').selectOption({ label: 'engineer' })
  await expect(page.getByTestId('bulk-report')).toContainText('Assigned to engineer 50')
  await expect(page.getByTestId('pending-count')).toHaveText('50 changes waiting to be sent')

  // a reload while blocked: the 50 are still assigned here and still waiting
  await page.reload()
  await expect(page.getByTestId('connection-state')).toHaveText(/Offline|Server unreachable/)
  await expect(page.getByTestId('pending-count')).toHaveText('50 changes waiting to be sent')
  await searchQueue(page, tag, 50)
  await page.getByLabel('Filter Assignee').selectOption({ label: 'engineer' })
  await expect(page.getByTestId('queue-count')).toHaveText('50 incidents')

  await page.unroute(`${e2eServerUrl}/**`)
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 30_000 })

  // the server's own view: the 50 incidents are the engineer's, each by one assignment of its own
  const rows = await (await signInApi(request, 'admin')).pull()
  const mine = (rows.get('incidents') ?? []).filter((r) => ids.includes(r.id as string))
  expect(mine).toHaveLength(50)
  expect(new Set(mine.map((r) => r.assigneeId))).toEqual(new Set([engineerApi.userId]))
  const assigned = (rows.get('incidentEvents') ?? []).filter(
    (e) => e.kind === 'assigned' && ids.includes(e.incidentId as string),
  )
  expect(assigned).toHaveLength(50)
  expect(new Set(assigned.map((e) => e.incidentId)).size).toBe(50)

  // the colleague signs in on another browser: the 50 are in their own queue, as theirs
  const second = await browser.newContext({ baseURL: test.info().project.use.baseURL })
  try {
    const other = await second.newPage()
    await signIn(other, 'engineer')
    await other.getByRole('button', { name: 'My queue' }).click()
    const search = other.getByLabel('Search incidents')
    await search.fill(tag)
    await expect(other.getByTestId('queue-count')).toHaveText('50 incidents')
    await expect(other.getByTestId('queue-row').first()).toContainText('You')
  } finally {
    await second.close()
  }
})

test('the incident view and the palette assign by name; the assignee column sorts by name, nobody last', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000)
  const tag = `sort${randomUUID().slice(0, 6)}`
  // made in this order, their ids sort zz before aa: a sort by id would show them the other way round
  serverCli('user', 'add', `zz-${tag}`, '--role', 'engineer', '--team', 'Mail Desk')
  serverCli('user', 'add', `aa-${tag}`, '--role', 'engineer', '--team', 'Mail Desk')
  const api = await signInApi(request, 'engineer')
  const [first, second, third] = await openIncidents(api, `Sort ${tag}`, 3)

  await signIn(page, 'engineer')
  const assignee = page.getByTestId('incident-assignee')

  // the incident view: a select of colleagues by name, then "Assign to me"
  await page.goto(`/#/incident/${first}`)
  await expect(assignee).toHaveText('Nobody')
  await page.getByLabel('Assign to', { exact: true }).selectOption({ label: `zz-${tag}` })
  await expect(assignee).toHaveText(`zz-${tag}`)
  await page.getByRole('button', { name: 'Assign to me' }).click()
  await expect(assignee).toHaveText('You')
  await page.getByLabel('Assign to', { exact: true }).selectOption({ label: `zz-${tag}` })
  await expect(assignee).toHaveText(`zz-${tag}`)

  // the palette: "Assign this incident to…", a name typed, Enter
  await page.goto(`/#/incident/${second}`)
  await expect(assignee).toHaveText('Nobody')
  await page.keyboard.press('Control+k')
  await page.getByLabel('Type a command').fill('assign')
  await page.keyboard.press('Enter')
  await page.getByLabel('Type a name').fill(`aa-${tag}`)
  await page.keyboard.press('Enter')
  await expect(assignee).toHaveText(`aa-${tag}`)
  await expect(page.getByTestId('bulk-report')).toContainText(`Assigned to aa-${tag} 1`)

  // the third stays unassigned: sorted by name it comes last, both ways
  await page.goto(`/#/incident/${third}`)
  await expect(assignee).toHaveText('Nobody')
  await searchQueue(page, tag, 3)
  const sort = page.getByRole('button', { name: 'Sort by Assignee' })
  await sort.click()
  await expect(page.getByRole('columnheader', { name: /Assignee/ })).toHaveAttribute('aria-sort', 'ascending')
  expect(await subjectsShown(page)).toEqual([`Sort ${tag} 2`, `Sort ${tag} 1`, `Sort ${tag} 3`])
  await sort.click()
  await expect(page.getByRole('columnheader', { name: /Assignee/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  )
  expect(await subjectsShown(page)).toEqual([`Sort ${tag} 1`, `Sort ${tag} 2`, `Sort ${tag} 3`])
})

test('the assignee pickers offer only who the server accepts: the admins and the customer team’s members', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000)
  const tag = `team${randomUUID().slice(0, 6)}`
  serverCli('user', 'add', `desk-${tag}`, '--role', 'engineer', '--team', 'Mail Desk')
  serverCli('user', 'add', `other-${tag}`, '--role', 'engineer', '--team', 'Enterprise Accounts')
  const api = await signInApi(request, 'engineer')
  const [id] = await openIncidents(api, `Team ${tag}`, 1)

  // the admin sees every user in the directory, but an Acme Mail incident (Mail Desk) offers no other team's
  await signIn(page, 'admin')
  await page.goto(`/#/incident/${id}`)
  const picker = page.getByLabel('Assign to', { exact: true })
  await expect(picker.locator('option', { hasText: `desk-${tag}` })).toHaveCount(1)
  await expect(picker.locator('option', { hasText: 'admin' })).toHaveCount(1)
  await expect(picker.locator('option', { hasText: `other-${tag}` })).toHaveCount(0)
  await expect(picker.locator('option', { hasText: 'morgan' })).toHaveCount(0)

  // the same in the queue's "Assign to…" and in the palette's list of people
  await searchQueue(page, tag, 1)
  await page.getByTestId('queue-row').first().getByRole('checkbox').click()
  const bulk = page.getByLabel('Assign the selected incidents to')
  await expect(bulk.locator('option', { hasText: `desk-${tag}` })).toHaveCount(1)
  await expect(bulk.locator('option', { hasText: `other-${tag}` })).toHaveCount(0)
  await page.keyboard.press('Control+k')
  await page.getByLabel('Type a command').fill('assign')
  await page.keyboard.press('Enter')
  await page.getByLabel('Type a name').fill(tag)
  const people = page.getByRole('listbox', { name: 'Commands' })
  await expect(people.getByRole('option', { name: `desk-${tag}` })).toHaveCount(1)
  await expect(people.getByRole('option', { name: `other-${tag}` })).toHaveCount(0)
})

test('a bulk status change names the incidents that refuse it, and Undo puts the others back', async ({
  page,
  request,
}) => {
  const tag = `status${randomUUID().slice(0, 6)}`
  const api = await signInApi(request, 'engineer')
  const [open1, open2, done] = await openIncidents(api, `Status ${tag}`, 3)
  const resolved = await api.push([
    { name: 'incident.setStatus', args: { incidentId: open1, status: 'open' } },
    { name: 'incident.resolve', args: { incidentId: done, resolution: 'answered' } },
  ])
  expect(resolved.map((r) => r.status)).toEqual(['applied', 'applied'])

  await signIn(page, 'engineer')
  await searchQueue(page, tag, 3)
  // tick the first row, Shift-click the last: the range is all three
  await page.getByTestId('queue-row').first().getByRole('checkbox').click()
  await page
    .getByTestId('queue-row')
    .nth(2)
    .click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected')
  await page
    .getByLabel('Set the status of the selected incidents')
    .selectOption({ label: 'Waiting on customer' })
  const report = page.getByTestId('bulk-report')
  await expect(report).toContainText('Set to Waiting on customer 2 · 1 refused')
  await expect(report.getByRole('listitem')).toHaveText([/This incident is resolved: reopen it instead\./])
  await page.screenshot({ path: test.info().outputPath('bulk-status.png') })
  await page.getByLabel('Filter Status').selectOption({ label: 'Waiting on customer' })
  await expect(page.getByTestId('queue-count')).toHaveText('2 incidents')

  // Undo: the one that was open is open again; the new one can't be set back to new and stays waiting
  await report.getByRole('button', { name: 'Undo' }).click()
  await expect(report).toContainText('Undone: 1 put back as they were')
  await expect(page.getByTestId('queue-count')).toHaveText('1 incidents')
  await page.getByLabel('Filter Status').selectOption({ label: 'Open' })
  await expect(page.getByTestId('queue-count')).toHaveText('1 incidents')
  expect(await subjectsShown(page)).toEqual([`Status ${tag} 1`])
  expect(open2).toBeDefined()
})

test('a bulk assign made on stale rows leaves a colleague’s change to one of them as a conflict, the others apply', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000)
  const tag = `stale${randomUUID().slice(0, 6)}`
  const api = await signInApi(request, 'engineer')
  const admin = await signInApi(request, 'admin')
  const ids = await openIncidents(api, `Stale ${tag}`, 3)

  await signIn(page, 'engineer')
  await searchQueue(page, tag, 3)
  await page.keyboard.press('Control+a')
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected')

  // this desk is cut off; meanwhile another client gives the second incident to the admin
  await page.route(`${e2eServerUrl}/**`, (route) => route.abort('internetdisconnected'))
  const theirs = await api.push([
    { name: 'incident.assign', args: { incidentId: ids[1], assigneeId: admin.userId } },
  ])
  expect(theirs.map((r) => r.status)).toEqual(['applied'])
  await page.getByLabel('Assign the selected incidents to').selectOption({ label: 'engineer (you)' })
  await expect(page.getByTestId('bulk-report')).toContainText('Assigned to you 3')

  await page.unroute(`${e2eServerUrl}/**`)
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 30_000 })

  // the server kept the colleague's assignment of the one they changed, and took the other two
  const rows = await admin.pull()
  const assignee = new Map(
    (rows.get('incidents') ?? [])
      .filter((r) => ids.includes(r.id as string))
      .map((r) => [r.id, r.assigneeId]),
  )
  expect([ids[0], ids[1], ids[2]].map((id) => assignee.get(id))).toEqual([
    api.userId,
    admin.userId,
    api.userId,
  ])
  // and this desk is told, in the sync inbox, where the engineer decides
  await page.getByRole('link', { name: 'Sync inbox' }).click()
  await expect(page.getByRole('heading', { name: 'Conflicts' })).toBeVisible()
  const conflict = page.locator('.inbox li').filter({ hasText: 'someone changed this on the server first' })
  await expect(conflict).toHaveCount(1)
  await expect(conflict.getByRole('link', { name: 'Open the incident' })).toHaveAttribute(
    'href',
    `#/incident/${ids[1]}`,
  )
  await page.screenshot({ path: test.info().outputPath('bulk-stale-conflict.png') })
})
