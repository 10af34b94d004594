import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { expect, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test'
import { e2eDemoPassword, e2eServerUrl } from './env'

/** Signs in through the sign-in screen and waits for the first sync to finish. */
export async function signIn(page: Page, username = 'engineer'): Promise<void> {
  await page.goto('/')
  await page.getByLabel('Server address').fill(e2eServerUrl)
  await page.getByLabel('User').fill(username)
  await page.getByLabel('Password').fill(e2eDemoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('grid', { name: 'Incident queue' })).toBeVisible()
  await expect(page.getByTestId('last-sync')).toContainText('Synced', { timeout: 20_000 })
}

export async function shot(page: Page, name: string): Promise<void> {
  const scheme = await page.evaluate(() =>
    matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  )
  await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png`, fullPage: false })
}

/** `shot` in the light and then the dark scheme, with `target` (if given) scrolled to the middle first. */
export async function shotBothSchemes(page: Page, name: string, target?: Locator): Promise<void> {
  await target?.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await shot(page, name)
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot(page, name)
  await page.emulateMedia({ colorScheme: 'light' })
}

/** Clicks "Export CSV" and reads the download: its suggested name and its lines, without the BOM kept for Excel. */
export async function exportCsv(page: Page): Promise<{ fileName: string; lines: string[] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ])
  const text = await readFile((await download.path())!, 'utf8')
  return {
    fileName: download.suggestedFilename(),
    lines: text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n'),
  }
}

export async function openCustomers(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Customers', exact: true })
    .click()
  await expect(page.getByRole('heading', { name: 'Customers', exact: true })).toBeVisible()
}

/**
 * A new customer of the signed-in engineer's team, made on the Customers screen; returns its page's URL. Specs
 * that add licenses, contacts or subscriptions work on their own customer: the e2e run shares one server, and
 * other specs count the demo customers' incidents, licenses and contacts.
 */
export async function createCustomer(page: Page, name: string): Promise<string> {
  await openCustomers(page)
  await page.getByRole('button', { name: 'New customer' }).click()
  const form = page.getByRole('form', { name: 'New customer' })
  await form.getByLabel('Name', { exact: true }).fill(name)
  await form.getByRole('button', { name: 'Create customer' }).click()
  await expect(page.locator('#customer-title')).toHaveText(name)
  return page.url()
}

/** Customers made once for a whole spec file, sent to the server before its tests sign in afresh. */
export async function createCustomersFor(browser: Browser, names: readonly string[]): Promise<void> {
  const context = await browser.newContext()
  const page = await context.newPage()
  try {
    await signIn(page)
    for (const name of names) await createCustomer(page, name)
    await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
  } finally {
    await context.close()
  }
}

export interface NewIncidentFields {
  customer: string
  subject: string
  severity?: string
  category?: string
  description?: string
}

/** Fills the new-incident form (from anywhere on the desk) up to the entitlement preview. */
export async function startIncident(page: Page, fields: NewIncidentFields): Promise<void> {
  await page.getByRole('link', { name: /New incident/ }).click()
  await expect(page.getByRole('heading', { name: 'New incident' })).toBeVisible()
  await page.getByLabel('Customer').selectOption({ label: fields.customer })
  if (fields.severity) await page.getByLabel('Severity').selectOption(fields.severity)
  if (fields.category) await page.getByLabel('Category').selectOption(fields.category)
  await page.getByLabel('Subject').fill(fields.subject)
  if (fields.description) await page.getByLabel('Description').fill(fields.description)
  await expect(page.getByTestId('entitlement-decision')).toContainText(/Covered|Over allowance|Billable|Not/)
}

/** Opens the incident being previewed; over the allowance, approves an exception. Lands on the incident. */
export async function submitIncident(page: Page, subject: string): Promise<void> {
  if ((await page.getByTestId('entitlement-decision').textContent())?.includes('Over allowance')) {
    await page
      .getByTestId('over-allowance-choice')
      .getByLabel(/Approve an exception/)
      .check()
  }
  await page.getByRole('button', { name: 'Open incident' }).click()
  await expect(page.locator('#incident-title')).toHaveText(subject)
}

export async function openIncident(page: Page, fields: NewIncidentFields): Promise<void> {
  await startIncident(page, fields)
  await submitIncident(page, fields.subject)
}

export interface ServerRow {
  id: string
  subject?: string
  incidentId?: string
  minutes?: number
  body?: string | null
  [field: string]: unknown
}

/** A demo user's tokens and teams, signed in through the API. */
export async function apiLogin(
  request: APIRequestContext,
  username: string,
): Promise<{ accessToken: string; user: { id: string; teams: string[] } }> {
  const login = await request.post(`${e2eServerUrl}/v1/auth/login`, {
    data: { username, password: e2eDemoPassword },
  })
  expect(login.ok(), await login.text()).toBe(true)
  return (await login.json()) as { accessToken: string; user: { id: string; teams: string[] } }
}

/** The server's own view for the engineer: every row of `tables`, by a fresh client pulling from cursor 0. */
export async function serverRows(
  request: APIRequestContext,
  tables: string[],
): Promise<Map<string, ServerRow[]>> {
  const { accessToken } = await apiLogin(request, 'engineer')
  const clientId = randomUUID()
  const out = new Map<string, ServerRow[]>(tables.map((t) => [t, []]))
  let cursor = 0
  for (let page = 0; page < 100; page++) {
    const res = await request.get(
      `${e2eServerUrl}/v1/pull?cursor=${cursor}&clientId=${clientId}&limit=1000`,
      {
        headers: { authorization: `Bearer ${accessToken}`, 'x-caseload-protocol': '1' },
      },
    )
    expect(res.ok(), await res.text()).toBe(true)
    const body = (await res.json()) as {
      changes: { table: string; id: string; row?: ServerRow; deleted?: boolean }[]
      cursor: number
      more: boolean
    }
    for (const c of body.changes) if (c.row && !c.deleted) out.get(c.table)?.push(c.row)
    cursor = body.cursor
    if (!body.more) return out
  }
  throw new Error('the pull never ended')
}

/** One call of the server's HTTP API with a bearer token; fails the test (with the answer) unless it is 2xx. */
export async function apiJson(
  request: APIRequestContext,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<Record<string, unknown>> {
  const res = await request.fetch(`${e2eServerUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'x-caseload-protocol': '1' },
    ...(data === undefined ? {} : { data }),
  })
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true)
  return (await res.json()) as Record<string, unknown>
}

