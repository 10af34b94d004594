import { expect, type Browser, type Page } from '@playwright/test'
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
