import { expect, test } from '@playwright/test'
import { shot, signIn } from './support'

test('sign in, see the queue, and work it by keyboard only', async ({ page }) => {
  await signIn(page)
  await expect(page.getByTestId('connection-state')).toHaveText('Online')
  const rows = page.getByTestId('queue-row')
  await expect(rows.first()).toBeVisible()
  await shot(page, 'queue')

  // j/k move the selection
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]')
  const first = await selected.getAttribute('id')
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  await page.keyboard.press('k')
  const second = await selected.getAttribute('id')
  expect(second).not.toBe(first)
  // Enter opens it
  const subject = await selected.locator('.subject').textContent()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 2, name: subject ?? '' })).toBeVisible()
  // Esc goes back, ? lists the shortcuts
  await page.keyboard.press('Escape')
  await expect(page.getByRole('grid', { name: 'Incident queue' })).toBeVisible()
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await shot(page, 'shortcuts')
  await page.keyboard.press('Escape')
  // / searches (subject, description and comments, offline)
  await page.keyboard.press('/')
  await expect(page.getByLabel('Search incidents')).toBeFocused()
  await page.keyboard.type('DKIM')
  await expect(rows.first()).toContainText('DKIM')
  await page.keyboard.press('Escape')
  await page.getByLabel('Search incidents').fill('')
  // the command palette
  await page.keyboard.press('Control+k')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible()
  await page.keyboard.type('unassigned')
  await shot(page, 'palette')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Unassigned' })).toBeVisible()
  // c creates
  await page.keyboard.press('c')
  await expect(page.getByRole('heading', { name: 'New incident' })).toBeVisible()
})
