/**
 * Issue 12 end to end, in Chromium against the e2e server: a real Dovecot delivers a customer's mail (which
 * opens an incident) and a real SMTP sink receives what the server sends. The spec registers a mailbox for the
 * demo team "Mail Desk" through the admin API and removes it afterwards, so the specs after it queue no mail.
 *
 * - the customer's mail on the timeline: sender, subject, date, their own words, the quoted history folded;
 * - an offline reply (server blocked, page reloaded, back online) reaches the sink exactly once, from the
 *   team's address, to the contact, with the ticket token, the Message-ID of its event and the customer's mail
 *   as In-Reply-To/References; the timeline shows its mail queued, then sent;
 * - a reply the SMTP server refuses (550) shows the reason and Retry (disabled offline, with why), and Retry
 *   sends it;
 * - R-PM-4: "Create KB article from this reply" opens the article form prefilled and links the article.
 */
import { randomUUID } from 'node:crypto'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { ticketToken } from '../../shared/mutations/mail'
import { e2eServerUrl } from './env'
import { incidentOpenedBy, useMailDesk } from './mail-desk'
import { serverRows, shotBothSchemes, signIn } from './support'

test.describe.configure({ mode: 'serial' })

const uniq = randomUUID().slice(0, 8)
const address = `desk-${uniq}@desk.test`
const contactEmail = `cory.${uniq}@customer.test`
const customerMessageId = `ask-${uniq}@customer.test`
const subject = `Relay bounces every mail to example.org ${uniq}`
const ownWords = 'Our relay bounces every mail to example.org since this morning. Could you have a look?'
const quotedLine = '> 550 5.7.1 Relaying denied'

