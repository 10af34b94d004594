/**
 * The server refresh token, encrypted with Electron's safeStorage (macOS Keychain, Windows DPAPI, the
 * Secret Service or KWallet on Linux) and kept in userData/credentials.json, one entry per server.
 *
 * Two promises: on Linux the "basic_text" backend (a hard-coded key, i.e. no protection) is refused with a
 * message the UI can show; and a failure to decrypt (the keychain changed, the profile was copied to
 * another machine) is reported as `decrypt-failed` and never deletes or rewrites anything.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { SafeStorage } from 'electron'
import type { CredentialReadResult, CredentialResult, CredentialStorageInfo } from '@shared/desktop/contract'
import { normaliseHttpUrl } from './config'

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>

export const insecureBackendMessage =
  'Your desktop has no secure password store (Electron could only find its unprotected "basic_text" ' +
  'fallback); Caseload will not save your sign-in. Install/unlock GNOME Keyring or KWallet, or sign in each time.'

export const unavailableMessage =
  'The system keychain is not available right now (it may be locked), so Caseload cannot save or read ' +
  'your sign-in. Unlock it and try again, or sign in each time.'

export const decryptFailedMessage =
  'Caseload could not read your saved sign-in (the system keychain may have changed). Please sign in ' +
  'again; your local data has not been touched.'

const invalidServerMessage = 'The server must be an http or https address.'

interface CredentialFile {
  version: 1
  /** normalised server URL → base64 of the safeStorage ciphertext */
  entries: Record<string, string>
}

type FileState = { kind: 'missing' } | { kind: 'unreadable' } | { kind: 'ok'; data: CredentialFile }

export interface CredentialStoreOptions {
  /** userData/credentials.json */
  file: string
  safeStorage: SafeStorageLike
  platform: NodeJS.Platform
  /** for the name of the moved-aside file; injected for tests */
  now?: () => Date
}

export interface CredentialStore {
  info(): CredentialStorageInfo
  save(server: string, refreshToken: string): Promise<CredentialResult>
  load(server: string): Promise<CredentialReadResult>
  clear(server: string): Promise<CredentialResult>
}

function keychainName(platform: NodeJS.Platform, backend: string): string {
  if (platform === 'darwin') return 'the macOS Keychain'
  if (platform === 'win32') return "your Windows account's protected storage"
  if (backend === 'gnome_libsecret') return 'the desktop keyring (Secret Service)'
  if (backend.startsWith('kwallet')) return 'KWallet'
  return "the system's password store"
}

function isCredentialFile(value: unknown): value is CredentialFile {
  if (typeof value !== 'object' || value === null) return false
  const { version, entries } = value as Record<string, unknown>
  return (
    version === 1 &&
    typeof entries === 'object' &&
    entries !== null &&
    !Array.isArray(entries) &&
    Object.values(entries).every((entry) => typeof entry === 'string')
  )
}

export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const { file, safeStorage, platform } = options
  const now = options.now ?? (() => new Date())

  const backend = () => (platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os')

  /** why encryption cannot be used right now, or null */
  function backendProblem(): { code: 'insecure-backend' | 'unavailable'; message: string } | null {
    if (platform === 'linux' && backend() === 'basic_text')
      return { code: 'insecure-backend', message: insecureBackendMessage }
    if (!safeStorage.isEncryptionAvailable()) return { code: 'unavailable', message: unavailableMessage }
    return null
  }

  async function readState(): Promise<FileState> {
    let raw: string
    try {
      raw = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
      return { kind: 'unreadable' }
    }
    try {
      const data: unknown = JSON.parse(raw)
      return isCredentialFile(data) ? { kind: 'ok', data } : { kind: 'unreadable' }
    } catch {
      return { kind: 'unreadable' }
    }
  }

  async function writeState(data: CredentialFile): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 })
    await rename(temporary, file)
  }

  // One operation at a time, so two saves cannot lose each other's entry.
  let queue: Promise<unknown> = Promise.resolve()
  function serialised<T>(operation: () => Promise<T>): Promise<T> {
    const result = queue.then(operation, operation)
    queue = result.catch(() => undefined)
    return result
  }

  return {
    info() {
      const problem = backendProblem()
      if (problem) return { kind: 'os-keychain', persistent: false, description: problem.message }
      return {
        kind: 'os-keychain',
        persistent: true,
        description: `Your sign-in is kept encrypted in ${keychainName(platform, backend())}.`,
      }
    },

    save(server, refreshToken) {
      return serialised(async (): Promise<CredentialResult> => {
        const problem = backendProblem()
        if (problem) return { ok: false, ...problem }
        const key = normaliseHttpUrl(server)
        if (!key) return { ok: false, code: 'invalid-input', message: invalidServerMessage }
        if (refreshToken === '')
          return { ok: false, code: 'invalid-input', message: 'The refresh token is empty.' }
        let encrypted: Buffer
        try {
          encrypted = safeStorage.encryptString(refreshToken)
        } catch (error) {
          return {
            ok: false,
            code: 'unavailable',
            message: `${unavailableMessage} (${(error as Error).message})`,
          }
        }
        const state = await readState()
        if (state.kind === 'unreadable') {
          // keep the unreadable file for inspection instead of overwriting it
          const stamp = now().toISOString().replace(/[:.]/g, '-')
          await rename(file, `${file}.unreadable-${stamp}`)
        }
        const entries = state.kind === 'ok' ? { ...state.data.entries } : {}
        entries[key] = encrypted.toString('base64')
        await writeState({ version: 1, entries })
        return { ok: true }
      })
    },

    load(server) {
      return serialised(async (): Promise<CredentialReadResult> => {
        const problem = backendProblem()
        if (problem) return { ok: false, ...problem }
        const key = normaliseHttpUrl(server)
        if (!key) return { ok: true, value: null }
        const state = await readState()
        if (state.kind === 'missing') return { ok: true, value: null }
        if (state.kind === 'unreadable')
          return { ok: false, code: 'decrypt-failed', message: decryptFailedMessage }
        const entry = state.data.entries[key]
        if (entry === undefined) return { ok: true, value: null }
        try {
          return { ok: true, value: safeStorage.decryptString(Buffer.from(entry, 'base64')) }
        } catch {
          // never delete or rewrite the entry: the keychain may come back (unlocked, restored)
          return { ok: false, code: 'decrypt-failed', message: decryptFailedMessage }
        }
      })
    },

    clear(server) {
      return serialised(async (): Promise<CredentialResult> => {
        const key = normaliseHttpUrl(server)
        if (!key) return { ok: false, code: 'invalid-input', message: invalidServerMessage }
        const state = await readState()
        if (state.kind !== 'ok' || !(key in state.data.entries)) return { ok: true }
        const entries = { ...state.data.entries }
        delete entries[key]
        await writeState({ version: 1, entries })
        return { ok: true }
      })
    },
  }
}
