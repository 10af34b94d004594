import { expect, test, type Page } from '@playwright/test'
import { createCustomersFor, shot, signIn } from './support'

const stamp = Date.now().toString(36)
/** this spec's own customers, in the engineer's team (the demo customers' counts belong to other specs) */
const own = `Imports ${stamp}`
const other = `Imports second ${stamp}`

test.beforeAll(async ({ browser }) => {
  await createCustomersFor(browser, [own, other])
})
const HEADER = 'customer,product,edition,major,currentMajor,os,purchasedAt,failover,licenseKey,planId'

async function chooseFile(page: Page, kind: 'licenses' | 'contacts', text: string): Promise<void> {
  await page.getByRole('radio', { name: kind === 'licenses' ? 'Licenses' : 'Contacts' }).check()
  await page.getByLabel(`CSV file of ${kind}`).setInputFiles({
    name: `${kind}-${stamp}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  })
}

async function licensesMatching(page: Page, q: string) {
  await page.goto('/#/licenses')
  await page.getByLabel('Search').fill(q)
  return page.getByTestId('license-row')
}

test('a file with one bad row imports nothing and names the row, the field and why', async ({ page }) => {
  await signIn(page)
  await page.goto('/#/import')
  await expect(page.getByTestId('import-sample')).toContainText(HEADER)
  await chooseFile(
    page,
    'licenses',
    [
      HEADER,
      `${own},SMTPmail,Standard,5,5,windows,2026-01-10,no,BAD-${stamp}-1,`,
      `${own},SMTPmail,Standard,five,5,windows,2026-01-10,no,BAD-${stamp}-2,`,
      `${own},SMTPmail,Standard,5,5,windows,2026-01-10,no,BAD-${stamp}-3,`,
    ].join('\n'),
  )
  await expect(page.getByTestId('import-summary')).toHaveText(
    '1 of 3 rows have problems: nothing will be imported until the file is fixed.',
  )
  const problems = page.getByTestId('import-problem')
  await expect(problems).toHaveCount(1)
  await expect(problems.nth(0)).toContainText('3') // the line: the header is line 1
  await expect(problems.nth(0)).toContainText('major')
  await expect(problems.nth(0)).toContainText('expected a number, found "five"')
  await expect(page.getByRole('button', { name: 'Import 3 rows' })).toBeDisabled()
  await shot(page, 'import-bad-row')

  await expect(await licensesMatching(page, `BAD-${stamp}`)).toHaveCount(0)
  await expect(page.getByText('No license matches these filters.')).toBeVisible()
})

test('a good file (picked or dropped) is checked, then every row is written and shows in the list', async ({
  page,
}) => {
  await signIn(page)
  await page.goto('/#/import')
  await chooseFile(
    page,
    'licenses',
    [
      HEADER,
      `${own},SMTPmail,Standard,5,5,windows,2026-01-10,no,GOOD-${stamp}-1,softartisans-gold`,
      `${other},SmarterMail,Enterprise,15,16,linux,2025-06-01,yes,GOOD-${stamp}-2,`,
      `"${own}",AddOnMail,Server,9,9,windows,2026-03-03,,GOOD-${stamp}-3,`,
    ].join('\n'),
  )
  await expect(page.getByTestId('import-summary')).toHaveText('All 3 rows are valid.')
  await shot(page, 'import-checked')
  await page.getByRole('button', { name: 'Import 3 rows' }).click()
  await expect(page.getByTestId('import-result')).toContainText('Imported 3 licenses.')

  const rows = await licensesMatching(page, `GOOD-${stamp}`)
  await expect(rows).toHaveCount(3)
  await expect(rows.filter({ hasText: other })).toContainText('SmarterMail')

  // contacts, dropped onto the screen instead of picked
  await page.goto('/#/import')
  await page.getByRole('radio', { name: 'Contacts' }).check()
  const csv = `customer,name,email,phone,named\n${own},Dropped ${stamp},dropped-${stamp}@acme.test,,no\n`
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer()
    dt.items.add(new File([text], 'contacts.csv', { type: 'text/csv' }))
    return dt
  }, csv)
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer })
  await expect(page.getByTestId('import-summary')).toHaveText('All 1 rows are valid.')
  await page.getByRole('button', { name: 'Import 1 rows' }).click()
  await expect(page.getByTestId('import-result')).toContainText('Imported 1 contacts.')
})

test('a missing column and an unknown customer are named before anything is written', async ({ page }) => {
  await signIn(page)
  await page.goto('/#/import')
  await chooseFile(page, 'contacts', `customer,name\n${own},No Email\n`)
  await expect(page.getByTestId('import-problem')).toContainText('missing column email')
  await chooseFile(page, 'contacts', `customer,name,email\nNo Such Co ${stamp},A B,a@b.test\n`)
  await expect(page.getByTestId('import-problem')).toContainText(`no customer "No Such Co ${stamp}"`)
  await expect(page.getByRole('button', { name: 'Import 1 rows' })).toBeDisabled()
})

test('a big file shows its progress while every row is written', async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page)
  await page.goto('/#/import')
  const n = 400
  const rows = Array.from(
    { length: n },
    (_, k) => `${own},SMTPmail,Standard,5,5,windows,2026-01-10,no,BIG-${stamp}-${k},`,
  )
  const checking = Date.now()
  await chooseFile(page, 'licenses', [HEADER, ...rows].join('\n'))
  await expect(page.getByTestId('import-summary')).toHaveText(`All ${n} rows are valid.`)
  const checked = Date.now()
  await page.getByRole('button', { name: `Import ${n} rows` }).click()
  await expect(page.getByRole('progressbar', { name: 'Importing licenses' })).toBeVisible()
  await expect(page.getByTestId('import-result')).toContainText(`Imported ${n} licenses.`, {
    timeout: 90_000,
  })
  console.log(
    `import of ${n} license rows: checked in ${checked - checking} ms, written in ${Date.now() - checked} ms`,
  )
  await page.goto('/#/licenses')
  await page.getByLabel('Search').fill(`BIG-${stamp}-`)
  await expect(page.getByTestId('license-count')).toHaveText(new RegExp(`^${n} of \\d+ licenses$`))
})

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' })
  test('the import screen and its report in dark', async ({ page }) => {
    await signIn(page)
    await page.goto('/#/import')
    await chooseFile(
      page,
      'contacts',
      `customer,name,email,named\n${own},Ok ${stamp},ok-${stamp}@acme.test,yes\n${own},Bad ${stamp},not-an-email,maybe\n`,
    )
    await expect(page.getByTestId('import-problem')).toHaveCount(2)
    await shot(page, 'import-bad-row')
  })
})
