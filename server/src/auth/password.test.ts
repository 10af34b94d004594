import { describe, expect, it } from 'vitest'
import { hashPassword, paramsOf, verifyAgainstDummy, verifyPassword } from './password'

const cheap = { N: 1024, r: 8, p: 1 }

describe('scrypt passwords', () => {
  it('verifies the right password only, with a fresh salt each time and the parameters in the hash', async () => {
    const a = await hashPassword('correct horse', cheap)
    const b = await hashPassword('correct horse', cheap)
    expect(a).not.toBe(b)
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/)
    expect(await verifyPassword('correct horse', a)).toBe(true)
    expect(await verifyPassword('correct horsE', a)).toBe(false)
  })

  it('the default cost is memory-hard (N = 2^15, r = 8: 32 MiB)', async () => {
    expect(await hashPassword('x')).toMatch(/^scrypt\$32768\$8\$1\$/)
  })

  it('a malformed stored hash never verifies', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false)
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false)
  })

  it('reads the cost a stored hash carries, for the dummy check of unknown usernames', async () => {
    expect(paramsOf(await hashPassword('x', cheap))).toEqual(cheap)
    expect(paramsOf('plain-text')).toBeUndefined()
    expect(await verifyAgainstDummy('caseload-dummy-password', cheap)).toBe(false)
    expect(await verifyAgainstDummy('', cheap)).toBe(false)
  })
})
