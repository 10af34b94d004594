import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { createCustomersFor, shot, signIn } from './support'

/** one run's licenses are told apart from the demo's and other runs' by this stamp in their keys */
const stamp = Date.now().toString(36)
/** this spec's own customers, in the engineer's team (the demo customers' counts belong to other specs) */
const own = `Licenses ${stamp}`
const other = `Licenses target ${stamp}`

test.beforeAll(async ({ browser }) => {
  await createCustomersFor(browser, [own, other])
})
const HEADER = 'customer,product,edition,major,currentMajor,os,purchasedAt,failover,licenseKey,planId'

/** Creates licenses through the app's own CSV import, for this spec's customers. */
async function importLicenses(page: Page, rows: string[]): Promise<void> {
  await page.goto('/#/import')
  await page.getByRole('radio', { name: 'Licenses' }).check()
  await page.getByLabel('CSV file of licenses').setInputFiles({
    name: `licenses-${stamp}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${HEADER}\n${rows.join('\n')}\n`),
  })
  await expect(page.getByTestId('import-summary')).toHaveText(`All ${rows.length} rows are valid.`)
  await page.getByRole('button', { name: `Import ${rows.length} rows` }).click()
  await expect(page.getByTestId('import-result')).toContainText(`Imported ${rows.length} licenses.`)
}

async function openLicense(page: Page, key: string): Promise<void> {
  await page.goto('/#/licenses')
  await page.getByLabel('Search').fill(key)
  await expect(page.getByTestId('license-row')).toHaveCount(1)
  await page.getByTestId('license-row').getByRole('link').nth(1).click()
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible()
}

/** A `datetime-local` value `days` ago in the browser's own time zone. */
function daysAgo(page: Page, days: number): Promise<string> {
  return page.evaluate((d) => {
    const at = new Date(Date.now() - d * 86_400_000)
    at.setSeconds(0, 0)
    return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
  }, days)
}

async function recordInstallation(page: Page, host: string, days: number): Promise<void> {
  await page.getByLabel('Host').fill(host)
  await page.getByLabel('First seen (empty: now)').fill(await daysAgo(page, days))
  await page.getByRole('button', { name: 'Record installation' }).click()
  await expect(page.getByTestId('installation').filter({ hasText: host })).toBeVisible()
}

test('a second installation starts the 30-day migration countdown; retiring the old one ends it (R-ST-7)', async ({
  page,
}) => {
  await signIn(page)
  const key = `MIG-${stamp}`
  await importLicenses(page, [`${own},SmarterMail,Standard,14,16,windows,2025-03-01,no,${key},`])
  await openLicense(page, key)
  await expect(page.getByRole('heading', { level: 2 })).toContainText('SmarterMail Standard 14.0')
  await expect(page.locator('header').getByText('legacy', { exact: true })).toBeVisible() // 14 with 16 current (R-ST-5)

  const installations = page.getByRole('region', { name: 'Installations' })
  await expect(installations.getByTestId('install-state')).toHaveText('No installation')
  // a bad entry is refused by name before anything is sent
  await page.getByRole('button', { name: 'Record installation' }).click()
  await expect(installations.getByRole('alert')).toHaveText(/^Host: /)

  await recordInstallation(page, `old-${stamp}.example`, 40)
  await expect(installations.getByTestId('install-state')).toHaveText('OK')
  await expect(page.getByTestId('migration-countdown')).toHaveCount(0)

  await recordInstallation(page, `new-${stamp}.example`, 18)
  await expect(installations.getByTestId('install-state')).toHaveText('Migrating')
  await expect(page.getByTestId('migration-countdown')).toContainText(
    '12 days left to retire the old installation',
  )
  await expect(installations).toContainText('R-ST-7')
  await shot(page, 'license-detail-migrating')

  await page.getByRole('button', { name: `Retire old-${stamp}.example` }).click()
  await expect(page.getByTestId('migration-countdown')).toHaveCount(0)
  await expect(installations.getByTestId('install-state')).toHaveText('OK')
  await expect(page.getByTestId('retired-installation')).toBeHidden() // folded away…
  await installations.getByText('1 retired installation').click()
  await expect(page.getByTestId('retired-installation')).toContainText(`old-${stamp}.example`)
})

