/**
 * Issue 12, a mail's attachments in the app, in Chromium against the e2e server (whose attachment limit is 2 MB,
 * playwright.config.ts) with a real Dovecot the spec starts. A contact's mail carrying a log (sent as
 * application/octet-stream, as mail clients do), an inline image (cid:) and a 3 MB bundle opens an incident;
 * a stranger's mail with a log and a 3 MB core dump lands in Unmatched mail.
 *
 * - the incident's timeline lists the mail's files as a comment's are: the log opens as text, is kept on the
 *   device and opens again with the server unreachable; the image is marked inline; the bundle is named with
 *   the server's reason for not keeping it;
 * - Unmatched mail's reading pane lists the stranger's files (names, sizes, not openable until attached, which
 *   it says) and the dropped one with its reason; once attached to a customer, the log opens on the incident.
 *
 * Set-up and tear-down by useMailDesk (mail-desk.ts): every mailbox of the demo team "Mail Desk" is removed
 * first (the outbox sends from a team's first mailbox), this spec's own is removed afterwards.
 */
import { randomUUID } from 'node:crypto'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { composeMail, tinyPng } from '../support/mail'
import { e2eServerUrl } from './env'
import { incidentOpenedBy, useMailDesk } from './mail-desk'
import { shotBothSchemes, signIn } from './support'

test.describe.configure({ mode: 'serial' })

const uniq = randomUUID().slice(0, 8)
const address = `files-${uniq}@desk.test`
const customer = `Log Works ${uniq}`
const contactEmail = `lee.${uniq}@customer.test`
const subject = `Relay crashes at start-up ${uniq}`
const strangerSubject = `Our gateway drops TLS sessions ${uniq}`
const tooBig = 3 * 1024 * 1024
const reason = 'The attachment is larger than the limit of 2 MB.'
const relayLog = [
  '2026-12-04T09:12:01Z relay[812]: starting, config /etc/relay/relay.conf',
  '2026-12-04T09:12:02Z relay[812]: fatal: cannot bind 0.0.0.0:25: Address in use',
  `2026-12-04T09:12:02Z relay[812]: marker ${uniq}`,
  '',
].join('\n')
const gatewayLog = `2026-12-04T08:00:00Z gw[77]: TLS session dropped after 30 s (${uniq})\n`

const desk = useMailDesk(address, {
  register: true,
  contact: { customer, contact: 'Lee Park', email: contactEmail },
})
let incidentId: string

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(90_000)
  await desk.dovecot.deliver(
    await composeMail({
      from: `Lee Park <${contactEmail}>`,
      to: `Mail Desk <${address}>`,
      subject,
      messageId: `crash-${uniq}@customer.test`,
      text: 'Our relay stops right after start-up. The log and the full bundle are attached.',
      html: '<p>Our relay stops right after start-up.</p><p><img src="cid:screen@customer.test"></p>',
      attachments: [
        { filename: 'relay.log', content: Buffer.from(relayLog), contentType: 'application/octet-stream' },
        { filename: 'screen.png', content: tinyPng, contentType: 'image/png', cid: 'screen@customer.test' },
        { filename: 'bundle.zip', content: Buffer.alloc(tooBig, 7), contentType: 'application/zip' },
      ],
    }),
  )
  await desk.dovecot.deliver(
    await composeMail({
      from: `Sam Newcomer <sam.${uniq}@newcomer.test>`,
      to: address,
      subject: strangerSubject,
      messageId: `gateway-${uniq}@newcomer.test`,
      text: 'Since Monday our gateway drops every TLS session after 30 seconds. Log attached.',
      attachments: [
        { filename: 'gateway.log', content: Buffer.from(gatewayLog), contentType: 'text/plain' },
        {
          filename: 'core.dump',
          content: Buffer.alloc(tooBig, 1),
          contentType: 'application/octet-stream',
        },
      ],
    }),
  )
  // the server's watcher (IMAP IDLE) opens the incident from the contact's mail
  incidentId = await incidentOpenedBy(playwright, subject, 30_000)
})

async function openIncident(page: Page, id: string, title: string): Promise<Locator> {
  await page.goto(`/#/incident/${id}`)
  await expect(page.locator('#incident-title')).toHaveText(title, { timeout: 20_000 })
  return page.getByTestId('timeline-event').filter({ has: page.getByTestId('mail-in') })
}