const desk = useMailDesk(address, {
  register: true,
  contact: { customer: `Relay Works ${uniq}`, contact: 'Cory Bauer', email: contactEmail },
})
let incidentId: string

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(90_000)
  await desk.dovecot.deliver(
    [
      `From: Cory Bauer <${contactEmail}>`,
      `To: Mail Desk <${address}>`,
      `Subject: ${subject}`,
      `Message-ID: <${customerMessageId}>`,
      `Date: ${new Date().toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      ownWords,
      '',
      'Cory',
      '',
      'On Tue, 1 Dec 2026 at 09:12, Mail Delivery System <postmaster@relay.customer.test> wrote:',
      '> Delivery to example.org failed permanently:',
      quotedLine,
      '',
    ].join('\r\n'),
  )
  // the server's watcher (IMAP IDLE) opens the incident
  incidentId = await incidentOpenedBy(playwright, subject, 20_000)
})

async function openTheIncident(page: Page): Promise<void> {
  await signIn(page)
  await page.goto(`/#/incident/${incidentId}`)
  await expect(page.locator('#incident-title')).toHaveText(subject)
}

async function reply(page: Page, text: string): Promise<void> {
  await page.getByLabel('Comment').fill(text)
  await page.getByLabel('To the customer').check()
  await page.getByRole('button', { name: 'Add comment' }).click()
}

function eventWith(page: Page, text: string) {
  return page.getByTestId('timeline-event').filter({ hasText: text })
}

async function eventIdOf(request: APIRequestContext, body: string): Promise<string> {
  const rows = await serverRows(request, ['incidentEvents'])
  const event = rows.get('incidentEvents')?.find((r) => r.incidentId === incidentId && r.body === body)
  expect(event, `no event "${body}" on the server`).toBeDefined()
  return event!.id
}

test("the customer's mail: sender, subject, their words first, the quoted history folded behind a button", async ({
  page,
}) => {
  await openTheIncident(page)
  const mail = page.getByTestId('timeline-event').filter({ has: page.getByTestId('mail-in') })
  await expect(mail).toHaveCount(1)
  await expect(mail.getByTestId('mail-from')).toHaveText(`Cory Bauer <${contactEmail}>`)
  await expect(mail.getByTestId('mail-subject')).toHaveText(subject)
  await expect(mail.getByTestId('mail-own')).toHaveText(`${ownWords}\n\nCory`)
  const toggle = mail.getByRole('button', { name: /quoted history/ })
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(mail.getByTestId('mail-quoted')).toBeHidden()
  await shotBothSchemes(page, 'mail-in-folded', mail)

  // the keyboard opens it
  await toggle.focus()
  await page.keyboard.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(mail.getByTestId('mail-quoted')).toBeVisible()
  await expect(mail.getByTestId('mail-quoted')).toContainText(quotedLine)
  await expect(mail.getByTestId('mail-quoted')).toContainText('Mail Delivery System')
  await shotBothSchemes(page, 'mail-in-unfolded', mail)
  await page.keyboard.press('Space')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
})

test('offline reply: blocked server, reply, reload, online: exactly one mail with the right headers; queued then sent', async ({
  page,
  request,
}) => {
  await openTheIncident(page)
  await page.route(`${e2eServerUrl}/**`, (route) => route.abort('internetdisconnected'))
  const text = `Please check the SPF record of example.org (${uniq}).`
  await reply(page, text)
  const mine = eventWith(page, text)
  await expect(mine).toContainText('Waiting to be sent')
  await page.reload()
  await expect(page.getByTestId('connection-state')).toHaveText(/Offline|Server unreachable/)
  await expect(mine).toContainText('Waiting to be sent')
  expect(desk.sink.mails).toHaveLength(0)

  // the SMTP server keeps the mail unanswered for a while: the timeline shows it queued
  const release = desk.sink.hold()
  await page.unroute(`${e2eServerUrl}/**`)
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
  const delivery = mine.getByTestId('mail-delivery')
  await expect(delivery).toHaveText(`Mail to ${contactEmail} queued`, { timeout: 20_000 })
  await shotBothSchemes(page, 'mail-out-queued', mine)
  release()
  await expect(delivery).toContainText(`Mail sent to ${contactEmail}`, { timeout: 20_000 })
  await shotBothSchemes(page, 'mail-out-sent', mine)

  // once "sent" is recorded the outbox row is done: exactly one mail, with the thread's headers
  expect(desk.sink.mails).toHaveLength(1)
  const sent = desk.sink.mails[0]!
  const eventId = await eventIdOf(request, text)
  expect(sent.to).toEqual([contactEmail])
  expect(sent.parsed.from?.value).toEqual([{ address, name: 'Mail Desk' }])
  expect(sent.parsed.to && !Array.isArray(sent.parsed.to) ? sent.parsed.to.value : []).toEqual([
    { address: contactEmail, name: '' },
  ])
  expect(sent.parsed.subject).toBe(`Re: ${subject} ${ticketToken(incidentId)}`)
  expect(sent.parsed.messageId).toBe(`<${eventId}@desk.test>`)
  expect(sent.parsed.inReplyTo).toBe(`<${customerMessageId}>`)
  expect([sent.parsed.references ?? []].flat()).toContain(`<${customerMessageId}>`)
  expect(sent.parsed.text?.trim()).toBe(text)
})

test('a reply the SMTP server refuses shows the reason and Retry; Retry waits for the network, then sends it', async ({
  page,
  context,
}) => {
  await openTheIncident(page)
  desk.sink.reject({ code: 550, message: `5.1.1 <${contactEmail}>: No such user` })
  const text = `Which version of the relay do you run? (${uniq})`
  await reply(page, text)
  const delivery = eventWith(page, text).getByTestId('mail-delivery')
  await expect(delivery).toContainText(`Mail to ${contactEmail} failed: 550 5.1.1`, { timeout: 20_000 })
  await expect(delivery).toContainText('No such user')
  const retry = delivery.getByRole('button', { name: 'Retry' })
  await expect(retry).toBeEnabled()
  await shotBothSchemes(page, 'mail-out-failed', delivery)

  await context.setOffline(true)
  await expect(retry).toBeDisabled()
  await expect(delivery).toContainText('You are offline: retry once you are back online.')
  await shotBothSchemes(page, 'mail-out-failed-offline', delivery)
  await context.setOffline(false)
  await expect(page.getByTestId('connection-state')).toHaveText('Online', { timeout: 20_000 })

  const before = desk.sink.mails.length
  desk.sink.reject(null)
  const release = desk.sink.hold()
  await retry.click()
  await expect(delivery).toHaveText(`Mail to ${contactEmail} queued`, { timeout: 20_000 })
  release()
  await expect(delivery).toContainText(`Mail sent to ${contactEmail}`, { timeout: 20_000 })
  expect(desk.sink.mails).toHaveLength(before + 1)
  expect(desk.sink.mails.at(-1)!.parsed.text?.trim()).toBe(text)
})

test('R-PM-4: "Create KB article from this reply" opens the article form prefilled and links the new article', async ({
  page,
}) => {
  await openTheIncident(page)
  const text = `Please check the SPF record of example.org (${uniq}).`
  const offer = eventWith(page, text).getByRole('button', { name: 'Create KB article from this reply' })
  await offer.click()
  const form = page.getByRole('form', { name: 'Create KB article' })
  await expect(form.getByLabel('Title')).toHaveValue(subject)
  await expect(form.getByLabel('Body (markdown)')).toHaveValue(text)
  await form.getByLabel('Tags (comma-separated)').fill('spf, relay')
  await form.getByRole('button', { name: 'Create KB article' }).click()

  // linked: the timeline says so with the article, the side panel lists it, and no reply offers it again
  const linked = page.getByTestId('timeline-event').filter({ hasText: 'Knowledge-base article created' })
  await expect(linked.getByRole('link', { name: subject })).toBeVisible()
  await expect(
    page.getByRole('region', { name: 'Knowledge base' }).getByRole('link', { name: subject }),
  ).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create KB article from this reply' })).toHaveCount(0)
  await expect(page.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
})
