/**
 * Ids of rows a mutator creates as a side effect (timeline events, an automatic revocation): they cannot come
 * from the args, so they are derived from a stable key (usually the mutation's identity "clientId#mid" plus a
 * tag). Same key, same id: the client's optimistic run, the server's run and any replay produce the same row.
 * Format: an RFC 9562 UUID, version 8 (custom), from a 128-bit FNV-1a hash of the key
 * (with a finalizer), so ids of similar keys differ everywhere.
 */

const fnvOffset = 0x6c62272e07bb014262b821756295c58dn
const fnvPrime = 0x0000000001000000000000000000013bn
const mask128 = (1n << 128n) - 1n

function fnv1a128(text: string): bigint {
  let h = fnvOffset
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * fnvPrime) & mask128
  }
  // finalizer: FNV leaves the last characters in the low bits only; spread them over the whole hash
  h ^= h >> 67n
  h = (h * 0x9e3779b97f4a7c15f39cc0605cedc835n) & mask128
  h ^= h >> 59n
  h = (h * 0xc2b2ae3d27d4eb4f165667b19e3779f9n) & mask128
  h ^= h >> 61n
  return h
}

export function derivedId(key: string): string {
  let h = fnv1a128(key)
  // version 8 in bits 76..79, variant 0b10 in bits 62..63
  h = (h & ~(0xfn << 76n)) | (0x8n << 76n)
  h = (h & ~(0x3n << 62n)) | (0x2n << 62n)
  const hex = h.toString(16).padStart(32, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
