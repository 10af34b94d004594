/**
 * Issue 7, the Customers area, end to end against the real server: named contacts against the Gold cap
 * (R-SA-4) refused locally; the over-cap pair made offline by two engineers resolved by the server's flag (D-2);
 * buy / renew / cancel / reinstate a subscription; a support pack's balance, burn-down and ledger after billable
 * time (R-PM-5); Export CSV of the rows shown; the keyboard on the list. Each test makes its own customer, so
 * what other specs do to the demo customers can't change its counts.
 */
import { expect, test, type Page } from '@playwright/test'
import { exportCsv, createCustomer, openCustomers, shot, signIn } from './support'

const stamp = Date.now().toString(36)

/** `option`: the plan's label in the select, which says "(lifetime)" for a lifetime plan */
async function buySubscription(page: Page, plan: string, option = plan): Promise<void> {
  const form = page.getByRole('form', { name: 'Buy a subscription' })
  await form.getByLabel('Plan').selectOption({ label: option })
  await form.getByRole('button', { name: 'Buy subscription' }).click()
  await expect(page.getByTestId('subscription').filter({ hasText: plan })).toHaveCount(1)
}

async function addContact(page: Page, name: string, named: boolean): Promise<void> {
  const form = page.getByRole('form', { name: 'Add contact' })
  await form.getByLabel('Name', { exact: true }).fill(name)
  await form.getByLabel('Email').fill(`${name.toLowerCase().replace(/\W+/g, '.')}@example.com`)
  if (named) await form.getByLabel('Named contact').check()
  await form.getByRole('button', { name: 'Add contact' }).click()
  await expect(page.getByTestId('contact').filter({ hasText: name })).toHaveCount(1)
}

async function allSent(page: Page): Promise<void> {
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
}

test('the fourth named contact on a Gold contract is refused with its rule, before anything is written (R-SA-4)', async ({
  page,
}) => {
  await signIn(page)
  await createCustomer(page, `Gold cap ${stamp}`)
  await buySubscription(page, 'SoftArtisans Gold Support')
  const count = page.getByTestId('named-count')
  await expect(count).toHaveText('0 of 3 named')
  for (const name of ['Ada Moreau', 'Brian Okafor', 'Chloé Schmidt']) await addContact(page, name, true)
  await expect(count).toHaveText('3 of 3 named')
  await addContact(page, 'Dmitri Tanaka', false)
  await allSent(page)

  await page.getByRole('button', { name: 'Name Dmitri Tanaka' }).click()
  const refused = page.getByTestId('naming-refused')
  await expect(refused).toContainText('R-SA-4')
  await expect(refused).toContainText(
    'SoftArtisans Gold Support allows up to 3 named contacts, and 3 are already named.',
  )
  await expect(refused).toContainText('nothing was changed')
  // nothing was written: still three named, nothing waiting to be sent
  await expect(count).toHaveText('3 of 3 named')
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent')
  await expect(page.getByRole('button', { name: 'Name Dmitri Tanaka' })).toBeVisible()

  // adding a new contact as named is refused the same way
  const form = page.getByRole('form', { name: 'Add contact' })
  await form.getByLabel('Name', { exact: true }).fill('Esther Silva')
  await form.getByLabel('Email').fill('esther@example.com')
  await form.getByLabel('Named contact').check()
  await form.getByRole('button', { name: 'Add contact' }).click()
  await expect(refused).toContainText('Esther Silva')
  await expect(refused).toContainText('R-SA-4')
  await expect(page.getByTestId('contact')).toHaveCount(4)
  await shot(page, 'customer-gold-refused')

  // un-naming one makes room, and then the fourth can be named
  await page.getByRole('button', { name: 'Un-name Ada Moreau' }).click()
  await expect(count).toHaveText('2 of 3 named')
  await page.getByRole('button', { name: 'Name Dmitri Tanaka' }).click()
  await expect(count).toHaveText('3 of 3 named')
  await expect(page.getByTestId('naming-refused')).toHaveCount(0)

  // a contact is edited, and one removed (a named one: it frees its place under the cap)
  const dmitri = page.getByTestId('contact').filter({ hasText: 'Dmitri Tanaka' })
  await page.getByRole('button', { name: 'Edit Dmitri Tanaka' }).click()
  const edit = page.getByRole('form', { name: 'Edit Dmitri Tanaka' })
  await edit.getByLabel('Phone').fill('+1 555 0100')
  await edit.getByRole('button', { name: 'Save contact' }).click()
  await expect(dmitri).toContainText('+1 555 0100')
  await page.getByRole('button', { name: 'Remove Brian Okafor' }).click()
  await page.getByRole('button', { name: 'Yes, remove Brian Okafor' }).click()
  await expect(page.getByTestId('contact')).toHaveCount(3)
  await expect(count).toHaveText('2 of 3 named')
  await allSent(page)
})

