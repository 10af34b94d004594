/**
 * Issue 12's admin screens end to end, against the real server, a real Dovecot and a real SMTP sink on free
 * loopback ports: an admin adds the Mail Desk team's mailbox (a wrong field named first), tests it (IMAP and
 * SMTP ok) and sees it listed, read by the server, without its password; an engineer has no Mailboxes screen; a
 * stranger's mail delivered into the Dovecot INBOX is fetched by the server, shows in Unmatched mail, is found by
 * search, opened and attached with the keyboard to a customer (the sender as a new contact), leaves the list and
 * is an incident in the queue; offline the screen says it needs the server. Screenshots light and dark.
 */
import { expect, test, type Page } from '@playwright/test'
import { useMailDesk } from './mail-desk'
import { createCustomersFor, shotBothSchemes, signIn } from './support'

const stamp = Date.now().toString(36)
const address = `desk-${stamp}@caseload.test`
const customer = `Stranger Mail ${stamp}`
const subject = `Our relay drops mail ${stamp}`

test.describe.configure({ mode: 'serial' })

// the admin adds the mailbox through the screen; useMailDesk removes it afterwards
const desk = useMailDesk(address, { register: false })

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000)
  await createCustomersFor(browser, [customer])
})

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click()
}

test('an admin adds a team mailbox, tests it and sees it listed without its password', async ({ page }) => {
  await signIn(page, 'admin')
  await nav(page, 'Mailboxes')
  await expect(page.getByRole('heading', { name: 'Mailboxes', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Add mailbox' }).click()
  const form = page.getByRole('form', { name: 'Add mailbox' })
  await form.getByLabel('Team').selectOption({ label: 'Mail Desk' })
  await form.getByLabel('Address').fill(address)
  await form.getByLabel('Display name (optional)').fill('Mail Desk')
  await form.getByLabel('IMAP TLS').uncheck()
  await expect(form.getByLabel('IMAP port')).toHaveValue('143')
  await form.getByLabel('IMAP port').fill('99999')
  await form.getByLabel('IMAP user').fill(desk.dovecot.user)
  await form.getByLabel('IMAP password').fill(desk.dovecot.password)
  await form.getByLabel('SMTP host').fill(desk.sink.host)
  await form.getByLabel('SMTP TLS').uncheck()
  await form.getByLabel('SMTP port').fill(String(desk.sink.port))

  // a wrong form is refused here, each field named, and nothing is added
  await form.getByRole('button', { name: 'Add mailbox' }).click()
  const problems = form.getByRole('alert')
  await expect(problems).toContainText('IMAP host: a host name is needed')
  await expect(problems).toContainText('IMAP port: a port from 1 to 65535')
  await expect(form.getByLabel('IMAP host')).toHaveAttribute('aria-invalid', 'true')

  await form.getByLabel('IMAP host').fill(desk.dovecot.host)
  await form.getByLabel('IMAP port').fill(String(desk.dovecot.port))
  await form.getByRole('button', { name: 'Add mailbox' }).click()
  await expect(form).toBeHidden()

  const team = page.getByRole('region', { name: 'Team Mail Desk' })
  const card = team.getByRole('listitem', { name: address })
  await expect(card).toContainText(`${desk.dovecot.host}:${desk.dovecot.port}`)
  await expect(card).toContainText(`user ${desk.dovecot.user} · password set`)
  await expect(card).toContainText(`${desk.sink.host}:${desk.sink.port} · no sign-in`)

  await card.getByRole('button', { name: 'Test connection' }).click()
  const result = card.getByRole('status', { name: `Test of ${address}` })
  await expect(result).toContainText(/IMAP ok: INBOX has \d+ messages/, { timeout: 20_000 })
  await expect(result).toContainText('SMTP ok')
  await expect(card.getByTestId('mailbox-status')).toContainText('Reading mail')
  // the password went to the server once and is nowhere on the page (nor in the app's storage: not kept)
  expect(await page.content()).not.toContain(desk.dovecot.password)
  const stored = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  )
  expect(stored).not.toContain(desk.dovecot.password)
  await shotBothSchemes(page, 'mail-admin-mailboxes')

  // the palette offers the screen to admins
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: 'Type a command' }).fill('mailboxes')
  await expect(page.getByRole('option', { name: /Mailboxes: team mail settings/ })).toBeVisible()
  await page.keyboard.press('Escape')
})

test('an engineer has no mailbox settings', async ({ page }) => {
  await signIn(page)
  const main = page.getByRole('navigation', { name: 'Main' })
  await expect(main.getByRole('link', { name: 'Unmatched mail', exact: true })).toBeVisible()
  await expect(main.getByRole('link', { name: 'Mailboxes', exact: true })).toHaveCount(0)
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: 'Type a command' }).fill('mail')
  await expect(page.getByRole('option', { name: /Unmatched mail/ })).toBeVisible()
  await expect(page.getByRole('option', { name: /Mailboxes/ })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await page.goto('/#/mailboxes')
  await expect(page.getByText('Mailboxes are managed by administrators.')).toBeVisible()
})

