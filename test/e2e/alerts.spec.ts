import { expect, test } from '@playwright/test'
import { signIn } from './support'

declare global {
  interface Window {
    recorded: { notes: { title: string; body: string }[]; badges: number[] }
  }
}

test('my incidents that breach are announced once each, and the badge counts what the queue shows', async ({
  page,
}) => {
  // record what the desk asks of the OS instead of showing it
  await page.addInitScript(() => {
    window.recorded = { notes: [], badges: [] }
    class RecordingNotification {
      static permission = 'granted'
      static requestPermission = () => Promise.resolve('granted')
      constructor(title: string, options?: { body?: string }) {
        window.recorded.notes.push({ title, body: options?.body ?? '' })
      }
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true })
    Object.defineProperty(navigator, 'setAppBadge', {
      value: (count: number) => (window.recorded.badges.push(count), Promise.resolve()),
      configurable: true,
    })
    Object.defineProperty(navigator, 'clearAppBadge', {
      value: () => (window.recorded.badges.push(0), Promise.resolve()),
      configurable: true,
    })
  })
  await page.clock.install()
  await signIn(page)

  const subject = `Nobody answered this one ${Date.now()}`
  await page.getByRole('link', { name: /New incident/ }).click()
  await expect(page.getByRole('heading', { name: 'New incident' })).toBeVisible()
  await page.getByLabel('Customer').selectOption({ label: 'Acme Mail' })
  await page.getByLabel('Subject').fill(subject)
  await expect(page.getByLabel('Assign to me')).toBeChecked()
  await expect(page.getByTestId('response-due')).toContainText('Response due:')
  await page.getByRole('button', { name: 'Open incident' }).click()
  await expect(page.locator('#incident-title')).toHaveText(subject)
  const recorded = () => page.evaluate(() => window.recorded)
  expect((await recorded()).notes.filter((n) => n.body === subject)).toEqual([])

  // ten days later nobody has answered it
  await page.clock.fastForward(10 * 24 * 3_600_000)
  await expect
    .poll(async () => (await recorded()).notes.filter((n) => n.body === subject))
    .toEqual([{ title: 'Response deadline breached', body: subject }])
  await expect(page.getByTestId('sla-clock')).toContainText('Breached')

  // the badge is the number of my open incidents at risk or breached, as the queue shows them
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click()
  await page.getByRole('button', { name: 'My queue', exact: true }).click()
  const rows = page.getByTestId('queue-row')
  await expect(rows.filter({ hasText: subject })).toHaveCount(1)
  const mine = await rows.count()
  await page.getByLabel('Filter Response due').selectOption('breached')
  await expect(rows.filter({ hasText: subject })).toHaveCount(1)
  // days overdue read in whole days, short enough for the column
  await expect(rows.filter({ hasText: subject }).getByText(/^Breached \d+ d$/)).toBeVisible()
  const breached = await rows.count()
  await page.getByLabel('Filter Response due').selectOption('at-risk')
  await expect(rows.filter({ hasText: subject })).toHaveCount(0)
  const atRisk = await rows.count()
  expect(breached + atRisk).toBeGreaterThan(0)
  expect(breached + atRisk).toBeLessThanOrEqual(mine)
  await expect.poll(async () => (await recorded()).badges.at(-1)).toBe(breached + atRisk)

  // each of them announced exactly once, however many times the desk re-renders in the meantime
  await page.clock.fastForward(5 * 60_000)
  const { notes } = await recorded()
  expect(notes.length).toBe(breached + atRisk)
  expect(new Set(notes.map((n) => n.body)).size).toBe(notes.length)
})