test('two engineers offline each name a contact over the cap; back online, the server keeps one un-named and says what to do (D-2)', async ({
  browser,
}) => {
  const baseURL = test.info().project.use.baseURL
  const aCtx = await browser.newContext({ baseURL })
  const bCtx = await browser.newContext({ baseURL })
  try {
    const a = await aCtx.newPage()
    const b = await bCtx.newPage()
    await signIn(a)
    const url = await createCustomer(a, `Offline pair ${stamp}`)
    await buySubscription(a, 'SoftArtisans Gold Support')
    await addContact(a, 'Grace Novak', true)
    await addContact(a, 'Hiro Dubois', true)
    await addContact(a, 'Inès Kowalski', false)
    await addContact(a, 'Jonas Haddad', false)
    await allSent(a)

    await signIn(b)
    await b.goto(url)
    await expect(b.getByTestId('named-count')).toHaveText('2 of 3 named')
    await expect(b.getByTestId('contact')).toHaveCount(4)

    await aCtx.setOffline(true)
    await bCtx.setOffline(true)
    await expect(a.getByTestId('connection-state')).toHaveText('Offline')
    await expect(b.getByTestId('connection-state')).toHaveText('Offline')
    // each sees room for one more, and names one
    await a.getByRole('button', { name: 'Name Inès Kowalski' }).click()
    await b.getByRole('button', { name: 'Name Jonas Haddad' }).click()
    await expect(a.getByTestId('named-count')).toHaveText('3 of 3 named')
    await expect(b.getByTestId('named-count')).toHaveText('3 of 3 named')
    await expect(a.getByTestId('pending-count')).toHaveText('1 change waiting to be sent')
    await expect(b.getByTestId('pending-count')).toHaveText('1 change waiting to be sent')

    // A reaches the server first, then B
    await aCtx.setOffline(false)
    await a.getByRole('button', { name: 'Sync now' }).click()
    await allSent(a)
    await bCtx.setOffline(false)
    await b.getByRole('button', { name: 'Sync now' }).click()
    await allSent(b)

    // B's naming was kept as a contact who is not named, with the rule and what to do
    const jonas = b.getByTestId('contact').filter({ hasText: 'Jonas Haddad' })
    const flag = jonas.getByTestId('over-cap')
    await expect(flag).toBeVisible({ timeout: 20_000 })
    await expect(flag).toContainText('R-SA-4')
    await expect(flag).toContainText('Un-name one of the named contacts')
    await expect(flag).toContainText('Grace Novak')
    await expect(flag).toContainText('upgrade the plan: SoftArtisans Platinum Support allows up to 6')
    await expect(b.getByTestId('named-count')).toHaveText('3 of 3 named')
    await expect(b.getByTestId('over-cap-summary')).toContainText('Jonas Haddad')
    await expect(jonas.getByRole('button', { name: 'Name Jonas Haddad' })).toBeVisible()
    await flag.scrollIntoViewIfNeeded()
    await shot(b, 'customer-over-cap-flag')

    // A sees the same outcome through sync
    await a.getByRole('button', { name: 'Sync now' }).click()
    await expect(
      a.getByTestId('contact').filter({ hasText: 'Jonas Haddad' }).getByTestId('over-cap'),
    ).toBeVisible({
      timeout: 20_000,
    })
    await expect(a.getByRole('button', { name: 'Un-name Inès Kowalski' })).toBeVisible()
    await expect(a.getByTestId('named-count')).toHaveText('3 of 3 named')

    // the flagged change is in B's sync inbox
    await flag.getByRole('link', { name: 'Open the sync inbox' }).click()
    await expect(b.getByRole('heading', { name: 'Applied, with a flag' })).toBeVisible()
    await expect(b.locator('.inbox li').filter({ hasText: 'Contact: set named' })).toContainText('Over cap')
  } finally {
    await aCtx.close()
    await bCtx.close()
  }
})

