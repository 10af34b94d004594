import { expect, test, type Page } from '@playwright/test'
import { signIn, startIncident, submitIncident } from './support'

async function usedOf(page: Page): Promise<number> {
  const allowance = page.getByTestId('allowance')
  await expect(allowance).toContainText(/\d+ of 5 used/)
  return Number(/(\d+) of 5 used/.exec((await allowance.textContent()) ?? '')?.[1])
}

test('an incident resolved as duplicate or opened in error gives the Silver allowance back (D-1)', async ({
  page,
}) => {
  await signIn(page)
  const stamp = Date.now()
  await startIncident(page, { customer: 'Acme Mail', severity: 'priority', subject: 'Preview only' })
  const before = await usedOf(page)

  for (const resolution of ['duplicate', 'opened-in-error'] as const) {
    const subject = `Counted then given back (${resolution}) ${stamp}`
    await startIncident(page, { customer: 'Acme Mail', severity: 'priority', subject })
    expect(await usedOf(page)).toBe(before)
    await submitIncident(page, subject)

    // while it is open it uses one priority incident of the allowance
    await startIncident(page, { customer: 'Acme Mail', severity: 'priority', subject: 'Preview only' })
    expect(await usedOf(page)).toBe(before + 1)
    await page.goBack()
    await expect(page.locator('#incident-title')).toHaveText(subject)

    await page.getByLabel('Resolution code').selectOption(resolution)
    await expect(page.getByText('This gives the incident back to the allowance (D-1).')).toBeVisible()
    if (resolution === 'duplicate') {
      await page.getByLabel('Duplicate of').selectOption({ index: 1 })
    }
    await page.getByRole('button', { name: 'Resolve incident' }).click()
    await expect(page.getByTestId('incident-status')).toHaveText('Resolved')
  }

  // the next priority incident on the same contract is counted as if neither had been opened
  await startIncident(page, { customer: 'Acme Mail', severity: 'priority', subject: 'Preview only' })
  expect(await usedOf(page)).toBe(before)
  await expect(page.locator('.preview .reasons')).toContainText(
    /D-1 .*\d+ closed as duplicate or opened in error were given back/,
  )
})

test('billable time draws the support pack down, and a warning comes before it goes negative (R-PM-5)', async ({
  page,
}) => {
  await signIn(page)
  const subject = `Delegated admin on the appliance ${Date.now()}`
  await startIncident(page, {
    customer: 'Initech Mail',
    category: 'delegated-administration',
    subject,
  })
  await submitIncident(page, subject)
  const balance = page.getByTestId('pack-balance')
  const remaining = async () => {
    await expect(balance).toContainText(/left of 10 h 00/)
    const m = /: (−?)(\d+) h (\d\d) left/.exec((await balance.textContent()) ?? '')
    expect(m).not.toBeNull()
    return (m![1] ? -1 : 1) * (Number(m![2]) * 60 + Number(m![3]))
  }
  const log = page.getByRole('form', { name: 'Log time' })
  const start = await remaining()
  expect(start).toBeGreaterThan(15)

  // 15 billable minutes: logged without a warning, and the pack shows 15 minutes less
  await log.getByLabel('Minutes').fill('15')
  await expect(log.getByRole('note')).toHaveCount(0)
  await log.getByRole('button', { name: 'Log time' }).click()
  await expect(page.getByTestId('time-entry')).toHaveCount(1)
  await expect(page.getByTestId('entry-billable').first()).toHaveText('Billable')
  await expect.poll(remaining).toBe(start - 15)

  // more than what is left: the form warns before anything is logged, and the button says so
  const left = start - 15
  await log.getByLabel('Minutes').fill(String(left + 30))
  // it names the one pack the entry is drawn from, and that pack's balance after it
  await expect(log.getByRole('note')).toContainText('takes the support pack "10-hour pack" below zero')
  await expect(log.getByRole('note')).toContainText('−0 h 30 after')
  await expect(log.getByRole('note')).toContainText('R-PM-5')
  await expect(page.getByTestId('time-entry')).toHaveCount(1)
  // exactly what is left is still fine
  await log.getByLabel('Minutes').fill(String(left))
  await expect(log.getByRole('note')).toHaveCount(0)

  await log.getByLabel('Minutes').fill(String(left + 30))
  await log.getByRole('button', { name: 'Log anyway' }).click()
  await expect(page.getByTestId('time-entry')).toHaveCount(2)
  await expect.poll(remaining).toBe(-30)
  await expect(balance).toContainText('overdrawn')
})

test('knowledge base: link an article that answered the incident, and write one from the answer', async ({
  page,
}) => {
  await signIn(page)
  const subject = `How do I whitelist a sender ${Date.now()}`
  await startIncident(page, { customer: 'Acme Mail', category: 'question', subject })
  await submitIncident(page, subject)
  const kb = page.getByRole('region', { name: 'Knowledge base' })
  await expect(kb.getByText('No article linked.')).toBeVisible()

  await kb.getByRole('combobox').selectOption({ label: 'Whitelisting a sender' })
  await kb.getByLabel(/It already answered the question/).check()
  await kb.getByRole('button', { name: 'Link article' }).click()
  await expect(kb.getByRole('listitem').filter({ hasText: 'Whitelisting a sender' })).toBeVisible()
  await expect(kb.getByText('No article linked.')).toHaveCount(0)
  // linked articles are not offered again
  await expect(kb.getByRole('combobox').locator('option', { hasText: 'Whitelisting a sender' })).toHaveCount(
    0,
  )

  // the answer sent to the customer becomes the article's body
  const answer = 'Add the sender under Settings > Spam > Trusted senders.'
  await page.getByLabel('Comment').fill(answer)
  await page.getByLabel('To the customer').check()
  await page.getByRole('button', { name: 'Add comment' }).click()
  await expect(page.getByTestId('timeline-event').filter({ hasText: answer })).toContainText(
    'Answer to the customer',
  )
  const title = `Trusting a sender ${Date.now()}`
  await kb.getByLabel('New article title').fill(title)
  await kb.getByRole('button', { name: 'Create from this answer' }).click()
  await expect(kb.getByRole('listitem').filter({ hasText: title })).toContainText('draft')
  await expect(kb.getByLabel('New article title')).toHaveValue('')
  await expect(kb.getByRole('alert')).toHaveCount(0)
  // both survive a reload (they are in the local database, not only in the screen)
  await page.reload()
  await expect(kb.getByRole('listitem')).toHaveCount(2)
})
