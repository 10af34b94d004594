import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createCredentialStore,
  decryptFailedMessage,
  insecureBackendMessage,
  type SafeStorageLike,
} from './credentials'

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'caseload-credentials-'))
  file = path.join(dir, 'credentials.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A reversible stand-in for safeStorage (the real one needs the Electron binary and an OS keychain). */
function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain: string) => Buffer.from(`enc:${plain}`).reverse(),
    decryptString: (encrypted: Buffer) => {
      const plain = Buffer.from(encrypted).reverse().toString()
      if (!plain.startsWith('enc:'))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      return plain.slice(4)
    },
    ...overrides,
  }
}

describe('credential storage with safeStorage', () => {
  it('saves, loads and clears the refresh token per server, never in clear text', async () => {
    const store = createCredentialStore({ file, safeStorage: fakeSafeStorage(), platform: 'linux' })
    expect(await store.save('http://127.0.0.1:4870/', 'refresh-a')).toEqual({ ok: true })
    expect(await store.save('https://caseload.example.com', 'refresh-b')).toEqual({ ok: true })
    expect(await store.load('http://127.0.0.1:4870')).toEqual({ ok: true, value: 'refresh-a' })
    expect(await store.load('https://caseload.example.com/')).toEqual({ ok: true, value: 'refresh-b' })
    expect(await store.load('https://other.example.com')).toEqual({ ok: true, value: null })
    expect(await readFile(file, 'utf8')).not.toContain('refresh-a')

    expect(await store.clear('http://127.0.0.1:4870')).toEqual({ ok: true })
    expect(await store.load('http://127.0.0.1:4870')).toEqual({ ok: true, value: null })
    expect(await store.load('https://caseload.example.com')).toEqual({ ok: true, value: 'refresh-b' })
  })

  it('keeps both entries when two saves race', async () => {
    const store = createCredentialStore({ file, safeStorage: fakeSafeStorage(), platform: 'darwin' })
    await Promise.all([store.save('https://a.example.com', 'a'), store.save('https://b.example.com', 'b')])
    expect(await store.load('https://a.example.com')).toEqual({ ok: true, value: 'a' })
    expect(await store.load('https://b.example.com')).toEqual({ ok: true, value: 'b' })
  })

  it('describes the keychain it uses', () => {
    const info = createCredentialStore({ file, safeStorage: fakeSafeStorage(), platform: 'darwin' }).info()
    expect(info).toEqual({
      kind: 'os-keychain',
      persistent: true,
      description: expect.stringContaining('Keychain'),
    })
  })

  it('refuses invalid input', async () => {
    const store = createCredentialStore({ file, safeStorage: fakeSafeStorage(), platform: 'linux' })
    expect(await store.save('file:///etc', 'x')).toMatchObject({ ok: false, code: 'invalid-input' })
    expect(await store.save('https://a.example.com', '')).toMatchObject({ ok: false, code: 'invalid-input' })
    expect(await store.clear('javascript:alert(1)')).toMatchObject({ ok: false, code: 'invalid-input' })
  })
})

describe('the Linux basic_text backend', () => {
  const basicText = () =>
    createCredentialStore({
      file,
      safeStorage: fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }),
      platform: 'linux',
    })

  it('is refused with a message that says what to do', async () => {
    const store = basicText()
    const result = await store.save('http://127.0.0.1:4870', 'refresh')
    expect(result).toEqual({ ok: false, code: 'insecure-backend', message: insecureBackendMessage })
    expect(insecureBackendMessage).toMatch(
      /^Your desktop has no secure password store \(.*\); Caseload will not save your sign-in\./,
    )
    expect(insecureBackendMessage).toContain('Install/unlock GNOME Keyring or KWallet, or sign in each time.')
    expect(await store.load('http://127.0.0.1:4870')).toMatchObject({ ok: false, code: 'insecure-backend' })
    await expect(readdir(dir)).resolves.toEqual([])
  })

  it('is reported by info() as not persistent, for the UI', () => {
    expect(basicText().info()).toEqual({
      kind: 'os-keychain',
      persistent: false,
      description: insecureBackendMessage,
    })
  })

  it('does not matter on other platforms', async () => {
    const store = createCredentialStore({
      file,
      safeStorage: fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }),
      platform: 'win32',
    })
    expect(await store.save('http://127.0.0.1:4870', 'refresh')).toEqual({ ok: true })
  })
})

describe('failures never wipe data', () => {
  it('reports decrypt-failed and leaves the file byte for byte as it was', async () => {
    const writer = createCredentialStore({ file, safeStorage: fakeSafeStorage(), platform: 'linux' })
    await writer.save('http://127.0.0.1:4870', 'refresh')
    const before = await readFile(file)

    const reader = createCredentialStore({
      file,
      safeStorage: fakeSafeStorage({
        decryptString: () => {
          throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
        },
      }),
      platform: 'linux',
    })
    expect(await reader.load('http://127.0.0.1:4870')).toEqual({
      ok: false,
      code: 'decrypt-failed',
      message: decryptFailedMessage,
    })
    expect(await readFile(file)).toEqual(before)
    // once the keychain is back, the token is still there
    expect(await writer.load('http://127.0.0.1:4870')).toEqual({ ok: true, value: 'refresh' })
  })

  it('reports an unreadable file as decrypt-failed on load, and moves it aside (not deletes) on save', async () => {
    await writeFile(file, '{ not json')
    const store = createCredentialStore({
      file,
      safeStorage: fakeSafeStorage(),
      platform: 'linux',
      now: () => new Date('2026-01-02T03:04:05.000Z'),
    })
    expect(await store.load('http://127.0.0.1:4870')).toMatchObject({ ok: false, code: 'decrypt-failed' })
    expect(await readFile(file, 'utf8')).toBe('{ not json')
    expect(await store.save('http://127.0.0.1:4870', 'refresh')).toEqual({ ok: true })
    const aside = (await readdir(dir)).find((name) => name.includes('unreadable'))
    expect(aside).toBeDefined()
    expect(await readFile(path.join(dir, aside ?? ''), 'utf8')).toBe('{ not json')
  })

  it('says the keychain is unavailable instead of writing anything', async () => {
    const encryptString = vi.fn()
    const store = createCredentialStore({
      file,
      safeStorage: fakeSafeStorage({ isEncryptionAvailable: () => false, encryptString }),
      platform: 'darwin',
    })
    expect(await store.save('http://127.0.0.1:4870', 'refresh')).toMatchObject({
      ok: false,
      code: 'unavailable',
    })
    expect(encryptString).not.toHaveBeenCalled()
    expect(store.info().persistent).toBe(false)
  })
})