test('a subscription is bought, renewed, cancelled and reinstated; lifetime and warranty plans say so', async ({
  page,
}) => {
  await signIn(page)
  await createCustomer(page, `Subscriptions ${stamp}`)
  await buySubscription(page, 'SmarterTools Maintenance & Support')
  const sub = page.getByTestId('subscription').filter({ hasText: 'SmarterTools Maintenance & Support' })
  await expect(sub.getByTestId('subscription-state')).toHaveText('Active')
  await expect(sub).toContainText('R-ST-1')
  const before = await sub.getByTestId('subscription-period').textContent()

  const renew = sub.getByRole('button', { name: /^Renew to / })
  const renewLabel = (await renew.textContent())!.replace('Renew to ', '')
  await renew.click()
  await expect(sub.getByTestId('subscription-period')).toContainText(renewLabel)
  expect(await sub.getByTestId('subscription-period').textContent()).not.toBe(before)

  await sub.getByRole('button', { name: 'Cancel subscription' }).click()
  await sub.getByRole('button', { name: 'Yes, cancel SmarterTools Maintenance & Support' }).click()
  await expect(sub.getByTestId('subscription-state')).toHaveText('Cancelled')
  await expect(sub.getByRole('button', { name: /^Renew to / })).toHaveCount(0)

  await sub.getByRole('button', { name: /^Reinstate from / }).click()
  await expect(sub.getByTestId('subscription-state')).toHaveText('Active')
  await expect(sub.getByRole('button', { name: /^Renew to / })).toBeVisible()

  // a hosted service lasts for the lifetime of the subscription (R-ST-2): no end date, nothing to renew
  await buySubscription(page, 'SmarterTools hosted service', 'SmarterTools hosted service (lifetime)')
  const hosted = page.getByTestId('subscription').filter({ hasText: 'SmarterTools hosted service' })
  await expect(hosted.getByTestId('subscription-period')).toContainText('lifetime')
  await expect(hosted.getByRole('button', { name: /^Renew to / })).toHaveCount(0)

  // a plan with a warranty shows it (R-AM-1)
  await buySubscription(page, 'AddOnMail 30-day warranty')
  const warranty = page.getByTestId('subscription').filter({ hasText: 'AddOnMail 30-day warranty' })
  await expect(warranty.getByTestId('subscription-warranty')).toContainText(
    '30-day warranty from purchase (R-AM-1): until',
  )
  await allSent(page)
})

