import { expect, test } from '@playwright/test'
import { e2eServerUrl } from './env'
import { shot } from './support'

test('the sign-in screen in browser mode says the server cannot be reached, and where the sign-in is kept', async ({
  page,
}) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  // the server is down: every request to it fails as a dead network would
  await page.route(`${e2eServerUrl}/**`, (route) => route.abort('connectionrefused'))
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Caseload' })).toBeVisible()
  await expect(page.getByText('Browser mode')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await expect(page.getByTestId('connection-state')).toHaveText('Offline')
  await expect(page.getByText(/The server cannot be reached/)).toBeVisible()
  // Browser mode keeps sign-in for the session only, and the UI must say so.
  await expect(page.getByText(/this browser session only/i)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Try again' })).toBeEnabled()

  await page.getByLabel('User').fill('engineer')
  await page.getByLabel('Password').fill('whatever')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toContainText(/No answer from/)
  expect(errors).toEqual([])
})

test('another server than the one the browser build allows is named as such, not as "no connection"', async ({
  page,
}) => {
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  const other = 'https://helpdesk.example.com'
  await page.goto('/')
  await page.getByLabel('Server address').fill(e2eServerUrl)
  await expect(page.getByText('Server reachable.')).toBeVisible()

  await page.getByLabel('Server address').fill(other)
  const state = page.getByTestId('server-state')
  await expect(state).toHaveText(
    `This browser build connects only to ${e2eServerUrl}; set CASELOAD_SERVER_URL=${other} when you start it (npm run web) to use that server.`,
  )
  await expect(state).not.toContainText('no connection')
  await expect(page.getByLabel('Server address')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0)
  await shot(page, 'signin-other-server')

  await page.getByLabel('User').fill('engineer')
  await page.getByLabel('Password').fill('whatever')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toContainText(
    `This browser build connects only to ${e2eServerUrl}; set CASELOAD_SERVER_URL`,
  )
  // nothing was sent to the other server (the CSP would have blocked it anyway)
  expect(requests.filter((url) => url.startsWith(other))).toEqual([])

  // back to the build's server: reachable again, and the sign-in goes through
  await page.getByLabel('Server address').fill(e2eServerUrl)
  await expect(page.getByText('Server reachable.')).toBeVisible()
  await expect(page.getByLabel('Server address')).toHaveAttribute('aria-invalid', 'false')
})

test('a wrong password is refused with a plain message', async ({ page }) => {
  await page.goto('/')
  await page.getByLabel('Server address').fill(e2eServerUrl)
  await expect(page.getByText('Server reachable.')).toBeVisible()
  await page.getByLabel('User').fill('engineer')
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.')
})

test('the Content-Security-Policy blocks an injected inline script', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  const response = await page.goto('/')
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
  await expect(page.getByRole('heading', { name: 'Caseload' })).toBeVisible()

  // An attacker who got markup into the page: the script element is inserted, but must not run.
  await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__injected = true'
    document.body.appendChild(script)
  })
  // An inline event handler is inline script too.
  await page.evaluate(() => {
    const img = document.createElement('img')
    img.setAttribute('src', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=')
    img.setAttribute('onload', 'window.__injectedHandler = true')
    document.body.appendChild(img)
  })
  await page.waitForTimeout(200)
  expect(
    await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
  ).toBeUndefined()
  expect(
    await page.evaluate(() => (window as unknown as { __injectedHandler?: boolean }).__injectedHandler),
  ).toBeUndefined()
  expect(violations.length).toBeGreaterThan(0)
})