/** Mutations pushed as one batch by a fresh client (set-up a spec needs before its user signs in). */
export async function pushAs(
  request: APIRequestContext,
  token: string,
  calls: { name: string; args: unknown }[],
): Promise<void> {
  const at = new Date().toISOString()
  const answer = await apiJson(request, token, 'POST', '/v1/push', {
    protocol: 1,
    clientId: randomUUID(),
    mutations: calls.map((c, i) => ({ mid: i + 1, name: c.name, mv: 1, args: c.args, at })),
  })
  const results = (answer.results ?? []) as { status?: string; error?: unknown }[]
  for (const r of results) expect(r.status, JSON.stringify(r)).not.toBe('rejected')
}

/** A customer of the engineer's team with one contact, made through the API: a spec's own, so it changes no
 * other spec's counts. */
export async function apiCustomerWithContact(
  request: APIRequestContext,
  token: string,
  teamId: string,
  names: { customer: string; contact: string; email: string },
): Promise<{ customerId: string; contactId: string }> {
  const customerId = randomUUID()
  const contactId = randomUUID()
  await pushAs(request, token, [
    { name: 'customer.create', args: { id: customerId, name: names.customer, teamId } },
    {
      name: 'contact.add',
      args: { id: contactId, customerId, name: names.contact, email: names.email },
    },
  ])
  return { customerId, contactId }
}