test("a contact's mail lists its files: the log opens as text (offline too, once opened), the image is inline, the dropped bundle is named with the reason", async ({
  page,
}) => {
  await signIn(page)
  const mail = await openIncident(page, incidentId, subject)
  await expect(mail).toHaveCount(1)
  const files = mail.getByRole('list', { name: 'Attachments', exact: true }).getByTestId('attachment')
  await expect(files).toHaveCount(2)
  const log = files.filter({ hasText: 'relay.log' })
  await expect(log).toContainText(`relay.log ${Buffer.byteLength(relayLog)} B`)
  await expect(log).not.toContainText('inline')
  const image = files.filter({ hasText: 'screen.png' })
  await expect(image).toContainText('inline')
  const dropped = mail.getByRole('list', { name: 'Attachments not kept' }).getByTestId('dropped-attachment')
  await expect(dropped).toHaveText([`bundle.zip (3.0 MB) was not kept: ${reason}`])

  // the log was sent as application/octet-stream: its name makes it text, so it opens in the viewer
  await log.getByRole('button', { name: 'Open relay.log' }).click()
  await expect(log.getByTestId('text-viewer')).toHaveText(relayLog)
  await expect(log.getByRole('link', { name: 'Save relay.log' })).toBeVisible()
  await shotBothSchemes(page, 'mail-attachments-timeline', mail)

  // kept on this device: with the server unreachable and the page reloaded, the log opens again
  await page.route(`${e2eServerUrl}/**`, (route) => route.abort('internetdisconnected'))
  await page.reload()
  await expect(page.getByTestId('connection-state')).toHaveText(/Offline|Server unreachable/)
  await log.getByRole('button', { name: 'Open relay.log' }).click()
  await expect(log.getByTestId('text-viewer')).toHaveText(relayLog)
  // the image was never opened, so it is not here: opening it says why instead of hanging
  await image.getByRole('button', { name: 'Open screen.png' }).click()
  await expect(image.getByRole('alert')).toBeVisible()
  await page.unroute(`${e2eServerUrl}/**`)
})

test('Unmatched mail lists the stranger’s files and the dropped one; once attached, the log opens on the incident', async ({
  page,
}) => {
  await signIn(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Unmatched mail' }).click()
  const list = page.getByRole('listbox', { name: 'Unmatched mail' })
  const item = list.getByRole('option', { name: new RegExp(strangerSubject) })
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(item).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })
  await item.click()
  const reader = page.getByRole('article', { name: strangerSubject })
  const files = reader.getByRole('list', { name: 'Attachments of this mail' }).getByRole('listitem')
  await expect(files).toHaveText([`gateway.log ${Buffer.byteLength(gatewayLog)} B`])
  // not downloadable before it is a customer's: no Open, and the pane says when it will be
  await expect(reader.getByRole('button', { name: /Open/ })).toHaveCount(0)
  await expect(reader).toContainText('These files can be opened once the mail is attached to a customer')
  await expect(reader.getByTestId('dropped-attachment')).toHaveText([
    `core.dump (3.0 MB) was not kept: ${reason}`,
  ])
  await shotBothSchemes(page, 'mail-attachments-unmatched', reader)

  await reader.getByRole('button', { name: /Attach to customer/ }).click()
  const attach = page.getByRole('form', { name: 'Attach to customer' })
  await attach.getByLabel('Find a customer').fill(uniq)
  await expect(attach.getByLabel('Customer', { exact: true }).locator('option:checked')).toHaveText(customer)
  await attach.getByRole('button', { name: 'Attach and open the incident' }).click()
  await page.getByRole('link', { name: 'Open the incident' }).click()
  await expect(page.locator('#incident-title')).toHaveText(strangerSubject, { timeout: 20_000 })
  const mail = page.getByTestId('timeline-event').filter({ has: page.getByTestId('mail-in') })
  const log = mail.getByTestId('attachment').filter({ hasText: 'gateway.log' })
  await log.getByRole('button', { name: 'Open gateway.log' }).click()
  await expect(log.getByTestId('text-viewer')).toHaveText(gatewayLog)
  await expect(mail.getByTestId('dropped-attachment')).toHaveText([
    `core.dump (3.0 MB) was not kept: ${reason}`,
  ])
})
