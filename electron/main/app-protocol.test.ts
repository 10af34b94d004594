import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appEntryUrl,
  appSchemePrivileges,
  createAppProtocolHandler,
  registerAppProtocol,
  registerAppSchemeAsPrivileged,
  resolveAppPath,
} from './app-protocol'

let base: string
let root: string
const csp = "default-src 'self'; script-src 'self'"

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'caseload-protocol-'))
  root = path.join(base, 'renderer')
  await mkdir(path.join(root, 'assets'), { recursive: true })
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Caseload</title>')
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(path.join(root, 'assets', 'app.css'), 'body{}')
  // a secret next to the renderer folder, which no URL may reach
  await writeFile(path.join(base, 'secret.txt'), 'refresh token')
  await writeFile(path.join(base, 'renderer-secret.txt'), 'sibling with a shared prefix')
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const get = (url: string, method = 'GET') =>
  createAppProtocolHandler({ root, contentSecurityPolicy: csp })(new Request(url, { method }))

describe('the app:// scheme', () => {
  it('is registered as standard, secure and fetch-capable', () => {
    expect(appSchemePrivileges).toEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
    })
    expect(appSchemePrivileges.privileges).not.toHaveProperty('corsEnabled')
    expect(appSchemePrivileges.privileges).not.toHaveProperty('bypassCSP')
    const calls: unknown[] = []
    registerAppSchemeAsPrivileged({ registerSchemesAsPrivileged: (schemes) => calls.push(schemes) })
    expect(calls).toEqual([[appSchemePrivileges]])
    const handled: string[] = []
    registerAppProtocol({ handle: (scheme) => handled.push(scheme) }, { root, contentSecurityPolicy: csp })
    expect(handled).toEqual(['app'])
    expect(appEntryUrl).toBe('app://caseload/index.html')
  })
})

describe('serving the renderer', () => {
  it('serves index.html with the Content-Security-Policy header', async () => {
    const response = await get('app://caseload/index.html')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(csp)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<title>Caseload</title>')
  })

  it('serves assets with their type, and the root as index.html', async () => {
    const script = await get('app://caseload/assets/app.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
    expect((await get('app://caseload/assets/app.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    )
    expect(await (await get('app://caseload/')).text()).toContain('Caseload')
  })

  it('serves the entry page for a client-side route, and 404 for a missing file', async () => {
    expect(await (await get('app://caseload/incidents/42')).text()).toContain('Caseload')
    const missing = await get('app://caseload/assets/missing.js')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-security-policy')).toBe(csp)
  })

  it('refuses other hosts and methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(404)
    expect((await get('app://caseload/index.html', 'POST')).status).toBe(405)
  })
})

describe('path traversal', () => {
  it.each([
    'app://caseload/../secret.txt',
    'app://caseload/%2e%2e/secret.txt',
    'app://caseload/assets/..%2f..%2fsecret.txt',
    'app://caseload/..%2Fsecret.txt',
    'app://caseload/%2e%2e%2fsecret.txt',
    'app://caseload/assets/%2e%2e/%2e%2e/secret.txt',
    'app://caseload/..%5csecret.txt',
    'app://caseload/assets\\..\\..\\secret.txt',
    'app://caseload/%2Fetc%2Fpasswd',
    'app://caseload//etc/passwd',
    'app://caseload/C:%2Fwindows%2Fwin.ini',
    'app://caseload/index.html%00.js',
    'app://caseload/%E0%A4%A',
    'app://caseload/..%2f..%2frenderer-secret.txt',
  ])('never serves anything outside the renderer for %j', async (url) => {
    const response = await get(url)
    const body = await response.text()
    expect(body).not.toContain('refresh token')
    expect(body).not.toContain('sibling with a shared prefix')
    expect(body).not.toContain('root:')
  })

  it('refuses encoded traversal outright (403/400) rather than falling back', () => {
    expect(resolveAppPath(root, 'app://caseload/..%2fsecret.txt')).toMatchObject({ ok: false, status: 403 })
    expect(resolveAppPath(root, 'app://caseload/..%5csecret.txt')).toMatchObject({ ok: false, status: 400 })
    expect(resolveAppPath(root, 'app://caseload/a%00b.js')).toMatchObject({ ok: false, status: 400 })
    expect(resolveAppPath(root, 'app://caseload/%E0%A4%A')).toMatchObject({ ok: false, status: 400 })
    expect(resolveAppPath(root, 'app://caseload/C:%2Fwin.ini')).toMatchObject({ ok: false, status: 403 })
  })

  it('resolves ordinary paths inside the root', () => {
    expect(resolveAppPath(root, 'app://caseload/assets/app.js')).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'app.js'),
      spaFallback: false,
    })
  })
})
