import { expect, test, type Page } from '@playwright/test'
import { exportCsv, openIncident, shot, signIn } from './support'

declare global {
  interface Window {
    __kbRan?: number
  }
}

async function shotFromTop(page: Page, name: string): Promise<void> {
  await page.locator('.desk-main').evaluate((el) => el.scrollTo(0, 0))
  await shot(page, name)
}

test('an article written from an incident is found offline, rendered safely, and linked to another incident', async ({
  page,
  context,
}) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await signIn(page)
  const stamp = Date.now()
  const word = `zebrafrost${stamp}`
  const body = [
    `## Fixing the ${word} relay`,
    '',
    'Restart the **relay service**, then check `delivery.log`.',
    '',
    '<script>window.__kbRan = 1; alert("script ran")</script>',
    '',
    '<img src="x" onerror="window.__kbRan = 2">',
    '',
    '[click me](javascript:window.__kbRan=3) and [the vendor notes](https://example.com/notes).',
  ].join('\n')
  const other = `Second site asks the same ${stamp}`
  await openIncident(page, {
    customer: 'Acme Mail',
    category: 'question',
    subject: other,
    description: 'Same question from another site.',
  })
  const subject = `Relay stops after an update ${stamp}`
  await openIncident(page, { customer: 'Acme Mail', category: 'question', subject, description: body })

  // written from the incident's answer (here its description): the incident's Knowledge panel links to it
  const panel = page.getByRole('region', { name: 'Knowledge base' })
  const title = `Relay stops after update ${stamp}`
  await panel.getByLabel('New article title').fill(title)
  await panel.getByRole('button', { name: 'Create from this answer' }).click()
  await panel.getByRole('link', { name: title }).click()
  await expect(page.locator('#article-title')).toHaveText(title)
  await expect(page.getByTestId('created-from')).toContainText(subject)

  // offline: the search runs over the local copy
  await page.getByRole('link', { name: '← Knowledge base' }).click()
  await context.setOffline(true)
  await expect(page.getByText('Offline', { exact: true })).toBeVisible()
  const search = page.getByLabel('Search articles')
  await search.fill(word)
  const results = page.getByTestId('kb-result')
  await expect(results).toHaveCount(1)
  await expect(results.first()).toContainText(title)
  await shot(page, 'kb-list')
  // a word of the body finds it too, with an excerpt
  await search.fill(`relay service ${word}`)
  await expect(results).toHaveCount(1)
  await expect(results.first()).toContainText('Restart the relay service, then check delivery.log')
  await search.fill(`${word} nosuchwordanywhere`)
  await expect(results).toHaveCount(0)
  await expect(page.getByText('No article matches.')).toBeVisible()
  await search.fill(word)
  await results.first().getByRole('link', { name: title }).click()

  // rendered safely: formatting kept, the script and the handler shown as text, nothing ran
  const rendered = page.getByTestId('article-body')
  await expect(rendered.locator('h2')).toHaveText(`Fixing the ${word} relay`)
  await expect(rendered.locator('strong')).toHaveText('relay service')
  await expect(rendered).toContainText('<script>window.__kbRan = 1; alert("script ran")</script>')
  await expect(rendered).toContainText('<img src="x" onerror="window.__kbRan = 2">')
  await expect(rendered.locator('script, img, [onerror]')).toHaveCount(0)
  await expect(rendered.locator('a')).toHaveCount(1)
  await expect(rendered.locator('a')).toHaveAttribute('href', 'https://example.com/notes')
  await expect(rendered).toContainText('[click me](javascript:window.__kbRan=3)')
  expect(await page.evaluate(() => window.__kbRan)).toBeUndefined()
  expect(dialogs).toEqual([])

  // linked to the other incident (offline too: it is sent when the desk is back online)
  const linkForm = page.getByRole('form', { name: 'Link to an incident' })
  await linkForm.getByLabel('Find an incident (subject or short id)').fill(other)
  await expect(linkForm.getByLabel('Incident', { exact: true })).toContainText(other)
  await linkForm.getByRole('button', { name: 'Link to incident' }).click()
  const linked = page.getByTestId('linked-incidents')
  await expect(linked.getByRole('link')).toHaveCount(2)
  await expect(linked).toContainText(other)
  await shotFromTop(page, 'kb-article')

  await context.setOffline(false)
  await expect(page.getByTestId('last-sync')).toContainText('Synced', { timeout: 20_000 })
  await linked.getByRole('link', { name: new RegExp(other) }).click()
  await expect(page.locator('#incident-title')).toHaveText(other)
  await expect(
    page.getByRole('region', { name: 'Knowledge base' }).getByRole('link', { name: title }),
  ).toBeVisible()
  expect(await page.evaluate(() => window.__kbRan)).toBeUndefined()
})

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' })

  test('write and edit an article with tags; filter by tag; export what is shown', async ({ page }) => {
    await signIn(page)
    await page.getByRole('link', { name: 'Knowledge base' }).click()
    await expect(page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible()
    const stamp = Date.now()
    const tag = `relay-${stamp}`
    await page.getByRole('button', { name: 'New article' }).click()
    const form = page.getByRole('form', { name: 'Create article' })
    const title = `Raising the relay limit ${stamp}`
    await form.getByLabel('Title').fill(title)
    await form.getByLabel('Tags (comma-separated)').fill(`${tag}, limits`)
    await form.getByLabel('Status', { exact: true }).selectOption('published')
    await form
      .getByLabel('Body (markdown)')
      .fill('Open **Settings**, then:\n\n1. Relay\n2. Limits\n\n> Keep a backup first.\n\n```\nmax = 50\n```')
    await form.getByRole('button', { name: 'Create article' }).click()
    await expect(page.locator('#article-title')).toHaveText(title)
    await expect(page.getByTestId('article-status')).toHaveText('Published')
    await expect(page.getByTestId('article-body').locator('ol li')).toHaveCount(2)

    await page.getByRole('button', { name: 'Edit article' }).click()
    const edit = page.getByRole('form', { name: 'Save article' })
    await edit.getByLabel('Title').fill(`${title} (v2)`)
    await edit.getByRole('button', { name: 'Save article' }).click()
    await expect(page.locator('#article-title')).toHaveText(`${title} (v2)`)
    await shotFromTop(page, 'kb-article')

    await page.getByRole('link', { name: '← Knowledge base' }).click()
    const results = page.getByTestId('kb-result')
    await expect(results.first()).toBeVisible()
    await page.getByLabel('Tag', { exact: true }).selectOption(tag)
    await expect(results).toHaveCount(1)
    await expect(results.first()).toContainText(`${title} (v2)`)
    await page.getByLabel('Tag', { exact: true }).selectOption('')
    await page.getByLabel('Status', { exact: true }).selectOption('published')
    const shown = await results.count()
    expect(shown).toBeGreaterThan(1)
    await shot(page, 'kb-list')

    const { lines } = await exportCsv(page)
    expect(lines[0]).toBe('Title,Status,Tags,Linked incidents,Created from incident,Created at')
    expect(lines).toHaveLength(shown + 1)
    expect(lines.slice(1).every((l) => l.includes(',published,'))).toBe(true)
  })
})
