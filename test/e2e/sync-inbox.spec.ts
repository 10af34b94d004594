import { expect, test } from '@playwright/test'
import { e2eServerUrl } from './env'
import { shot, signIn } from './support'

test('two engineers override the same time entry; the stale one lands in the sync inbox and "Apply mine" wins', async ({
  browser,
}) => {
  const mineCtx = await browser.newContext()
  const theirsCtx = await browser.newContext()
  const mine = await mineCtx.newPage()
  const theirs = await theirsCtx.newPage()
  try {
    await signIn(mine)
    const subject = `Edited from two desks ${Date.now()}`
    await mine.getByRole('link', { name: /New incident/ }).click()
    await expect(mine.getByRole('heading', { name: 'New incident' })).toBeVisible()
    await mine.getByLabel('Customer').selectOption({ label: 'Acme Mail' })
    await mine.getByLabel('Subject').fill(subject)
    await expect(mine.getByTestId('entitlement-decision')).toBeVisible()
    await mine.getByRole('button', { name: 'Open incident' }).click()
    await expect(mine.locator('#incident-title')).toHaveText(subject)
    const incidentHash = new URL(mine.url()).hash
    const log = mine.getByRole('form', { name: 'Log time' })
    await log.getByRole('button', { name: /Log/ }).click()
    const myEntry = mine.getByTestId('time-entry').first()
    await expect(myEntry).toContainText('Synced', { timeout: 20_000 })

    // the other desk sees the same entry at the same version
    await signIn(theirs)
    await theirs.goto(mine.url())
    const theirEntry = theirs.getByTestId('time-entry').first()
    await expect(theirEntry).toBeVisible()

    // mine is edited while the server can't be reached...
    await mine.route(`${e2eServerUrl}/**`, (route) => route.abort('internetdisconnected'))
    await myEntry.getByRole('button', { name: 'Override billable' }).click()
    await myEntry.getByLabel(/Justification/).fill('Mine: the customer was promised this free.')
    await myEntry.getByRole('button', { name: 'Save override' }).click()
    await expect(myEntry.getByTestId('entry-reason')).toContainText('Mine: the customer')

    // ...while theirs reaches the server first
    await theirEntry.getByRole('button', { name: 'Override billable' }).click()
    await theirEntry.getByLabel(/Justification/).fill('Theirs: billed as agreed on the phone.')
    await theirEntry.getByRole('button', { name: 'Save override' }).click()
    await expect(theirEntry).toContainText('Synced', { timeout: 20_000 })

    await mine.unroute(`${e2eServerUrl}/**`)
    await mine.getByRole('button', { name: 'Sync now' }).click()
    await expect(mine.getByTestId('pending-count')).toHaveText('All changes sent', { timeout: 20_000 })
    // the server kept its value, and says so
    await expect(myEntry.getByTestId('entry-reason')).toContainText('Theirs: billed', { timeout: 20_000 })
    await mine.getByRole('link', { name: 'Sync inbox' }).click()
    const conflict = mine.locator('.inbox li').filter({ hasText: 'someone changed this on the server first' })
    await expect(mine.getByRole('heading', { name: 'Conflicts' })).toBeVisible()
    await expect(conflict).toHaveCount(1)
    await expect(conflict).toContainText('Time entry: override billable')
    // both values are there to compare before choosing (P3)
    const values = conflict.getByRole('table')
    await expect(values.getByRole('row', { name: /Reason/ })).toContainText('Mine: the customer was promised')
    await expect(values.getByRole('row', { name: /Reason/ })).toContainText('Theirs: billed as agreed')
    await expect(conflict.getByRole('link', { name: 'Open the incident' })).toHaveAttribute(
      'href',
      incidentHash,
    )
    await shot(mine, 'sync-inbox-conflict')

    await conflict.getByRole('button', { name: 'Apply mine' }).click()
    await expect(conflict).toHaveCount(0)
    await expect(mine.getByRole('alert')).toHaveCount(0)
    // (an override to billable may still be listed as applied with a flag: that is not a conflict)
    await expect(mine.getByRole('heading', { name: 'Conflicts' })).toHaveCount(0)
    await mine.goBack()
    await expect(myEntry.getByTestId('entry-reason')).toContainText('Mine: the customer', { timeout: 20_000 })
    await expect(myEntry).toContainText('Synced', { timeout: 20_000 })
    // and the other desk gets mine through the server
    await expect(theirEntry.getByTestId('entry-reason')).toContainText('Mine: the customer', {
      timeout: 20_000,
    })
  } finally {
    await mineCtx.close()
    await theirsCtx.close()
  }
})
