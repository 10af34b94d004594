import { expect, test, type Page } from '@playwright/test'
import { exportCsv, openIncident, shot, signIn } from './support'

/** Screenshots of a record show its top, whatever the last click scrolled to. */
async function shotFromTop(page: Page, name: string): Promise<void> {
  await page.locator('.desk-main').evaluate((el) => el.scrollTo(0, 0))
  await shot(page, name)
}

/** Reports an anomaly from the list: customer → license → (incident) → title, description, category. */
async function reportAnomaly(
  page: Page,
  fields: { customer: string; title: string; category: 'A' | 'B' | 'C'; incident?: string },
): Promise<void> {
  await page.getByRole('link', { name: 'Anomalies' }).click()
  await expect(page.getByRole('heading', { name: 'Anomaly reports' })).toBeVisible()
  await page.getByRole('button', { name: 'Report an anomaly' }).click()
  const form = page.getByRole('form', { name: 'Report an anomaly' })
  await form.getByLabel('Customer').selectOption({ label: fields.customer })
  await form.getByLabel('License').selectOption({ index: 1 })
  if (fields.incident) {
    const option = form.getByLabel('Incident (optional)').locator('option', { hasText: fields.incident })
    await form.getByLabel('Incident (optional)').selectOption((await option.getAttribute('value')) ?? '')
  }
  await form.getByLabel('Title').fill(fields.title)
  await form.getByLabel('Description').fill('Messages with a large header are dropped on one relay only.')
  await form.getByRole('radio', { name: new RegExp(`^${fields.category} ·`) }).check()
  await form.getByRole('button', { name: 'Report anomaly' }).click()
  await expect(page.locator('#anomaly-title')).toHaveText(fields.title)
}

test('a category C anomaly can’t be worked until its estimate is accepted; a patch only for the license’s OS', async ({
  page,
}) => {
  await signIn(page)
  const stamp = Date.now()
  const subject = `Relay drops large headers ${stamp}`
  await openIncident(page, { customer: 'Acme Mail', category: 'bug-report', subject })
  const title = `Irregular drop on one relay ${stamp}`
  await reportAnomaly(page, { customer: 'Acme Mail', title, category: 'C', incident: subject })

  const work = page.getByTestId('work-allowed')
  await expect(work).toHaveText('Work can’t start')
  await expect(page.getByTestId('next-step')).toContainText('Make the estimate')
  await expect(page.getByTestId('work-reasons')).toContainText('R-AM-3')

  // logging work on its incident is refused, with the rule
  const log = page.getByRole('form', { name: 'Log work' })
  await log.getByRole('button', { name: 'Log work' }).click()
  await expect(log.getByRole('alert')).toContainText('category C anomaly')
  await expect(log.getByRole('alert')).toContainText('R-AM-3')

  // classified C: the coverage decision and its rule
  await page.getByRole('button', { name: 'Classify' }).click()
  await expect(page.getByTestId('anomaly-status')).toHaveText('Awaiting estimate')
  await expect(page.getByTestId('coverage')).toContainText('Not covered')
  await expect(page.getByTestId('coverage')).toContainText('R-AM-3')

  // estimate: hours × rate
  const estimateForm = page.getByRole('form', { name: 'New cost estimate' })
  await estimateForm.getByLabel('Hours').fill('4')
  await estimateForm.getByLabel('Hourly rate').fill('120')
  await expect(page.getByTestId('estimate-preview')).toContainText('480.00')
  await estimateForm.getByRole('button', { name: 'Make estimate' }).click()
  await expect(page.getByTestId('estimate-status')).toHaveText('Draft')
  await expect(page.getByTestId('estimate-total')).toContainText('480.00')
  await expect(work).toHaveText('Work can’t start')

  await page.getByRole('button', { name: 'Send estimate to the customer' }).click()
  await expect(page.getByTestId('estimate-status')).toHaveText('Sent')
  await expect(work).toHaveText('Work can’t start')
  await expect(page.getByTestId('next-step')).toContainText('waits on the customer')
  await log.getByRole('button', { name: 'Log work' }).click()
  await expect(log.getByRole('alert')).toContainText('R-AM-3')

  await page.getByLabel('Accepted by (at the customer)').fill('Jane Roe, IT manager')
  await page.getByRole('button', { name: 'Record acceptance' }).click()
  await expect(page.getByTestId('estimate-status')).toHaveText('Accepted')
  await expect(work).toHaveText('Work may start')
  await expect(page.getByTestId('anomaly-status')).toHaveText('In progress')

  // now work is logged
  await log.getByRole('button', { name: 'Log work' }).click()
  await expect(log.getByRole('status')).toContainText('Logged 30 min of investigation')
  await expect(log.getByRole('alert')).toHaveCount(0)
  await shotFromTop(page, 'anomaly-detail-accepted')

  // a patch for another operating system is refused (R-AM-4); for the license's own, it is linked
  await expect(page.getByTestId('license-os')).toHaveText('windows')
  const patch = page.getByRole('form', { name: 'Link a patch' })
  await patch.getByLabel('Patch address').fill('https://downloads.example.com/relay-fix.zip')
  await patch.getByLabel('For operating system').fill('linux')
  await patch.getByLabel('Patch version').fill('5.0.3')
  await patch.getByRole('button', { name: 'Link patch' }).click()
  await expect(patch.getByRole('alert')).toContainText('R-AM-4')
  await expect(patch.getByRole('alert')).toContainText('the license runs on windows')
  await patch.getByLabel('For operating system').fill('windows')
  await patch.getByRole('button', { name: 'Link patch' }).click()
  await expect(page.getByTestId('anomaly-status')).toHaveText('Patched')
  await expect(page.getByTestId('patch')).toContainText('5.0.3')

  // the incident shows it, linked back here
  await page.getByRole('link', { name: new RegExp(subject) }).click()
  await page.getByRole('link', { name: title }).click()
  await expect(page.locator('#anomaly-title')).toHaveText(title)
})