test('suspected fraud: the notification steps are recorded one by one, in order (R-ST-7)', async ({
  page,
}) => {
  await signIn(page)
  const key = `FRAUD-${stamp}`
  await importLicenses(page, [`${own},SmarterMail,Standard,16,16,windows,2025-03-01,no,${key},`])
  await openLicense(page, key)
  await recordInstallation(page, `a-${stamp}.example`, 60)
  await recordInstallation(page, `b-${stamp}.example`, 45)

  const installations = page.getByRole('region', { name: 'Installations' })
  await expect(installations.getByTestId('install-state')).toHaveText('Suspected fraud')
  const steps = page.getByTestId('fraud-steps')
  await expect(steps).toContainText(`Recorded on the newest installation, b-${stamp}.example`)
  const record = (label: string) => page.getByRole('button', { name: `Record: ${label}` })
  await expect(record('Notify the fraud team')).toBeDisabled()
  await expect(record('Disable the license key')).toBeDisabled()

  await record('Notify the customer by email').click()
  await expect(page.getByTestId('fraud-step-notify-customer')).toContainText('Done')
  await expect(record('Disable the license key')).toBeDisabled() // the fraud team must know first
  await record('Notify the fraud team').click()
  await expect(page.getByTestId('fraud-step-notify-fraud-team')).toContainText('Done')
  await record('Try to call the customer').click()
  await expect(page.getByTestId('fraud-step-call-customer')).toContainText('Done')
  await shot(page, 'license-detail-fraud')
  await record('Disable the license key').click()
  await expect(page.getByTestId('fraud-step-disable-key')).toContainText('Done')
  await expect(page.locator('header').getByText('Key disabled')).toBeVisible()
})

test('a transfer is refused without recorded consent and done with it (R-ST-9)', async ({ page }) => {
  await signIn(page)
  const key = `XFER-${stamp}`
  await importLicenses(page, [`${own},AddOnMail,Server,9,9,linux,2026-02-01,no,${key},`])
  await openLicense(page, key)
  await expect(page.getByTestId('license-customer')).toHaveText(own)
  const transfer = page.getByRole('region', { name: 'Transfer' })

  await transfer.getByLabel('Transfer to').selectOption({ label: other })
  await transfer.getByRole('button', { name: 'Transfer license' }).click()
  const refused = page.getByTestId('transfer-refused')
  await expect(refused).toContainText('Transfer refused')
  await expect(refused).toContainText('R-ST-9')
  await expect(refused).toContainText('not transferable without written consent')
  await expect(refused).toContainText('What to do')
  await expect(page.getByTestId('license-customer')).toHaveText(own)

  await transfer.getByLabel('Consent reference').fill(`Vendor letter ${stamp}`)
  await transfer.getByRole('button', { name: 'Record consent' }).click()
  await expect(page.getByTestId('transfer-consent')).toContainText(`${other}: Vendor letter ${stamp}`)
  await transfer.getByRole('button', { name: 'Transfer license' }).click()
  await expect(page.getByTestId('license-customer')).toHaveText(other)
  await expect(transfer.getByRole('status')).toHaveText(`Transferred to ${other}.`)
})