test('a stranger’s mail is fetched into Unmatched mail and attached to a customer, opening an incident', async ({
  page,
  context,
}) => {
  await desk.dovecot.deliver(
    [
      'From: Robin Stranger <robin@newcomer.test>',
      `To: ${address}`,
      `Subject: ${subject}`,
      `Message-ID: <stranger-${stamp}@newcomer.test>`,
      'Date: Fri, 04 Dec 2026 09:30:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, since this morning our relay drops every mail to example.org.',
      '',
      'Robin',
      '',
    ].join('\r\n'),
  )
  await signIn(page)
  await nav(page, 'Unmatched mail')
  await expect(page.getByRole('heading', { name: 'Unmatched mail' })).toBeVisible()
  const list = page.getByRole('listbox', { name: 'Unmatched mail' })
  const mail = list.getByRole('option', { name: new RegExp(subject) })
  // the server fetches it on IMAP IDLE; Refresh asks again until it is there
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(mail).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })
  await expect(mail).toContainText('Robin Stranger <robin@newcomer.test>')
  await expect(mail).toContainText('Hello, since this morning our relay drops every mail')

  const search = page.getByRole('searchbox', { name: 'Search unmatched mail' })
  await search.fill('no-such-words-anywhere')
  await expect(page.getByText('No mail matches the search.')).toBeVisible()
  await search.fill(`relay ${stamp}`)
  await expect(mail).toBeVisible()

  // keyboard: focus the list, Enter opens the mail, `a` attaches it
  await list.focus()
  await page.keyboard.press('Enter')
  const reader = page.getByRole('article', { name: subject })
  await expect(reader).toContainText('example.org')
  await shotBothSchemes(page, 'mail-admin-unmatched')
  await list.focus()
  await page.keyboard.press('a')
  const attach = page.getByRole('form', { name: 'Attach to customer' })
  await attach.getByLabel('Find a customer').fill(stamp)
  await expect(attach.getByLabel('Customer', { exact: true })).toHaveValue(/.+/)
  await expect(attach.getByLabel('Customer', { exact: true }).locator('option:checked')).toHaveText(customer)
  await expect(attach.getByLabel('Add the sender (robin@newcomer.test) as a new contact')).toBeChecked()
  await expect(attach.getByLabel('Contact name')).toHaveValue('Robin Stranger')
  await shotBothSchemes(page, 'mail-admin-attach')
  await attach.getByRole('button', { name: 'Attach and open the incident' }).click()

  await expect(page.getByRole('status').filter({ hasText: 'is now an incident' })).toContainText(subject)
  await expect(mail).toHaveCount(0)
  await page.getByRole('link', { name: 'Open the incident' }).click()
  await expect(page.locator('#incident-title')).toHaveText(subject, { timeout: 20_000 })
  await nav(page, 'Queue')
  await page.getByLabel('Search incidents').fill(stamp)
  const row = page
    .getByRole('grid', { name: 'Incident queue' })
    .getByRole('row', { name: new RegExp(subject) })
  await expect(row).toContainText(customer)

  // offline, the server-only list says so plainly instead of failing
  await nav(page, 'Unmatched mail')
  await context.setOffline(true)
  await expect(page.getByRole('status').filter({ hasText: 'You are offline' })).toContainText(
    'kept on the server only',
  )
  await shotBothSchemes(page, 'mail-admin-offline')
  await context.setOffline(false)
})

test('an admin removes the mailbox only after confirming it', async ({ page }) => {
  await signIn(page, 'admin')
  await nav(page, 'Mailboxes')
  const card = page.getByRole('region', { name: 'Team Mail Desk' }).getByRole('listitem', { name: address })
  await card.getByRole('button', { name: 'Remove…' }).click()
  const confirm = card.getByRole('alertdialog', { name: `Remove ${address}?` })
  await expect(confirm).toContainText('Mail already received stays on its incidents.')
  await shotBothSchemes(page, 'mail-admin-remove')
  await confirm.getByRole('button', { name: 'Keep it' }).click()
  await expect(card.getByRole('button', { name: 'Test connection' })).toBeVisible()

  await card.getByRole('button', { name: 'Remove…' }).click()
  await card.getByRole('button', { name: 'Remove mailbox' }).click()
  await expect(card).toHaveCount(0)
  // the server forgot it too: a fresh load doesn't list it
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Mailboxes', exact: true })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Team Mail Desk' })).toContainText('No mailbox')
})