test('a support pack: buy it, log billable time on an incident, see balance, burn-down and ledger (R-PM-5)', async ({
  page,
}) => {
  await signIn(page)
  const customer = `Packs ${stamp}`
  const customerUrl = await createCustomer(page, customer)
  await buySubscription(page, 'PerfectMail support')
  await addContact(page, 'Kemi Larsen', false)
  await expect(page.getByTestId('pack-warning')).toContainText('No support pack')
  const buy = page.getByRole('form', { name: 'Buy a support pack' })
  await buy.getByLabel('Pack size').selectOption({ label: '10 hours' })
  await buy.getByRole('button', { name: 'Buy pack' }).click()
  const total = page.getByTestId('pack-total')
  await expect(total).toContainText('10 h 00 left of 10 h 00 bought')
  await expect(page.getByTestId('pack-warning')).toHaveCount(0)

  // an incident of this customer, billable (delegated administration, R-PM-2)
  const subject = `Delegated admin ${stamp}`
  await page.getByRole('link', { name: /New incident/ }).click()
  await page.getByLabel('Customer').selectOption({ label: customer })
  await page.getByLabel('Category').selectOption('delegated-administration')
  await page.getByLabel('Subject').fill(subject)
  await expect(page.getByTestId('entitlement-decision')).toBeVisible()
  await page.getByRole('button', { name: 'Open incident' }).click()
  await expect(page.locator('#incident-title')).toHaveText(subject)
  const incidentUrl = page.url()
  const logTime = async (minutes: number, count: number) => {
    const log = page.getByRole('form', { name: 'Log time' })
    await log.getByLabel('Minutes').fill(String(minutes))
    await log.getByRole('button', { name: /^Log/ }).click()
    await expect(page.getByTestId('time-entry')).toHaveCount(count)
  }
  await logTime(45, 1)

  await page.goto(customerUrl)
  await expect(total).toContainText('9 h 15 left of 10 h 00 bought')
  const rows = page.getByTestId('ledger-row')
  await expect(rows).toHaveCount(2)
  // newest first: the entry (incident link, engineer, hours, running balance), then the purchase
  await expect(rows.nth(0)).toContainText(subject)
  await expect(rows.nth(0)).toContainText('engineer (you)')
  await expect(rows.nth(0)).toContainText('−0 h 45')
  await expect(rows.nth(0)).toContainText('9 h 15')
  await expect(rows.nth(1)).toContainText('Bought: 10-hour pack')
  await expect(rows.nth(1)).toContainText('+10 h 00')
  await expect(rows.nth(0).getByRole('link', { name: subject })).toHaveAttribute('href', /#\/incident\//)
  const chart = page.getByRole('img', { name: /Support-pack balance over time/ })
  await expect(chart).toBeVisible()
  await expect(page.getByTestId('burn-down-summary')).toContainText('1 billable entry drew 0 h 45')
  await expect(page.getByTestId('burn-down-summary')).toContainText('Balance now 9 h 15')

  // drawn down to a quarter of an hour: low; then past zero: overdrawn
  await page.goto(incidentUrl)
  await logTime(540, 2)
  await page.goto(customerUrl)
  await expect(total).toContainText('0 h 15 left of 10 h 00 bought')
  await expect(page.getByTestId('pack-warning')).toContainText('Only 0 h 15 left of 10 h 00 bought')
  await page.goto(incidentUrl)
  await logTime(60, 3)
  await page.goto(customerUrl)
  await expect(total).toContainText('−0 h 45 left of 10 h 00 bought')
  await expect(page.getByTestId('pack-warning')).toContainText('Overdrawn by 0 h 45')
  await expect(page.getByTestId('pack-warning')).toContainText('R-PM-5')
  await expect(rows).toHaveCount(4)
  await expect(rows.nth(0)).toContainText('−0 h 45')
  await allSent(page)
  await page.getByTestId('burn-down').scrollIntoViewIfNeeded()
  await shot(page, 'customer-packs')
})

test('the list: "/" searches, j/k and Enter open a customer, Export CSV downloads exactly the rows shown', async ({
  page,
}) => {
  await signIn(page)
  await createCustomer(page, `Export one ${stamp}`)
  await buySubscription(page, 'SoftArtisans Gold Support')
  await createCustomer(page, `Export two ${stamp}`)
  await openCustomers(page)

  await page.keyboard.press('/')
  const search = page.getByLabel('Search customers')
  await expect(search).toBeFocused()
  await search.fill(`export ${stamp}`)
  await search.press('Enter')
  const rows = page.getByTestId('customer-row')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText(`Export one ${stamp}`)
  await expect(rows.nth(0)).toContainText('SoftArtisans Gold Support')
  await expect(rows.nth(0)).toContainText('Active')
  await expect(rows.nth(0)).toContainText('0 of 3 named')
  await expect(rows.nth(1)).toContainText('No subscription')

  const { fileName, lines } = await exportCsv(page)
  expect(fileName).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(lines[0]).toBe('Name,Team,Plan,Status,Named contacts,Open incidents')
  expect(lines.slice(1)).toEqual([
    `Export one ${stamp},Mail Desk (your team),SoftArtisans Gold Support,Active,0 of 3 named,0`,
    `Export two ${stamp},Mail Desk (your team),No subscription,—,0 named,0`,
  ])

  // keyboard (once no button has the focus): the first row is selected; j moves down, k up, Enter opens it
  await search.focus()
  await search.press('Escape')
  await expect(search).not.toBeFocused()
  await expect(rows.nth(0)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('j')
  await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('k')
  await page.keyboard.press('ArrowDown')
  await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('Enter')
  await expect(page.locator('#customer-title')).toHaveText(`Export two ${stamp}`)

  // editing a customer
  await page.getByRole('button', { name: 'Edit customer' }).click()
  const edit = page.getByRole('form', { name: 'Edit customer' })
  await edit.getByLabel('Name', { exact: true }).fill(`Export two renamed ${stamp}`)
  await edit.getByLabel('Notes').fill('Prefers email.')
  await edit.getByRole('button', { name: 'Save customer' }).click()
  await expect(page.locator('#customer-title')).toHaveText(`Export two renamed ${stamp}`)
  await expect(page.getByText('Prefers email.')).toBeVisible()
  await allSent(page)
})

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`screens in ${colorScheme}`, () => {
    test.use({ colorScheme })
    test(`the list and a demo customer with a support pack (${colorScheme})`, async ({ page }) => {
      await signIn(page)
      await openCustomers(page)
      await expect(page.getByTestId('customer-row').first()).toBeVisible()
      await shot(page, 'customers-list')
      await page.getByRole('link', { name: 'Initech Mail' }).click()
      await expect(page.locator('#customer-title')).toHaveText('Initech Mail')
      await expect(page.getByTestId('pack-total')).toBeVisible()
      await shot(page, 'customer-detail')
      await page.getByTestId('burn-down').scrollIntoViewIfNeeded()
      await shot(page, 'customer-detail-packs')
    })
  })
}
