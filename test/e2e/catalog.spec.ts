import { expect, test, type Page } from '@playwright/test'
import { shot, signIn } from './support'

/** Screenshots show the screen from its top, whatever the last step scrolled into view. */
async function shotFromTop(page: Page, name: string): Promise<void> {
  await page.locator('.desk-main').evaluate((main) => main.scrollTo(0, 0))
  await shot(page, name)
}

async function openCatalog(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Plans', exact: true })
    .click()
  await expect(page.getByRole('table', { name: 'Plans' })).toBeVisible()
}

/** A Paris office calendar, Mon–Fri 09:00–17:00 with French public holidays, typed into the new-calendar form. */
async function fillParisCalendar(page: Page, name: string, id: string): Promise<void> {
  await page.getByRole('button', { name: 'New calendar' }).click()
  await expect(page.getByRole('heading', { name: 'New calendar' })).toBeVisible()
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel(/^Id/).fill(id)
  await page.getByLabel(/^Time zone/).fill('Europe/Paris')
  await page.getByRole('button', { name: 'Add an interval on Monday' }).click()
  await expect(page.getByLabel('Monday interval 1 start')).toHaveValue('09:00')
  await expect(page.getByLabel('Monday interval 1 end')).toHaveValue('17:00')
  await page.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }).click()
  await page.getByLabel('France (FR) public holidays').check()
}

test('an admin creates a calendar, previews its deadlines, and puts a plan on it', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const calName = `Paris office ${stamp}`
  const calId = `paris-office-${stamp}`
  await signIn(page, 'admin')
  await openCatalog(page)
  await expect(page.getByRole('table', { name: 'Plans' })).toContainText('SoftArtisans Gold Support')
  await expect(page.getByRole('table', { name: 'Calendars' })).toContainText('America/Phoenix')
  await shot(page, 'catalog-list')

  // an interval that ends before it starts: the error names the field and nothing is saved
  await fillParisCalendar(page, calName, calId)
  await page.getByLabel('Wednesday interval 1 end').fill('08:00')
  await page.getByRole('button', { name: 'Add an interval on Tuesday' }).click()
  await page.getByLabel('Tuesday interval 2 start').fill('12:00')
  await page.getByLabel('Tuesday interval 2 end').fill('14:00')
  await page.getByRole('button', { name: 'Create calendar' }).click()
  await expect(
    page.getByText('Tuesday: 09:00–17:00 overlaps 12:00–14:00; intervals must not overlap'),
  ).toBeVisible()
  await expect(page.getByLabel('Tuesday interval 2 start')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('Wednesday interval 1 end: an interval must end after it starts')).toBeVisible()
  await expect(page.getByLabel('Wednesday interval 1 end')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('alert')).toContainText(
    'Not saved. Fix: Tuesday hours, Wednesday interval 1 end',
  )
  await expect(page.getByTestId('deadline-preview')).toContainText('Fix the calendar’s errors')
  await page.getByRole('heading', { name: /Weekly hours/ }).scrollIntoViewIfNeeded()
  await shot(page, 'catalog-calendar-errors')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('table', { name: 'Calendars' })).not.toContainText(calName)

  // the real one: the preview skips Christmas (FR) and the weekend
  await fillParisCalendar(page, calName, calId)
  const preview = page.getByTestId('deadline-preview')
  await preview.getByLabel(/^Start/).fill('2026-12-24T16:00')
  await preview.getByLabel('Business minutes').fill('120')
  await expect(preview.getByTestId('preview-due')).toHaveText('Mon 28 Dec 2026, 10:00')
  await expect(preview.getByTestId('preview-skipped')).toContainText('Fri 25 Dec (holiday)')
  await expect(preview.getByTestId('preview-skipped')).toContainText('Sat 26 Dec (closed)')
  // a start on a closed day says when the clock starts
  await preview.getByLabel(/^Start/).fill('2026-12-26T11:00')
  await expect(preview.getByTestId('preview-closed')).toContainText('Mon 28 Dec 2026, 09:00')
  await expect(preview.getByTestId('preview-due')).toHaveText('Mon 28 Dec 2026, 11:00')
  // longer Thursday hours: the two hours fit on the day, and the deadline moves with them
  await preview.getByLabel(/^Start/).fill('2026-12-24T16:00')
  await page.getByLabel('Thursday interval 1 end').fill('18:00')
  await expect(preview.getByTestId('preview-due')).toHaveText('Thu 24 Dec 2026, 18:00')
  await expect(preview.getByTestId('preview-skipped')).toHaveText('No closed day in between.')
  await page.getByLabel('Thursday interval 1 end').fill('17:00')
  await expect(preview.getByTestId('preview-due')).toHaveText('Mon 28 Dec 2026, 10:00')
  await expect(page.getByTestId('generated-holidays')).toContainText('Tue 14 Jul')
  await shotFromTop(page, 'catalog-calendar-editor')
  await page.getByRole('button', { name: 'Create calendar' }).click()
  await expect(page.getByRole('heading', { name: calName })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Weekly hours' })).toContainText('09:00–17:00')

  // a plan on it, duplicated from a preset
  await page.getByRole('button', { name: '← All plans and calendars' }).click()
  await page.getByRole('button', { name: 'SoftArtisans Gold Support' }).click()
  await page.getByRole('button', { name: 'Duplicate' }).click()
  await expect(page.getByRole('heading', { name: 'New plan' })).toBeVisible()
  const planName = `Paris Gold ${stamp}`
  await page.getByLabel('Name', { exact: true }).fill(planName)
  await page.getByLabel('Business hours calendar').selectOption(calId)
  await page.getByLabel('Priority minutes').fill('')
  await page.getByRole('button', { name: 'Create plan' }).click()
  await expect(page.getByText('Priority target minutes: how many minutes?')).toBeVisible()
  await page.getByLabel('Priority minutes').fill('240')
  const planPreview = page.getByTestId('deadline-preview')
  await planPreview.getByLabel(/^Start/).fill('2026-12-24T16:00')
  await planPreview.getByLabel('Target').selectOption({ label: 'Priority: 4 h business time' })
  await expect(planPreview.getByTestId('preview-due')).toHaveText('Mon 28 Dec 2026, 12:00')
  await shotFromTop(page, 'catalog-plan-editor')
  await page.getByRole('button', { name: 'Create plan' }).click()
  await expect(page.getByRole('heading', { name: planName })).toBeVisible()

  // saved (and synced): still there after a reload
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
  await page.reload()
  await openCatalog(page)
  const row = page.getByRole('table', { name: 'Plans' }).getByRole('row').filter({ hasText: planName })
  await expect(row).toContainText(calName)
  await expect(row).toContainText('Own')

  // offered where a subscription is bought (a customer of its own, so no other spec's data matters)
  const customer = `Catalog check ${stamp}`
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Customers', exact: true })
    .click()
  await page.getByRole('button', { name: 'New customer' }).click()
  const customerForm = page.getByRole('form', { name: 'New customer' })
  await customerForm.getByLabel('Name', { exact: true }).fill(customer)
  await customerForm.getByRole('button', { name: 'Create customer' }).click()
  await expect(page.locator('#customer-title')).toHaveText(customer)
  const buy = page.getByRole('form', { name: 'Buy a subscription' })
  await buy.getByLabel('Plan').selectOption({ label: planName })
  await buy.getByRole('button', { name: 'Buy subscription' }).click()
  await expect(page.getByTestId('subscription').filter({ hasText: planName })).toHaveCount(1)
  await openCatalog(page)

  // an own calendar is edited in place (conflict-checked against the version it was read at)
  await page.getByRole('button', { name: calName }).click()
  await page.getByRole('button', { name: 'Edit calendar' }).click()
  await expect(page.getByLabel(/^Id/)).toHaveAttribute('readonly', '')
  await page.getByLabel('Friday interval 1 end').fill('16:00')
  await page.getByRole('button', { name: 'Save calendar' }).click()
  await expect(
    page.getByRole('table', { name: 'Weekly hours' }).getByRole('row', { name: /Friday/ }),
  ).toHaveText(/09:00–16:00/)
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
  // the server took the edit (a refused one would be rolled back here and listed in the sync inbox)
  await page.reload()
  await openCatalog(page)
  await page.getByRole('button', { name: calName }).click()
  await expect(
    page.getByRole('table', { name: 'Weekly hours' }).getByRole('row', { name: /Friday/ }),
  ).toHaveText(/09:00–16:00/)
  await expect(page.getByRole('button', { name: planName })).toBeVisible()
})