test('an edition-upgrade quote: the price difference within a major, not one across majors (R-ST-8)', async ({
  page,
}) => {
  await signIn(page)
  const key = `QUOTE-${stamp}`
  await importLicenses(page, [`${own},SMTPmail,Standard,5,5,windows,2026-01-10,no,${key},softartisans-gold`])
  await openLicense(page, key)
  const quote = page.getByRole('region', { name: 'Upgrade quote' })
  await quote.getByLabel('Target edition', { exact: true }).fill('Enterprise')
  await quote.getByRole('button', { name: 'Quote' }).click()
  await expect(quote.getByRole('alert')).toHaveText('Price of Standard: enter a price.')
  await quote.getByLabel('Price of Standard').fill('300')
  await quote.getByLabel('Price of Enterprise').fill('750')
  await quote.getByRole('button', { name: 'Quote' }).click()
  await expect(page.getByTestId('upgrade-quote')).toContainText('Edition upgrade: 450.00')
  await expect(page.getByTestId('upgrade-quote')).toContainText('R-ST-8')

  await quote.getByLabel('Target major').fill('6')
  await quote.getByRole('button', { name: 'Quote' }).click()
  await expect(page.getByTestId('upgrade-quote')).toContainText('Not an edition upgrade.')
  await expect(page.getByTestId('upgrade-quote')).toContainText('is a major upgrade, not an edition upgrade')
  // Gold bought with it is active today: the major is free with upgrade protection
  await expect(page.getByTestId('upgrade-quote')).toContainText(
    'Version 6 is free with active upgrade protection',
  )
})

test('the list: search, filters, legacy badge, and Export CSV of exactly the rows shown', async ({
  page,
}) => {
  await signIn(page)
  await importLicenses(page, [
    `${own},SmarterMail,Enterprise,13,16,windows,2024-05-01,yes,LIST-${stamp}-1,`,
    `${other},SmarterMail,Standard,16,16,linux,2026-05-01,no,LIST-${stamp}-2,`,
  ])
  await page.goto('/#/licenses')
  await page.getByLabel('Search').fill(`LIST-${stamp}`)
  const rows = page.getByTestId('license-row')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText(own)
  await expect(rows.nth(0)).toContainText('legacy')
  await expect(rows.nth(1)).not.toContainText('legacy')
  await expect(rows.nth(0)).toContainText('No installation')

  await page.getByLabel('Version').selectOption('legacy')
  await expect(rows).toHaveCount(1)
  await page.getByLabel('Version').selectOption('')
  await page.getByLabel('Failover').selectOption('no')
  await expect(rows).toHaveCount(1)
  await expect(rows.nth(0)).toContainText(other)
  await page.getByLabel('Failover').selectOption('')
  await expect(rows).toHaveCount(2)

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^licenses-\d{4}-\d{2}-\d{2}\.csv$/)
  const lines = readFileSync((await download.path())!, 'utf8')
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n')
  expect(lines).toEqual([
    'customer,product,edition,version,support,os,failover,installations,licenseKey',
    `${own},SmarterMail,Enterprise,13.0,legacy,windows,yes,No installation,LIST-${stamp}-1`,
    `${other},SmarterMail,Standard,16.0,current,linux,no,No installation,LIST-${stamp}-2`,
  ])
  await shot(page, 'licenses-list')
})

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' })
  test('the list and a license in dark', async ({ page }) => {
    await signIn(page)
    const key = `DARK-${stamp}`
    await importLicenses(page, [
      `${own},SmarterMail,Standard,14,16,windows,2025-03-01,yes,${key},smartertools-mns`,
    ])
    await page.goto('/#/licenses')
    await expect(page.getByTestId('license-row').first()).toBeVisible()
    await shot(page, 'licenses-list')
    await openLicense(page, key)
    await recordInstallation(page, `one-${stamp}.example`, 50)
    await recordInstallation(page, `two-${stamp}.example`, 40)
    // ten days and two minutes ago: the field drops the seconds and the screen's clock ticks once a minute, so a
    // start of exactly ten days ago read 21 days left whenever the minute turned in between
    await recordInstallation(page, `three-${stamp}.example`, 10 + 2 / 1440)
    await expect(page.getByTestId('migration-countdown')).toContainText('20 days left')
    await shot(page, 'license-detail-migrating')
  })
})
