import { expect, test } from '@playwright/test'
import { shot, signIn } from './support'

/**
 * Issue 14: the first paint needs only the shell and the queue; every other screen is fetched on first visit
 * (or when the desk is idle). The shortcuts and the palette work while a screen's chunk is missing, a slow chunk
 * shows a quiet placeholder, and one that can't be fetched says so and loads on "Try again".
 */
test('the queue paints without the other screens; a missing screen says so, and loads when it can', async ({
  page,
}) => {
  // the new-incident screen's chunk can't be fetched (the server that serves the app is gone)
  await page.route('**/assets/NewIncident-*.js', (route) => route.abort('internetdisconnected'))
  await signIn(page)
  // the shortcuts are the shell's: they work while a screen is missing
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('c')
  const failed = page.getByRole('alert')
  await expect(failed).toContainText('The new incident screen could not be loaded.')
  await shot(page, 'screen-load-failed')
  await page.keyboard.press('Control+k')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible()
  await page.keyboard.press('Escape')
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await page.keyboard.press('Escape')

  // the connection is back: "Try again" fetches it
  await page.unroute('**/assets/NewIncident-*.js')
  await failed.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByRole('heading', { name: 'New incident' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('a slow screen shows a calm placeholder, then the screen', async ({ page }) => {
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/assets/ReportsScreen-*.js', async (route) => {
    await held
    await route.continue()
  })
  await signIn(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click()
  const placeholder = page.getByRole('status').filter({ hasText: 'Loading this screen…' })
  await expect(placeholder).toBeVisible()
  // it fades in after a moment rather than flashing on every fast load
  expect(await placeholder.evaluate((el) => getComputedStyle(el).animationDelay)).toBe('0.4s')
  await shot(page, 'screen-loading')
  release()
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible()
  await expect(placeholder).toHaveCount(0)
})