test('an engineer reads plans and calendars without edit controls', async ({ page }) => {
  await signIn(page, 'engineer')
  await openCatalog(page)
  await expect(page.getByTestId('catalog-read-only')).toContainText('only administrators change plans')
  await expect(page.getByRole('button', { name: 'New calendar' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'New plan' })).toHaveCount(0)
  await page.getByRole('button', { name: 'AddOnMail hotline' }).click()
  await expect(page.getByRole('heading', { name: 'AddOnMail hotline' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Duplicate' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Edit/ })).toHaveCount(0)
  // no editor: no form, no hour boxes (the preview's own inputs are for everyone)
  await expect(page.getByRole('form')).toHaveCount(0)
  await expect(page.getByLabel('Monday interval 1 start')).toHaveCount(0)
  await expect(page.getByTestId('generated-holidays')).toContainText('FR')
  await expect(page.getByTestId('deadline-preview')).toContainText('Response due')
  await page.getByRole('button', { name: '← All plans and calendars' }).click()
  await page.getByRole('button', { name: 'SoftArtisans Platinum Support' }).click()
  await expect(page.getByText('Business-critical: response within 2 hours, 24x7x365')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Duplicate' })).toHaveCount(0)
  await shotFromTop(page, 'catalog-plan-read-only')
})

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' })
  test('the list and the calendar editor in dark', async ({ page }) => {
    await signIn(page, 'admin')
    await openCatalog(page)
    await shot(page, 'catalog-list')
    await page.getByRole('button', { name: 'AddOnMail hotline' }).click()
    await page.getByRole('button', { name: 'Duplicate' }).click()
    await expect(page.getByRole('heading', { name: 'New calendar' })).toBeVisible()
    const preview = page.getByTestId('deadline-preview')
    await preview.getByLabel(/^Start/).fill('2026-12-24T17:00')
    await expect(preview.getByTestId('preview-skipped')).toContainText('Fri 25 Dec (holiday)')
    await shotFromTop(page, 'catalog-calendar-editor')
  })
})
