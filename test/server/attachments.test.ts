/**
 * Attachments over real HTTP on SQLite and PostgreSQL: upload (raw body), idempotent re-upload, the size limit
 * (413 naming it, nothing kept), authorisation by the customer's team with no existence oracle, and the
 * download's headers.
 */
import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialects, stopPostgres } from '../support/databases'
import { api, loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { licensedCustomer } from '../support/bench-server'
import { newId, TestClient } from '../support/sync-client'

afterAll(stopPostgres)

const limit = 64 * 1024

interface Upload {
  token: string
  id?: string
  customerId: string
  fileName?: string
  body: BodyInit
  contentType?: string
}

describe.each(dialects)('attachments on %s', (dialect) => {
  let t: TestServer
  let alice: string
  let bob: string
  let admin: string
  let redCustomer: string
  let blueCustomer: string
  let redTeam: string

  beforeAll(async () => {
    t = await startTestServer(dialect, { attachmentLimitBytes: limit })
    const teams = await seedUsers(t.db)
    redTeam = teams.red.id
    admin = (await loginAs(t.url, 'admin')).accessToken
    alice = (await loginAs(t.url, 'alice')).accessToken
    bob = (await loginAs(t.url, 'bob')).accessToken
    redCustomer = newId()
    blueCustomer = newId()
    const c = new TestClient(t.url, admin)
    await c.pushOk([
      c.mutation('customer.create', { id: redCustomer, name: 'Red Ltd', teamId: teams.red.id }),
      c.mutation('customer.create', { id: blueCustomer, name: 'Blue Ltd', teamId: teams.blue.id }),
    ])
  })
  afterAll(async () => t?.close())

  function upload(u: Upload): Promise<Response> {
    const id = u.id ?? newId()
    const q = new URLSearchParams({ customerId: u.customerId, fileName: u.fileName ?? 'server.log' })
    return fetch(`${t.url}/v1/attachments/${id}?${q}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': u.contentType ?? 'text/plain' },
      body: u.body,
      // a streamed body needs half-duplex in Node's fetch
      ...(u.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit)
  }

  function contentFiles(): string[] {
    const dir = join(t.fresh.dataDir, 'attachments')
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && !e.parentPath.endsWith('tmp'))
        .map((e) => e.name)
    } catch {
      return []
    }
  }

  it('stores an upload and gives it back byte for byte, as a download with safe headers', async () => {
    const id = newId()
    const bytes = 'ERROR 12:00:01 S.O.R. logs analysis\n<script>alert(1)</script>\n'
    const put = await upload({
      token: alice,
      id,
      customerId: redCustomer,
      fileName: '../sor 1.log',
      body: bytes,
    })
    expect(put.status).toBe(200)
    const meta = await put.json()
    expect(meta).toMatchObject({
      id,
      fileName: 'sor 1.log',
      mediaType: 'text/plain',
      size: Buffer.byteLength(bytes),
      customerId: redCustomer,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })
    const get = await fetch(`${t.url}/v1/attachments/${id}`, {
      headers: { authorization: `Bearer ${alice}` },
    })
    expect(get.status).toBe(200)
    expect(await get.text()).toBe(bytes)
    expect(get.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(get.headers.get('content-disposition')).toBe(
      `attachment; filename="sor 1.log"; filename*=UTF-8''sor%201.log`,
    )
    expect(get.headers.get('x-content-type-options')).toBe('nosniff')
    expect(get.headers.get('content-security-policy')).toContain('sandbox')
  })

  it('never serves HTML as a page, and keeps a JSON file as bytes rather than parsing it', async () => {
    const html = newId()
    expect(
      (
        await upload({
          token: alice,
          id: html,
          customerId: redCustomer,
          fileName: 'x.html',
          body: '<h1>hi</h1>',
          contentType: 'text/html',
        })
      ).status,
    ).toBe(200)
    const get = await fetch(`${t.url}/v1/attachments/${html}`, {
      headers: { authorization: `Bearer ${alice}` },
    })
    expect(get.headers.get('content-type')).not.toContain('html')

    const json = newId()
    const text = '{"not": "parsed",'
    const put = await upload({
      token: alice,
      id: json,
      customerId: redCustomer,
      fileName: 'broken.json',
      body: text,
      contentType: 'application/json',
    })
    expect(put.status).toBe(200)
    const back = await fetch(`${t.url}/v1/attachments/${json}`, {
      headers: { authorization: `Bearer ${alice}` },
    })
    // JSON is text-like (shared isTextLike): read as plain text, never parsed nor run
    expect(back.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await back.text()).toBe(text)
  })

  it('a re-upload of the same id and content is the same upload; other content under that id is refused', async () => {
    const id = newId()
    const first = await upload({ token: alice, id, customerId: redCustomer, body: 'retry me' })
    const again = await upload({ token: alice, id, customerId: redCustomer, body: 'retry me' })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(await first.json())
    const other = await upload({ token: alice, id, customerId: redCustomer, body: 'something else' })
    expect(other.status).toBe(409)
    expect((await other.json()).error).toMatchObject({ code: 'duplicate-id', field: 'id' })
  })

  it('the same content under two ids is stored once', async () => {
    const before = contentFiles().length
    const body = `shared content ${newId()}`
    expect((await upload({ token: alice, customerId: redCustomer, body })).status).toBe(200)
    expect((await upload({ token: alice, customerId: redCustomer, fileName: 'copy.log', body })).status).toBe(
      200,
    )
    expect(contentFiles().length).toBe(before + 1)
  })

  it('refuses an upload over the limit with a 413 naming the limit, and records nothing', async () => {
    const id = newId()
    const before = contentFiles().length
    const res = await upload({ token: alice, id, customerId: redCustomer, body: new Uint8Array(limit + 1) })
    expect(res.status).toBe(413)
    expect((await res.json()).error).toEqual({
      code: 'attachment-too-large',
      message: 'The attachment is larger than the limit of 65536 bytes.',
    })
    expect(contentFiles().length).toBe(before)
    const get = await fetch(`${t.url}/v1/attachments/${id}`, {
      headers: { authorization: `Bearer ${alice}` },
    })
    expect(get.status).toBe(404)
  })

  it('enforces the limit while streaming a body that declares no length', async () => {
    const id = newId()
    const cap = 256 * 1024 * 1024
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 256 MiB in 64 KiB chunks, with no Content-Length: far more than any socket buffer holds
        if (sent >= cap) return controller.close()
        sent += 65536
        controller.enqueue(new Uint8Array(65536))
      },
    })
    const res = await upload({ token: alice, id, customerId: redCustomer, body: stream })
    // the server answers 413 as soon as the limit is passed and drops the connection: it never reads the rest
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('attachment-too-large')
    expect(sent).toBeLessThan(cap / 4)
    const get = await fetch(`${t.url}/v1/attachments/${id}`, {
      headers: { authorization: `Bearer ${alice}` },
    })
    expect(get.status).toBe(404)
  })

  it("another team's attachment answers exactly like an unknown one", async () => {
    const id = newId()
    expect((await upload({ token: alice, id, customerId: redCustomer, body: 'red only' })).status).toBe(200)
    const unknown = newId()
    const asBob = await api(t.url, 'GET', `/v1/attachments/${id}`, { token: bob })
    const missing = await api(t.url, 'GET', `/v1/attachments/${unknown}`, { token: bob })
    expect(asBob.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(asBob.body.error.message.replace(id, 'ID')).toBe(missing.body.error.message.replace(unknown, 'ID'))
    // an admin sees every customer's attachments
    expect((await api(t.url, 'GET', `/v1/attachments/${id}`, { token: admin })).status).toBe(200)
  })

  it("refuses an upload for another team's customer, or an unknown one, before reading it", async () => {
    const res = await upload({ token: bob, customerId: redCustomer, body: 'not yours' })
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatchObject({ code: 'not-found', field: 'customerId' })
    const unknown = await upload({ token: bob, customerId: newId(), body: 'nobody' })
    expect(unknown.status).toBe(404)
  })

  describe('on comments', () => {
    async function redIncident(c: TestClient): Promise<{ incidentId: string; customerId: string }> {
      const setup = licensedCustomer(c, redTeam, `Comment Co ${newId()}`, { name: 'Cy', email: 'cy@co.test' })
      const incidentId = newId()
      const res = await c.pushOk([
        ...setup.mutations,
        c.mutation('incident.open', {
          id: incidentId,
          customerId: setup.customerId,
          contactId: setup.contactId,
          licenseId: setup.licenseId,
          subject: 'Mail stuck',
          description: 'See the log.',
          severity: 'standard',
          category: 'question',
        }),
      ])
      expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied'])
      return { incidentId, customerId: setup.customerId }
    }

    it('a comment names uploaded attachments and its timeline event carries their name, type and size', async () => {
      const c = new TestClient(t.url, admin)
      const { incidentId, customerId } = await redIncident(c)
      const attachmentId = newId()
      const put = await upload({
        token: alice,
        id: attachmentId,
        customerId,
        fileName: 'sor.log',
        body: 'abc',
      })
      expect(put.status).toBe(200)
      const aliceClient = new TestClient(t.url, alice)
      const commentId = newId()
      const res = await aliceClient.pushOk([
        aliceClient.mutation('incident.comment', {
          id: commentId,
          incidentId,
          body: 'Log attached',
          visibility: 'internal',
          attachmentIds: [attachmentId],
        }),
      ])
      expect(res.results[0]!.status).toBe('applied')
      const reader = new TestClient(t.url, alice)
      await reader.pullAll()
      const event = reader.rowsOf('incidentEvents').find((e) => e.id === commentId)
      expect(event?.data).toEqual({
        first: false,
        attachmentIds: [attachmentId],
        attachments: [{ id: attachmentId, fileName: 'sor.log', mediaType: 'text/plain', size: 3 }],
      })
    })

    it("refuses a comment naming an attachment never uploaded, or another customer's, alike", async () => {
      const c = new TestClient(t.url, admin)
      const { incidentId } = await redIncident(c)
      const elsewhere = newId()
      // uploaded, but for another red customer: not this incident's
      expect(
        (await upload({ token: alice, id: elsewhere, customerId: redCustomer, body: 'other' })).status,
      ).toBe(200)
      const aliceClient = new TestClient(t.url, alice)
      const ids = [elsewhere, newId()]
      const res = await aliceClient.pushOk(
        ids.map((id) =>
          aliceClient.mutation('incident.comment', {
            id: newId(),
            incidentId,
            body: 'Where is it?',
            visibility: 'internal',
            attachmentIds: [id],
          }),
        ),
      )
      const errors = res.results.map((r) => r.error)
      for (const [i, e] of errors.entries()) {
        expect(e).toMatchObject({ code: 'not-found', field: 'args.attachmentIds.0' })
        expect(e.message).toBe(
          `No attachment ${ids[i]} was uploaded for this customer: upload the file before the comment.`,
        )
      }
    })
  })

  it('needs a signed-in caller and names a bad field', async () => {
    const anon = await fetch(`${t.url}/v1/attachments/${newId()}`)
    expect(anon.status).toBe(401)
    const bad = await fetch(`${t.url}/v1/attachments/${newId()}?fileName=x.log`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'text/plain' },
      body: 'x',
    })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.field).toBe('customerId')
  })
})