test('a declined estimate keeps a category C anomaly blocked', async ({ page }) => {
  await signIn(page)
  const title = `Not reproducible here ${Date.now()}`
  await reportAnomaly(page, { customer: 'Acme Mail', title, category: 'C' })
  await page.getByRole('button', { name: 'Classify' }).click()
  await expect(page.getByTestId('anomaly-status')).toHaveText('Awaiting estimate')
  const estimateForm = page.getByRole('form', { name: 'New cost estimate' })
  await estimateForm.getByLabel('Hours').fill('2.5')
  await estimateForm.getByLabel('Hourly rate').fill('95')
  await estimateForm.getByRole('button', { name: 'Make estimate' }).click()
  await page.getByRole('button', { name: 'Send estimate to the customer' }).click()
  await page.getByLabel('Reason declined').fill('Too expensive for now')
  await page.getByRole('button', { name: 'Record decline' }).click()
  await expect(page.getByTestId('estimate-status')).toHaveText('Declined')
  await expect(page.getByTestId('work-allowed')).toHaveText('Work can’t start')
  await expect(page.getByTestId('next-step')).toContainText('declined the estimate: no work')
  await expect(page.getByTestId('work-reasons')).toContainText('declined, not accepted')
  await expect(page.getByRole('button', { name: 'Link patch' })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Make a new estimate' })).toBeVisible()
  // still blocked after a reload: it is the stored state, not the screen's
  await page.reload()
  await expect(page.getByTestId('work-allowed')).toHaveText('Work can’t start')
  await shotFromTop(page, 'anomaly-detail-declined')
  await page.getByRole('link', { name: '← Anomaly reports' }).click()
  await expect(page.getByTestId('anomaly-row').filter({ hasText: title })).toContainText('Needs estimate')
  await shot(page, 'anomaly-list')
})

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' })

  test('the anomaly list filters and exports what it shows; a patch for another OS is refused (R-AM-4)', async ({
    page,
  }) => {
    await signIn(page)
    const title = `Wrong counter in the quota view ${Date.now()}`
    await reportAnomaly(page, { customer: 'Acme Mail', title, category: 'B' })
    await page.getByRole('button', { name: 'Classify' }).click()
    await expect(page.getByTestId('anomaly-status')).toHaveText('Confirmed')
    // Acme Mail's plan has no maintenance of anomalies: not blocked, but not covered (R-AM-2)
    await expect(page.getByTestId('work-allowed')).toHaveText('Work may start, outside maintenance')
    await expect(page.getByTestId('work-reasons')).toContainText('R-AM-2')
    const patch = page.getByRole('form', { name: 'Link a patch' })
    await patch.getByLabel('Patch address').fill('https://downloads.example.com/quota.zip')
    await patch.getByLabel('For operating system').fill('macOS')
    await patch.getByLabel('Patch version').fill('5.0.4')
    await patch.getByRole('button', { name: 'Link patch' }).click()
    await expect(patch.getByRole('alert')).toContainText('R-AM-4')
    await expect(page.getByTestId('anomaly-status')).toHaveText('Confirmed')
    await shotFromTop(page, 'anomaly-detail')

    await page.getByRole('link', { name: '← Anomaly reports' }).click()
    const rows = page.getByTestId('anomaly-row')
    await expect(rows.first()).toBeVisible()
    await page.getByLabel('Category', { exact: true }).selectOption('B')
    await page.getByLabel('Search', { exact: true }).fill('Acme')
    await expect(rows.filter({ hasText: title })).toHaveCount(1)
    const shown = await rows.count()
    for (const text of await rows.allTextContents()) expect(text).toContain('Acme Mail')
    await shot(page, 'anomaly-list')

    const { lines } = await exportCsv(page)
    expect(lines[0]).toBe(
      'Title,Customer,License,License key,OS,Category,Coverage,Coverage rule,Status,Patch',
    )
    expect(lines).toHaveLength(shown + 1)
    expect(lines.some((l) => l.startsWith(title) && l.includes(',B,'))).toBe(true)
  })
})
