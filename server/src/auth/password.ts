/**
 * Password hashing with scrypt (memory-hard, in node:crypto: no native dependency to build on every platform).
 * The stored form carries its parameters, `scrypt$N$r$p$salt$hash`, so the cost can be raised later and old
 * hashes still verify. scrypt runs on libuv's thread pool: a login does not block the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export interface ScryptParams {
  N: number
  r: number
  p: number
}

/** 2^15 × 8 × 128 B = 32 MiB per hash: OWASP's floor for scrypt */
export const defaultParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 }
const keyLength = 32

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

export async function hashPassword(password: string, params: ScryptParams = defaultParams): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  )
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** the parameters a stored hash carries, or undefined if it is not one of ours */
export function paramsOf(stored: string): ScryptParams | undefined {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  return Number.isInteger(N) && Number.isInteger(r) && Number.isInteger(p) ? { N, r, p } : undefined
}

const dummyHashes = new Map<string, string>()
/**
 * Spends the time of one verification for an unknown username, with the cost the server's real hashes have
 * (`params`), so that response time does not tell an attacker which usernames exist. The dummy is a random salt
 * and a random key in the stored form: verifying it costs exactly one derivation, and no password matches it.
 */
export async function verifyAgainstDummy(
  password: string,
  params: ScryptParams = defaultParams,
): Promise<false> {
  const key = `${params.N}$${params.r}$${params.p}`
  let dummy = dummyHashes.get(key)
  if (dummy === undefined) {
    dummy = [
      'scrypt',
      key,
      randomBytes(16).toString('base64url'),
      randomBytes(keyLength).toString('base64url'),
    ].join('$')
    dummyHashes.set(key, dummy)
  }
  await verifyPassword(password, dummy)
  return false
}
