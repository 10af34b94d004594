import { expect, type Page } from '@playwright/test'
import { e2eDemoPassword, e2eServerUrl } from './env'

/** Signs in through the sign-in screen and waits for the first sync to finish. */
export async function signIn(page: Page, username = 'engineer'): Promise<void> {
  await page.goto('/')
  await page.getByLabel('Server address').fill(e2eServerUrl)
  await page.getByLabel('User').fill(username)
  await page.getByLabel('Password').fill(e2eDemoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('grid', { name: 'Incident queue' })).toBeVisible()
  await expect(page.getByTestId('last-sync')).toContainText('Synced', { timeout: 20_000 })
}

export async function shot(page: Page, name: string): Promise<void> {
  const scheme = await page.evaluate(() =>
    matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  )
  await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png`, fullPage: false })
}
